import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sendJson } from '../../../adapters/http/server.js';
import { useHttpServers } from '../../support/http.js';

const { start, rawClient } = useHttpServers();

describe('HttpServer', () => {
  describe('healthz', () => {
    it('answers 503 until health says ok, then 200 with the report', async () => {
      const { server, url } = await start();
      expect((await fetch(`${url}/healthz`)).status).toBe(503);
      server.setHealth(() => ({ ok: true, documents: 1 }));
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, documents: 1 });
    });
  });

  describe('route', () => {
    it('dispatches by method and path, 404 and 405 otherwise', async () => {
      const { server, url } = await start();
      server.route('POST', '/echo', (req, res) => sendJson(res, 200, { body: req.rawBody.toString() }));
      expect(await (await fetch(`${url}/echo?x=1`, { method: 'POST', body: 'hi' })).json()).toEqual({ body: 'hi' });
      expect((await fetch(`${url}/echo`)).status).toBe(405);
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    });

    it('answers 500 when a handler throws, and keeps serving', async () => {
      const { server, url } = await start();
      server.route('GET', '/boom', () => {
        throw new Error('boom');
      });
      server.setHealth(() => ({ ok: true }));
      expect((await fetch(`${url}/boom`)).status).toBe(500);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  });

  describe('close', () => {
    it('stops accepting connections but finishes the request in flight', async () => {
      const { server, url } = await start();
      let release!: () => void;
      const entered = new Promise<void>((resolve) => {
        server.route('GET', '/slow', async (_req, res) => {
          resolve();
          await new Promise<void>((r) => (release = r));
          sendJson(res, 200, { done: true });
        });
      });
      const slow = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`${url}/slow`, { agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        })
          .on('error', reject)
          .end();
      });
      await entered;
      const closed = server.close(3000);
      // First it drains: still answering, but telling load balancers it is going (and closing each connection).
      const draining = await fetch(`${url}/healthz`);
      expect([draining.status, draining.headers.get('connection'), await draining.json()]).toEqual([
        503,
        'close',
        { ok: false, status: 'shutting down' },
      ]);
      // Then, once no new connection came for a moment, it stops accepting.
      await new Promise((r) => setTimeout(r, 400));
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      release();
      expect(await slow).toEqual({ status: 200, body: '{"done":true}' });
      await closed;
    });
  });

  describe('graceful close', () => {
    it('answers connections that were open but had not sent their request yet, with Connection: close', async () => {
      const { server, port } = await start();
      server.setHealth(() => ({ ok: true }));
      server.route('GET', '/work', (_req, res) => sendJson(res, 200, { done: true }));
      const clients = await Promise.all(Array.from({ length: 20 }, () => rawClient(port)));
      await new Promise((r) => setTimeout(r, 50));
      const closed = server.close(3000);
      await new Promise((r) => setTimeout(r, 50));
      for (const client of clients) client.socket.write('GET /work HTTP/1.1\r\nhost: x\r\n\r\n');
      await Promise.all(clients.map((c) => c.closed));
      for (const client of clients) {
        expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
        expect(client.received().toLowerCase()).toContain('connection: close');
      }
      await closed;
    });

    it('waits for tracked follow-up work before it resolves', async () => {
      const { server } = await start();
      let finished = false;
      server.track(new Promise<void>((r) => setTimeout(r, 200)).then(() => (finished = true)));
      await server.close(3000);
      expect(finished).toBe(true);
    });
  });
});
