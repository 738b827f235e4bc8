import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log.js';
import { RecentKeys, type SeenRequests } from '../../src/service/recent.js';
import { BodyError, MAX_BODY_BYTES, readBody } from './request.js';
import { LoopLag } from './loop-lag.js';
import { Replays } from './replays.js';
import { InFlight } from './shutdown.js';

export { BodyError, checkTimestamp, header, MAX_BODY_BYTES, readBody } from './request.js';

/** A request whose body the server has read (and checked) for the handler; Bolt's receiver reuses `rawBody`. */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

/** Handles one request on a mounted path, with its body already read. */
export type RouteHandler = (req: BufferedRequest, res: ServerResponse) => void | Promise<void>;

/** Slack and Discord stop waiting after three seconds: a request not started by this mark is refused. */
export const DEADLINE_MS = 2500;

/** What a route checks before its handler runs; every check answers on its own and never reads more than it must. */
export interface RouteOptions {
  /** The largest body accepted, in bytes; a larger one is refused (413) as soon as it is seen. Default `MAX_BODY_BYTES`. */
  bodyLimit?: number;
  /** Looks at the headers before any of the body is read: a reason refuses the request (401). */
  precheck?: (req: IncomingMessage) => string | undefined;
  /** Checks the body against the headers (the signature): a reason refuses the request (401). */
  verify?: (req: IncomingMessage, body: Buffer) => string | undefined;
  /** What makes two deliveries the same request (its signature): a repeat within the replay window is answered 200 and not handled. */
  replayKey?: (req: IncomingMessage) => string | undefined;
  /** A request that could not start within this many ms of being sent is refused (503): the platform has given up on it. Default 2500. */
  deadlineMs?: number;
  /**
   * When the platform sent the request, in ms (its signed timestamp). Under pressure (more connections
   * open than `maxInFlight`) a request already past `deadlineMs` is refused before its body is read.
   */
  sentAt?: (req: IncomingMessage) => number | undefined;
}

/** Limits of the server; every one has a default sized for chat platforms (they answer in seconds, not minutes). */
export interface HttpServerOptions {
  /** Time a client has to send the request headers, ms. Default 5000. */
  headersTimeoutMs?: number;
  /** Time a client has to send the body once the headers are in, ms. Default 5000. */
  bodyTimeoutMs?: number;
  /** Open connections beyond this are closed at once. Default 4096. */
  maxConnections?: number;
  /** Requests being handled at once beyond this are refused (503) until some finish; `/healthz` is exempt. Default 64. */
  maxInFlight?: number;
  /** How long a repeat of a request is recognised, ms: the platforms' five minutes, plus a minute of clock skew. Default 360000. */
  replayWindowMs?: number;
  /**
   * On close, how long to keep accepting (answering with `Connection: close`, `/healthz` 503) so a load
   * balancer stops sending before the listener closes; cut short after 200 ms without a new connection.
   * Connections still queued in the kernel when a listener closes are reset. Default 1000.
   */
  drainMs?: number;
  /** Where seen requests are remembered. Default: in this process (100,000 at most). */
  seen?: SeenRequests;
}

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

interface Route {
  handler: RouteHandler;
  options: RouteOptions;
}

const defaults: Required<Omit<HttpServerOptions, 'seen'>> = {
  headersTimeoutMs: 5000,
  bodyTimeoutMs: 5000,
  maxConnections: 4096,
  maxInFlight: 64,
  replayWindowMs: 6 * 60_000,
  drainMs: 1000,
};

/**
 * The one HTTP server: Slack's receiver, Discord interactions and `/healthz` share it.
 * Platforms mount their routes; `/healthz` answers 200 once `health()` says ok.
 */
export class HttpServer {
  private readonly routes = new Map<string, Route>();
  private readonly server: Server;
  private readonly options: Required<Omit<HttpServerOptions, 'seen'>>;
  private readonly replays: Replays;
  private readonly inFlight: InFlight;
  private health: () => HealthReport = () => ({ ok: false, status: 'starting' });
  private readonly lag = new LoopLag();

  constructor(
    private readonly log: Logger,
    options: HttpServerOptions = {},
  ) {
    this.options = { ...defaults, ...options };
    this.replays = new Replays(options.seen ?? new RecentKeys(Date.now), this.options.replayWindowMs);
    const { headersTimeoutMs, bodyTimeoutMs } = this.options;
    this.server = createServer(
      // Node checks these timeouts every `connectionsCheckingInterval` (30 s by default): check often.
      {
        headersTimeout: headersTimeoutMs,
        requestTimeout: headersTimeoutMs + bodyTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
      },
      (req, res) => void this.dispatch(req, res),
    );
    this.server.keepAliveTimeout = 65_000;
    this.server.maxConnections = this.options.maxConnections;
    this.inFlight = new InFlight(this.server, log, this.options.drainMs);
  }

