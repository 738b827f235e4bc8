import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { asSeen } from './discord-channels.js';
import { routeRest } from './discord-rest.js';

import type { APIMessage } from 'discord.js';
import {
  answerFrame,
  FAKE_APPLICATION_ID,
  FAKE_TOKEN,
  json,
  rateLimitHeaders,
  type FakeDiscordOptions,
  type Fault,
  type GatewayConnection,
  type GatewayFrame,
  type RecordedRequest,
  type Session,
} from './discord-model.js';

export * from './discord-model.js';

/**
 * A fake Discord on 127.0.0.1, standing where Discord's servers would be: REST (`/api/v10/...`)
 * and the gateway (WebSocket, JSON, no compression) on one port. Point discord.js at it with
 * `rest: { api: fake.apiUrl }`: the client finds the gateway through `GET /gateway/bot`. The routes
 * are in `discord-rest.ts`, the gateway's answers in `discord-model.ts`.
 */

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly connections: GatewayConnection[] = [];
  /** Commands as registered, by scope (`global` or a guild id). */
  readonly commands = new Map<string, any[]>();
  private readonly faults: Fault[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly acknowledged = new Set<string>();
  /** Interactions sent to the app: their type and when they were created (the 3-second rule). */
  private readonly issued = new Map<string, { type: number; createdAt: number }>();
  /** The fake's clock. */
  now: () => number = Date.now;
  /** When set, channel posts: `ok` taken, `forbidden` 403 Missing Access, any other id 404 Unknown Channel. */
  channels: Map<string, 'ok' | 'forbidden'> | undefined;
  private commandIds = 9000;
  private readonly waiters: Array<() => void> = [];
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private port = 0;
  private messageIds = 1000;
  /** Channel messages by id: people's (dispatched with `dispatchMessage`) and the bot's own posts, for GET, PATCH and DELETE. */
  readonly channelMessages = new Map<string, APIMessage>();
  readonly token: string;
  readonly applicationId: string;

  constructor(private readonly options: FakeDiscordOptions = {}) {
    this.token = options.token ?? FAKE_TOKEN;
    this.applicationId = options.applicationId ?? FAKE_APPLICATION_ID;
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return this;
  }

  /** The REST base to configure (`DISCORD_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The next request matching `fault` is answered with its status and body instead (once). */
  failNext(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The next matching request gets a 429 with `retry_after` (seconds), as Discord sends it. */
  rateLimitNext(path: RegExp, retryAfterSeconds: number, method?: string): void {
    this.failNext({
      ...(method ? { method } : {}),
      path,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
      headers: rateLimitHeaders(retryAfterSeconds),
    });
  }

  /** Interaction callbacks received so far (body = `{ type, data }`). */
  callbacks(interactionId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === 'POST' &&
        /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(r.path) &&
        (!interactionId || r.path.startsWith(`/interactions/${interactionId}/`)),
    );
  }

  /** Resolves with the first request (already received or yet to come) that `match` accepts. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor(() => this.requests.find(match), `a matching REST request`, timeoutMs);
  }

  /** Resolves with the callback for an interaction. */
  waitForCallback(interactionId: string, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest(
      (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`) && r.path.endsWith('/callback'),
      timeoutMs,
    );
  }

  /** Resolves once `count` connections have a session (identified or resumed). */
  waitForSessions(count: number, timeoutMs = 5000): Promise<GatewayConnection[]> {
    return this.waitFor(
      () => {
        const live = this.liveConnections();
        return live.length >= count ? live : undefined;
      },
      `${count} live gateway session(s)`,
      timeoutMs,
    );
  }

  /** Resolves with the first frame with opcode `op` that any connection sent. */
  waitForFrame(op: number, timeoutMs = 5000): Promise<GatewayFrame> {
    return this.waitFor(() => this.connections.flatMap((c) => c.received).find((f) => f.op === op), `gateway op ${op}`, timeoutMs);
  }

  /** Open connections that have identified or resumed. */
  liveConnections(): GatewayConnection[] {
    return this.connections.filter((c) => c.session && c.socket.readyState === c.socket.OPEN);
  }

  /** Sends a dispatch (op 0) on the live connection of `shardId`, with the session's next sequence number. */
  dispatch(t: string, d: unknown, shardId = 0): void {
    const connection = this.liveConnections().find((c) => c.session!.shard[0] === shardId);
    if (!connection) throw new Error(`fake discord: no live gateway session for shard ${shardId}`);
    this.send(connection, { op: 0, t, d, s: ++connection.session!.seq });
  }

  /**
   * A person posts a message: kept in the channel and dispatched as MESSAGE_CREATE to every session
   * of the shard, its content as each session may see it (see `asSeen`).
   */
  dispatchMessage(message: APIMessage & { guild_id?: string }, shardId = 0): void {
    this.channelMessages.set(message.id, message);
    this.dispatchToSessions('MESSAGE_CREATE', (session: Session) => asSeen(message, session.intents), shardId);
  }

  /** Sends a dispatch to every live session of the shard (replicas of one bot each hold their own). */
  dispatchToSessions(t: string, d: unknown, shardId = 0): void {
    for (const connection of this.liveConnections().filter((c) => c.session!.shard[0] === shardId))
      this.send(connection, {
        op: 0,
        t,
        d: typeof d === 'function' ? (d as (s: Session) => unknown)(connection.session!) : d,
        s: ++connection.session!.seq,
      });
  }

  /** Dispatches INTERACTION_CREATE (an interaction made by the factories in `discord-interactions.ts`). */
  dispatchInteraction(interaction: { id: string; type?: number }, shardId = 0): void {
    this.issued.set(interaction.id, { type: interaction.type ?? 2, createdAt: this.now() });
    this.dispatch('INTERACTION_CREATE', interaction, shardId);
  }

  /** Drops the gateway connection(s) mid-session: with a close code, or abruptly (no close frame) when none is given. */
  dropConnections(code?: number): void {
    for (const connection of this.liveConnections()) {
      if (code) connection.socket.close(code, 'fake discord: dropped');
      else connection.socket.terminate();
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private waitFor<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return false;
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`fake discord: timed out waiting for ${what}`));
      }, timeoutMs);
      const waiter = () => {
        if (check()) this.waiters.splice(this.waiters.indexOf(waiter), 1);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  // ---- REST ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    if ((req.headers['content-type'] ?? '').includes('application/json') && text) body = JSON.parse(text);
    const path = url.pathname.replace(/^\/api\/v10/, '');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body };
    this.requests.push(recorded);
    try {
      const fault = this.faults.findIndex((f) => (!f.method || f.method === recorded.method) && f.path.test(path));
      if (fault >= 0) {
        const [f] = this.faults.splice(fault, 1);
        return json(res, f!.status, f!.body ?? { message: 'fake failure', code: 0 }, f!.headers);
      }
      return routeRest(
        {
          token: this.token,
          applicationId: this.applicationId,
          gatewayUrl: this.gatewayUrl,
          recommendedShards: this.options.recommendedShards ?? 1,
          now: () => this.now(),
          issued: this.issued,
          acknowledged: this.acknowledged,
          channels: this.channels,
          channelMessages: this.channelMessages,
          commands: this.commands,
          nextCommandId: () => String(++this.commandIds),
          nextMessageId: () => String(++this.messageIds),
        },
        recorded,
        res,
      );
    } finally {
      this.changed();
    }
  }

  // ---- gateway ----

  private onConnection(socket: WebSocket): void {
    const connection: GatewayConnection = { socket, received: [] };
    this.connections.push(connection);
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as GatewayFrame;
      connection.received.push(frame);
      this.onFrame(connection, frame);
      this.changed();
    });
    socket.on('close', () => this.changed());
    this.send(connection, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 } });
  }

  private onFrame(connection: GatewayConnection, frame: GatewayFrame): void {
    const { token, applicationId, gatewayUrl, sessions } = this;
    answerFrame(connection, frame, {
      token,
      applicationId,
      gatewayUrl,
      sessions,
      messageContentIntent: this.options.messageContentIntent ?? false,
      send: (f) => this.send(connection, f),
    });
  }

  private send(connection: GatewayConnection, frame: Partial<GatewayFrame>): void {
    connection.socket.send(JSON.stringify({ s: null, t: null, d: null, ...frame }));
  }
}

/** Starts a fake Discord on a free port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen();
}
