import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/log.js';

/** Handles one request on a mounted path. The raw body is left unread for the handler (signatures need it). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The largest request body any route accepts (Slack and Discord payloads are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

/**
 * The one HTTP server: Slack's receiver, Discord interactions and `/healthz` share it.
 * Platforms mount their routes; `/healthz` answers 200 once `health()` says ok.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly server: Server;
  private health: () => HealthReport = () => ({ ok: false, status: 'starting' });
  private inFlight = 0;

  constructor(private readonly log: Logger) {
    this.server = createServer((req, res) => this.dispatch(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  /** Mounts a handler at `METHOD /path` (exact path; the query string is ignored). */
  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** Sets what `/healthz` reports. */
  setHealth(report: () => HealthReport): void {
    this.health = report;
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** Stops accepting connections and waits (up to `graceMs`) for requests in flight. */
  async close(graceMs = 4000): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.server.closeAllConnections();
    await closed;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        const report = this.health();
        return sendJson(res, report.ok ? 200 : 503, report);
      }
      const handler = this.routes.get(`${req.method} ${path}`);
      if (!handler) {
        const allowed = [...this.routes.keys()].some((key) => key.endsWith(` ${path}`));
        return sendJson(res, allowed ? 405 : 404, { error: allowed ? 'method not allowed' : 'not found' });
      }
      await handler(req, res);
    } catch (error) {
      this.log.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a request body as a Buffer, refusing more than `MAX_BODY_BYTES`. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}
