import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { answerWebApi, type KeptMessage } from './slack-web-api.js';

export type { PostedResponse, SocketAck, WebApiCall } from './slack-posts.js';
import type { PostedResponse, SocketAck, WebApiCall } from './slack-posts.js';
import { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_USES } from './slack-posts.js';
export { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_USES } from './slack-posts.js';

export interface FakeSlackOptions {
  /** The bot token `auth.test` accepts; any other gets `invalid_auth`. Default: any `xoxb-` token. */
  botToken?: string;
  /** The app token `apps.connections.open` accepts. Default: any `xapp-` token. */
  appToken?: string;
}

/**
 * Stands where Slack's servers would: a Web API on 127.0.0.1 (see `slack-web-api.ts`: `auth.test`, `chat.postMessage`,
 * `chat.postEphemeral`, `chat.update`, `chat.delete`, `conversations.replies` over the messages it
 * keeps, `apps.connections.open`), channel messages delivered as events, a Socket Mode WebSocket server, and response_url
 * endpoints that record what the app posts. Every address is local; `close()` frees everything.
 */
export class FakeSlack {
  readonly calls: WebApiCall[] = [];
  readonly responses: PostedResponse[] = [];
  readonly acks: SocketAck[] = [];
  /** HTTP status the response_url endpoints answer with (set to 404 to play an expired URL). */
  responseStatus = 200;
  /** Refuse `in_channel` posts, as Slack does in a posting-restricted or archived channel. */
  refuseInChannel = false;
  /** The fake's clock: a response_url expires 30 minutes after it was handed out. */
  now: () => number = Date.now;
  private readonly issued = new Map<string, number>();
  /** When true, response_url posts are recorded but never answered (Slack timing out). */
  responseHangs = false;
  /** How long response_url posts take to be answered, in milliseconds (Slack under load). */
  responseDelayMs = 0;
  /** Channel messages as Slack keeps them (people's, delivered with `deliverMessage`, and the app's own posts), for `conversations.replies`. */
  readonly history: KeptMessage[] = [];
  private lastTs = 1700001000;
  /**
   * Channels for chat.postMessage, when set: the bot posts only where it is a member (`not_in_channel`
   * elsewhere among `others`, `channel_not_found` for any other id). Unset: every channel accepts.
   */
  channels: { member: string[]; others?: string[] } | undefined;
  /** chat.postMessage answers `ratelimited` (HTTP 429 with Retry-After) this many more times. */
  private rateLimited = { count: 0, retryAfterSeconds: 1 };
  private readonly server: Server;
  private readonly sockets: WebSocketServer;
  private readonly waiters = new Set<() => void>();
  private address!: AddressInfo;

  private constructor(private readonly options: FakeSlackOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.sockets = new WebSocketServer({ server: this.server, path: '/socket-mode' });
    this.sockets.on('connection', (socket) => this.greet(socket));
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.address = fake.server.address() as AddressInfo;
    return fake;
  }

  /** The Web API base, for `SLACK_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.address.port}/api/`;
  }

  /** The next `count` chat.postMessage calls get HTTP 429 `ratelimited` with `Retry-After`, as Slack sends them. */
  rateLimitPosts(count: number, retryAfterSeconds: number): void {
    this.rateLimited = { count, retryAfterSeconds };
  }

  /** Messages chat.postMessage accepted, by channel. */
  posted(channel?: string): Array<Record<string, unknown>> {
    return this.calls
      .filter((c) => c.method === 'chat.postMessage' && c.accepted && (channel === undefined || c.body.channel === channel))
      .map((c) => c.body);
  }

  /** A fresh response_url; what is posted to it lands in `responses` with this id. */
  responseUrl(id: string = randomUUID()): string {
    if (!this.issued.has(id)) this.issued.set(id, this.now());
    return `http://127.0.0.1:${this.address.port}/response/${id}`;
  }

  /** Socket Mode connections open now. */
  get socketClients(): number {
    return this.sockets.clients.size;
  }

