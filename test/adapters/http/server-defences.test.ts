import { describe, expect, it } from 'vitest';
import { checkTimestamp, HttpServer, sendJson } from '../../../adapters/http/server.js';
import { useHttpServers } from '../../support/http.js';

const { start, rawClient } = useHttpServers();

describe('HttpServer', () => {
  describe('refusing hostile clients', () => {
    const guarded = (server: HttpServer, handled: string[]) =>
      server.route(
        'POST',
        '/signed',
        (req, res) => {
          handled.push(req.rawBody.toString());
          sendJson(res, 200, { ok: true });
        },
        {
          bodyLimit: 1000,
          precheck: (req) =>
            req.headers['x-sig']
              ? checkTimestamp(req.headers['x-ts'] as string | undefined, Math.floor(Date.now() / 1000))
              : 'no signature',
          verify: (req, body) => (req.headers['x-sig'] === `ok:${body.length}` ? undefined : 'bad signature'),
          replayKey: (req) => req.headers['x-sig'] as string,
        },
      );
    const now = () => String(Math.floor(Date.now() / 1000));

    it('refuses missing signature headers (401) before the body arrives', async () => {
      const { server, port } = await start();
      const handled: string[] = [];
      guarded(server, handled);
      const client = await rawClient(port);
      // Headers announce a 1 MB body that never comes: the answer must not wait for it.
      client.socket.write('POST /signed HTTP/1.1\r\nhost: x\r\ncontent-length: 1000000\r\n\r\nabc');
      await client.closed;
      expect(client.received()).toMatch(/^HTTP\/1\.1 401/);
      expect(client.received().toLowerCase()).toContain('connection: close');
      expect(handled).toEqual([]);
    });

    it('refuses a timestamp more than five minutes off, in the past or in the future, before the body', async () => {
      const { server, url } = await start();
      const handled: string[] = [];
      guarded(server, handled);
      for (const skew of [-305, 305, 365 * 24 * 3600]) {
        const ts = String(Math.floor(Date.now() / 1000) + skew);
        const res = await fetch(`${url}/signed`, { method: 'POST', body: 'x', headers: { 'x-sig': 'ok:1', 'x-ts': ts } });
        expect(res.status).toBe(401);
      }
      const fine = await fetch(`${url}/signed`, {
        method: 'POST',
        body: 'x',
        headers: { 'x-sig': 'ok:1', 'x-ts': String(Math.floor(Date.now() / 1000) + 200) },
      });
      expect(fine.status).toBe(200);
      expect(handled).toEqual(['x']);
    });

    it("refuses a body over the route's limit (413), announced or not", async () => {
      const { server, url, port } = await start();
      const handled: string[] = [];
      guarded(server, handled);
      const announced = await rawClient(port);
      announced.socket.write(`POST /signed HTTP/1.1\r\nhost: x\r\nx-sig: ok:2000\r\nx-ts: ${now()}\r\ncontent-length: 2000\r\n\r\n`);
      await announced.closed;
      expect(announced.received()).toMatch(/^HTTP\/1\.1 413/);
      const chunked = await fetch(`${url}/signed`, {
        method: 'POST',
        headers: { 'x-sig': 'ok:2000', 'x-ts': now() },
        body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(2000)), c.close()) }),
        duplex: 'half',
      } as RequestInit).catch((error: Error) => error);
      if (chunked instanceof Response) expect(chunked.status).toBe(413);
      expect(handled).toEqual([]);
    });

    it('refuses a bad signature after reading the body (401), without calling the handler', async () => {
      const { server, url } = await start();
      const handled: string[] = [];
      guarded(server, handled);
      const res = await fetch(`${url}/signed`, { method: 'POST', body: 'abc', headers: { 'x-sig': 'ok:9', 'x-ts': now() } });
      expect(res.status).toBe(401);
      expect(handled).toEqual([]);
    });

    it('acts on a repeated request once: the repeat is acknowledged (200) and not handled', async () => {
      const { server, url } = await start();
      const handled: string[] = [];
      guarded(server, handled);
      const send = () => fetch(`${url}/signed`, { method: 'POST', body: 'abc', headers: { 'x-sig': 'ok:3', 'x-ts': now() } });
      const first = await send();
      const again = await Promise.all([send(), send()]);
      expect(first.status).toBe(200);
      expect(again.map((r) => [r.status, r.headers.get('x-redline-duplicate')])).toEqual([
        [200, '1'],
        [200, '1'],
      ]);
      expect(handled).toEqual(['abc']);
    });

    it('closes a connection whose headers are too slow, at the configured timeout', async () => {
      const { port } = await start({ headersTimeoutMs: 200 });
      const client = await rawClient(port);
      client.socket.write('POST /signed HTTP/1.1\r\nhost: x\r\n');
      const timer = setInterval(() => client.socket.write('x-slow: 1\r\n'), 50);
      await client.closed;
      clearInterval(timer);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408|^$/);
    });

    it('answers 408 to a body that is too slow, at the configured timeout', async () => {
      const { server, port } = await start({ bodyTimeoutMs: 200 });
      const handled: string[] = [];
      guarded(server, handled);
      const client = await rawClient(port);
      client.socket.write(`POST /signed HTTP/1.1\r\nhost: x\r\nx-sig: ok:10\r\nx-ts: ${now()}\r\ncontent-length: 10\r\n\r\na`);
      const timer = setInterval(() => client.socket.write('b'), 50);
      await client.closed;
      clearInterval(timer);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
      expect(handled).toEqual([]);
    });
  });

  describe('overload', () => {
    it('refuses requests beyond the in-flight cap at once (503 with Retry-After) and keeps /healthz answering', async () => {
      const { server, url } = await start({ maxInFlight: 2 });
      server.setHealth(() => ({ ok: true }));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      server.route('GET', '/slow', async (_req, res) => {
        await gate;
        sendJson(res, 200, { done: true });
      });
      const held = [fetch(`${url}/slow`), fetch(`${url}/slow`)];
      await new Promise((r) => setTimeout(r, 100));
      const refused = await fetch(`${url}/slow`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      release();
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      expect((await fetch(`${url}/slow`)).status).toBe(200);
    });

    it('under pressure (more connections than it handles at once), refuses a request already past the deadline by its signed time', async () => {
      const { server, url, port } = await start({ maxInFlight: 2 });
      const handled: string[] = [];
      server.route('POST', '/signed', (req, res) => (handled.push(req.rawBody.toString()), sendJson(res, 200, { ok: true })), {
        sentAt: (req) => Number(req.headers['x-sent']),
      });
      const post = (sent: number) => fetch(`${url}/signed`, { method: 'POST', body: String(sent), headers: { 'x-sent': String(sent) } });
      // Few connections: an old request costs nothing and is answered.
      expect((await post(Date.now() - 10_000)).status).toBe(200);
      const waiting = await Promise.all([rawClient(port), rawClient(port), rawClient(port)]);
      const late = await post(Date.now() - 3000);
      expect([late.status, late.headers.get('retry-after')]).toEqual([503, '1']);
      expect((await post(Date.now() - 100)).status).toBe(200);
      expect(handled).toHaveLength(2);
      for (const c of waiting) c.socket.destroy();
    });

    it('closes connections beyond the connection cap at once', async () => {
      const { port } = await start({ maxConnections: 2 });
      const kept = [await rawClient(port), await rawClient(port)];
      const extra = await rawClient(port);
      await extra.closed;
      expect(extra.received()).toBe('');
      expect(kept.every((c) => !c.socket.destroyed)).toBe(true);
    });
  });
});
