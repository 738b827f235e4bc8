import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, readBody, sendJson } from '../../adapters/http.js';
import { silentLogger } from '../../src/log.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close(100);
  server = undefined;
});

async function start(): Promise<{ server: HttpServer; url: string }> {
  server = new HttpServer(silentLogger);
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}` };
}

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
      server.route('POST', '/echo', async (req, res) => sendJson(res, 200, { body: (await readBody(req)).toString() }));
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
      await new Promise((r) => setTimeout(r, 50));
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      release();
      expect(await slow).toEqual({ status: 200, body: '{"done":true}' });
      await closed;
    });
  });
});