  /** Sends a Socket Mode envelope to every connected app and resolves with the first acknowledgement. */
  async sendEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
    timeoutMs = 5000,
  ): Promise<SocketAck> {
    const envelope_id = randomUUID();
    const message = JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api' });
    for (const socket of this.sockets.clients) socket.send(message);
    return this.waitFor(() => this.acks.find((a) => a.envelope_id === envelope_id), timeoutMs, `ack of envelope ${type}`);
  }

  /** Resolves once `count` messages have been posted to response_urls with this id. */
  async waitForResponses(id: string, count = 1, timeoutMs = 5000): Promise<PostedResponse[]> {
    return this.waitFor(
      () => {
        const posted = this.responses.filter((r) => r.id === id);
        return posted.length >= count ? posted : undefined;
      },
      timeoutMs,
      `${count} response(s) to ${id}`,
    );
  }

  /** Resolves once `predicate` returns a value, re-checked after every request the fake receives. */
  waitFor<T>(predicate: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`FakeSlack: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** A fresh message timestamp, later than every one before (Slack's `ts` orders a channel). */
  nextTs(): string {
    return `${++this.lastTs}.000100`;
  }

  /**
   * A person posts a message: Slack keeps it in the channel's history and delivers it to the app
   * as a `message` event in the Events API envelope, signed. `retries` delivers the same envelope
   * (the same event_id) again with `x-slack-retry-num` / `x-slack-retry-reason`, as Slack does
   * when an acknowledgement is late. Resolves with the HTTP statuses, first delivery first.
   */
  async deliverMessage(
    url: string,
    secret: string,
    event: Record<string, unknown>,
    options: { retries?: number; eventId?: string } = {},
  ): Promise<number[]> {
    const { channel, ts } = event;
    if (
      event.type === 'message' &&
      event.subtype === undefined &&
      typeof channel === 'string' &&
      typeof ts === 'string' &&
      !this.history.some((m) => m.channel === channel && m.ts === ts)
    )
      this.history.push({ ...event, channel, ts });
    const body = JSON.stringify({
      token: 'verification-token-unused',
      team_id: 'T0FAKE',
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true }],
      event,
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= (options.retries ?? 0); attempt++) {
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${signature}`,
      };
      if (attempt) Object.assign(headers, { 'x-slack-retry-num': String(attempt), 'x-slack-retry-reason': 'http_timeout' });
      statuses.push((await fetch(url, { method: 'POST', body, headers })).status);
    }
    return statuses;
  }

  /** Closes every socket and connection, then the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets.clients) socket.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private greet(socket: WebSocket): void {
    socket.on('message', (data) => {
      try {
        this.acks.push(JSON.parse(data.toString()) as SocketAck);
      } catch {
        // Not an ack; Slack would ignore it too.
      }
      this.notify();
    });
    socket.send(
      JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A0FAKE' } }),
    );
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/response/') && req.method === 'POST') {
      const id = path.slice('/response/'.length);
      const body = parseBody(raw, req.headers['content-type']);
      const uses = this.responses.filter((r) => r.id === id).length;
      this.responses.push({ id, body });
      if (this.responseHangs) return this.notify();
      if (this.responseDelayMs) await new Promise((r) => setTimeout(r, this.responseDelayMs));
      const [status, error] = this.responseRefusal(id, uses, body);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(error ?? 'ok');
      return this.notify();
    }
    if (path.startsWith('/api/') && req.method === 'POST') {
      const method = path.slice('/api/'.length);
      const body = parseBody(raw, req.headers['content-type']);
      const authorization = req.headers.authorization;
      const call: WebApiCall = { method, body, ...(authorization ? { authorization } : {}) };
      this.calls.push(call);
      const token = (typeof body.token === 'string' ? body.token : undefined) ?? authorization?.replace(/^Bearer /, '');
      if (method === 'chat.postMessage' && this.rateLimited.count > 0) {
        this.rateLimited.count--;
        const text = JSON.stringify({ ok: false, error: 'ratelimited' });
        res
          .writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(this.rateLimited.retryAfterSeconds) })
          .end(text);
        return this.notify();
      }
      const answer = answerWebApi(
        {
          botToken: this.options.botToken,
          appToken: this.options.appToken,
          history: this.history,
          channels: this.channels,
          nextTs: () => this.nextTs(),
          socketModeUrl: `ws://127.0.0.1:${this.address.port}/socket-mode`,
        },
        method,
        body,
        token,
      );
      call.accepted = answer.ok === true;
      sendJson(res, answer);
      return this.notify();
    }
    res.writeHead(404).end();
  }

  /** Slack's answer to a response_url post: 5 uses within 30 minutes, no sharing where posting is restricted. */
  private responseRefusal(id: string, usedBefore: number, body: Record<string, unknown>): [number, string?] {
    if (this.responseStatus !== 200) return [this.responseStatus, 'expired_url'];
    if (this.now() - (this.issued.get(id) ?? this.now()) > RESPONSE_URL_LIFETIME_MS) return [404, 'expired_url'];
    if (usedBefore >= RESPONSE_URL_USES) return [404, 'used_url'];
    if (this.refuseInChannel && body.response_type === 'in_channel') return [404, 'channel_not_found'];
    return [200];
  }
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}