  /** Mounts a handler at `METHOD /path` (exact path; the query string is ignored). */
  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, { handler, options });
  }

  /** Sets what `/healthz` reports. */
  setHealth(report: () => HealthReport): void {
    this.health = report;
  }

  /** True the first time `key` is seen within the replay window (here, or on any replica sharing the store). */
  async firstTime(key: string): Promise<boolean> {
    return this.replays.first(key);
  }

  /** Keeps `close()` waiting for work that outlives its request (a post to Slack after the acknowledgement). */
  track<T>(work: Promise<T>): Promise<T> {
    return this.inFlight.track(work);
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // A deep accept queue: a burst of connections waits to be answered or refused instead of retrying its SYN.
      this.server.listen({ port, host, backlog: 4096 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.lag.start();
    return this.server.address() as AddressInfo;
  }

  /**
   * Stops accepting connections, answers what is in flight (with `Connection: close`), waits for
   * tracked follow-up work, all within `graceMs`; then closes whatever is left.
   */
  close(graceMs = 4000): Promise<void> {
    return this.inFlight.close(graceMs).finally(() => this.lag.stop());
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    this.inFlight.begin(req, res);
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        const report = this.inFlight.closing ? { ok: false, status: 'shutting down' } : this.health();
        return sendJson(res, report.ok ? 200 : 503, report);
      }
      const route = this.routes.get(`${req.method} ${path}`);
      if (!route) {
        const allowed = [...this.routes.keys()].some((key) => key.endsWith(` ${path}`));
        return refuse(res, allowed ? 405 : 404, allowed ? 'method not allowed' : 'not found');
      }
      // Past either mark a request would be answered after the platform stopped waiting: refuse it now, cheaply.
      if (this.inFlight.responses > this.options.maxInFlight || this.lag.behindMs > (route.options.deadlineMs ?? DEADLINE_MS) / 2)
        return shed(req, res, 'overloaded');
      const buffered = await this.admit(req, res, route.options, arrived);
      if (buffered) await route.handler(buffered, res);
    } catch (error) {
      this.log.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  }

  /** Runs a route's checks in order, cheapest first; answers and returns undefined when one refuses. */
  private async admit(
    req: IncomingMessage,
    res: ServerResponse,
    options: RouteOptions,
    arrived: number,
  ): Promise<BufferedRequest | undefined> {
    const limit = options.bodyLimit ?? MAX_BODY_BYTES;
    const early = options.precheck?.(req);
    if (early) {
      this.log.debug({ reason: early }, 'http: refused before reading the body');
      return void refuse(res, 401, 'invalid request signature');
    }
    const deadline = options.deadlineMs ?? DEADLINE_MS;
    // Queued behind many others, a request can wait past the platform's deadline before it is read; its
    // signed timestamp says so. (Without that pressure an old request is answered: it costs nothing.)
    const sent = options.sentAt?.(req);
    if (sent !== undefined && this.inFlight.connections > this.options.maxInFlight && Date.now() - sent > deadline)
      return void shed(req, res, 'too late to answer');
    if (Number(req.headers['content-length'] ?? 0) > limit) return void refuse(res, 413, 'request body too large');
    let body: Buffer;
    try {
      body = await readBody(req, limit, this.options.bodyTimeoutMs);
    } catch (error) {
      if (error instanceof BodyError) return void (error.status ? refuse(res, error.status, error.message) : req.socket.destroy());
      throw error;
    }
    if (Date.now() - arrived > deadline) return void shed(req, res, 'too late to answer');
    const bad = options.verify?.(req, body);
    if (bad) {
      this.log.debug({ reason: bad }, 'http: refused a request');
      return void refuse(res, 401, 'invalid request signature');
    }
    const key = options.replayKey?.(req);
    if (key !== undefined && !(await this.replays.first(key))) {
      this.log.info({ path: req.url }, 'http: a repeated request was acknowledged and not acted on');
      res.writeHead(200, { 'x-redline-duplicate': '1', 'content-length': 0 });
      return void res.end();
    }
    return Object.assign(req, { rawBody: body });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** `sendJson` of a body already serialised. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Answers a refusal and closes the connection: whatever of the body is still coming is not read. */
function refuse(res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error }, { connection: 'close', ...headers });
}

/**
 * Refuses for load (503, retry in a second). A small body is left for Node to discard and the connection
 * kept: closing it would add a reconnect to every refusal just when the server has least time for one.
 */
function shed(req: IncomingMessage, res: ServerResponse, error: string): void {
  const small = Number(req.headers['content-length'] ?? Infinity) <= SHED_KEEP_ALIVE_BYTES;
  if (small) sendJson(res, 503, { error }, { 'retry-after': '1' });
  else refuse(res, 503, error, { 'retry-after': '1' });
}

const SHED_KEEP_ALIVE_BYTES = 16 * 1024;
