import { randomUUID } from 'node:crypto';
import type { APIMessage } from 'discord.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';

// The fake Discord's data: what it records, its identities, Discord's message objects, and the
// gateway's session protocol.

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface GatewayFrame {
  op: number;
  d: any;
  s?: number | null;
  t?: string | null;
}

/** One gateway connection as the fake sees it. */
export interface GatewayConnection {
  socket: WebSocket;
  /** Set after IDENTIFY or RESUME. */
  session?: Session;
  /** Every frame the client sent on this connection. */
  received: GatewayFrame[];
}

export interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  /** The intents the client identified with. */
  intents: number;
}

/** The privileged Message Content intent's bit (GatewayIntentBits.MessageContent). */
export const MESSAGE_CONTENT_INTENT = 1 << 15;

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  /** Shards `GET /gateway/bot` recommends. Default 1. */
  recommendedShards?: number;
  /** HELLO's heartbeat interval. Default 41 250 ms. */
  heartbeatIntervalMs?: number;
  /** Whether the application has the privileged Message Content intent turned on (the Developer Portal's switch). Default `false`, as Discord's. */
  messageContentIntent?: boolean;
}

export const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake00.discord-token-for-tests';
export const FAKE_APPLICATION_ID = '123456789012345678';
export const FAKE_BOT_USER = {
  id: FAKE_APPLICATION_ID,
  username: 'redline',
  discriminator: '0',
  global_name: 'redline',
  avatar: null,
  bot: true,
};

/** A message object as Discord sends it: the bot's own message in the test channel, with `fields` over the defaults. */
export function fakeMessage(fields: Record<string, unknown> = {}): APIMessage {
  return {
    id: String(Date.now()),
    type: 20,
    channel_id: '300000000000000001',
    author: FAKE_BOT_USER,
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    ...fields,
  } as unknown as APIMessage;
}

/** What the gateway side of the fake needs to answer a frame. */
export interface GatewayState {
  token: string;
  applicationId: string;
  gatewayUrl: string;
  sessions: Map<string, Session>;
  /** Identifying with the Message Content intent is allowed (else the connection closes with 4014). */
  messageContentIntent: boolean;
  send(frame: Partial<GatewayFrame>): void;
}

/** Answers one frame a client sent: heartbeat (ACK), identify (READY), resume (RESUMED or invalid session). */
export function answerFrame(connection: GatewayConnection, frame: GatewayFrame, state: GatewayState): void {
  switch (frame.op) {
    case 1: // heartbeat
      return state.send({ op: 11 });
    case 2: {
      // identify
      if (frame.d.token !== state.token) return connection.socket.close(4004, 'Authentication failed.');
      const intents = Number(frame.d.intents ?? 0);
      if (intents & MESSAGE_CONTENT_INTENT && !state.messageContentIntent) return connection.socket.close(4014, 'Disallowed intent(s).');
      const session: Session = { id: randomUUID().replaceAll('-', ''), shard: frame.d.shard ?? [0, 1], seq: 0, intents };
      state.sessions.set(session.id, session);
      connection.session = session;
      return state.send({
        op: 0,
        t: 'READY',
        s: ++session.seq,
        d: {
          v: 10,
          user: FAKE_BOT_USER,
          guilds: [],
          session_id: session.id,
          resume_gateway_url: state.gatewayUrl,
          shard: session.shard,
          application: { id: state.applicationId, flags: 0 },
        },
      });
    }
    case 6: {
      // resume
      const session = state.sessions.get(frame.d.session_id);
      if (!session || frame.d.token !== state.token) return state.send({ op: 9, d: false });
      connection.session = session;
      return state.send({ op: 0, t: 'RESUMED', s: ++session.seq, d: {} });
    }
  }
}

/** Answers with a JSON body, as Discord's REST API does. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function unauthorized(res: ServerResponse): void {
  json(res, 401, { message: '401: Unauthorized', code: 0 });
}

/** The headers of a 429 as Discord sends them. */
export function rateLimitHeaders(retryAfterSeconds: number): Record<string, string> {
  const seconds = String(retryAfterSeconds);
  return {
    'retry-after': seconds,
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': seconds,
    'x-ratelimit-bucket': 'fake-bucket',
    'x-ratelimit-scope': 'user',
  };
}
