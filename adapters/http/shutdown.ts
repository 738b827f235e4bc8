import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { Logger } from '../../src/log.js';

interface Connection {
  requests: number;
  active: number;
}

/**
 * What the server has in hand (connections, responses, follow-up work) and how it closes: it stops
 * accepting, answers what is in flight with `Connection: close`, waits for tracked work, all within
 * a grace period, then closes whatever is left.
 */
export class InFlight {
  private readonly open = new Map<Socket, Connection>();
  private readonly answering = new Set<ServerResponse>();
  private readonly work = new Set<Promise<unknown>>();
  private closed: Promise<void> | undefined;
  private lastConnectionAt = 0;

  constructor(
    private readonly server: Server,
    private readonly log: Logger,
    private readonly drainMs: number,
  ) {
    server.on('connection', (socket: Socket) => {
      this.open.set(socket, { requests: 0, active: 0 });
      this.lastConnectionAt = Date.now();
      socket.once('close', () => this.open.delete(socket));
    });
  }

  /** Open connections. */
  get connections(): number {
    return this.open.size;
  }

  /** Requests being answered. */
  get responses(): number {
    return this.answering.size;
  }

  /** Whether the server is closing (`/healthz` says so, so a load balancer stops sending). */
  get closing(): boolean {
    return this.closed !== undefined;
  }

  /** Notes a request from its arrival until its response closes. */
  begin(req: IncomingMessage, res: ServerResponse): void {
    const connection = this.open.get(req.socket);
    if (connection) {
      connection.requests++;
      connection.active++;
    }
    this.answering.add(res);
    res.once('close', () => {
      this.answering.delete(res);
      if (connection) connection.active--;
    });
    if (this.closed) res.setHeader('connection', 'close');
  }

  /** Keeps closing waiting for work that outlives its request (a post to Slack after the acknowledgement). */
  track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const done = () => this.work.delete(work);
    work.then(done, done);
    return work;
  }

  /** Closes once, whoever asks. */
  close(graceMs: number): Promise<void> {
    this.closed ??= this.drain(graceMs);
    return this.closed;
  }

  private async drain(graceMs: number): Promise<void> {
    if (!this.server.listening) return;
    const deadline = Date.now() + graceMs;
    const pause = () => new Promise((r) => setTimeout(r, 10));
    for (const res of this.answering) if (!res.headersSent) res.setHeader('connection', 'close');
    // A kept-alive connection between requests is ended (after what it has been sent is flushed); one that has
    // not sent its request yet is answered first, or closed by Node at its headers timeout.
    const endIdle = () => {
      for (const [socket, c] of this.open) if (c.requests > 0 && c.active === 0 && !socket.writableEnded) socket.end();
    };
    endIdle();
    const drainUntil = Date.now() + Math.min(this.drainMs, graceMs / 2);
    while (Date.now() < drainUntil && Date.now() - this.lastConnectionAt < 200) {
      await pause();
      endIdle();
    }
    // One more turn of the event loop accepts the connections the kernel has already queued.
    await new Promise((resolve) => setImmediate(resolve));
    // net's close, not http's: http's also drops connections that were accepted but have not sent their request yet.
    const stopped = new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    while ((this.open.size > 0 || this.work.size > 0) && Date.now() < deadline) {
      await pause();
      endIdle();
    }
    if (this.work.size) this.log.warn({ pending: this.work.size }, 'http: follow-up work still running at the end of the grace period');
    this.server.closeAllConnections();
    await stopped;
    this.server.close(() => {}); // clears Node's connection checks; the listener is already closed
  }
}
