import type { ServerResponse } from 'node:http';
import type { APIMessage } from 'discord.js';
import { channelMessageRoute } from './discord-channels.js';
import { commandRoute } from './discord-commands.js';
import { fakeMessage, json, unauthorized, type RecordedRequest } from './discord-model.js';
import { callbackRefusal, messageViolations } from './discord-rules.js';

// The fake Discord's REST routes: the gateway address, interaction callbacks, channels, webhooks and commands.

/** What the REST side of the fake reads and changes to answer a request. */
export interface RestState {
  token: string;
  applicationId: string;
  gatewayUrl: string;
  /** The shard count `GET /gateway/bot` recommends. */
  recommendedShards: number;
  /** The fake's clock, for the 3-second rule of interaction callbacks. */
  now: () => number;
  /** Interactions sent to the app: their type and when they were created. */
  issued: Map<string, { type: number; createdAt: number }>;
  /** Interactions already answered (a second callback is refused). */
  acknowledged: Set<string>;
  /** When set, channel posts: `ok` taken, `forbidden` 403 Missing Access, any other id 404 Unknown Channel. */
  channels: Map<string, 'ok' | 'forbidden'> | undefined;
  channelMessages: Map<string, APIMessage>;
  /** Commands as registered, by scope (`global` or a guild id). */
  commands: Map<string, any[]>;
  nextCommandId: () => string;
  nextMessageId: () => string;
}

/** Answers one REST request (already recorded, faults already applied) as Discord would. */
export function routeRest(state: RestState, r: RecordedRequest, res: ServerResponse): void {
  const authorized = r.headers.authorization === `Bot ${state.token}`;
  const message = (data: MessageData, id?: string, channelId?: string) => restMessage(state, data, id, channelId);
  let m: RegExpExecArray | null;

  if (r.method === 'GET' && r.path === '/gateway/bot') {
    if (!authorized) return unauthorized(res);
    return json(res, 200, {
      url: state.gatewayUrl,
      shards: state.recommendedShards,
      // max_concurrency 16: shards identify at once, so sharded tests need not wait 5 s per shard.
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 16 },
    });
  }

  if (r.method === 'POST' && (m = /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(r.path))) {
    const [, id] = m;
    // Interaction callbacks are authorised by the token in the path, never by the bot token.
    const issued = state.issued.get(id!);
    const refusal = issued ? callbackRefusal(issued, r.body as { type?: number }, state.now()) : undefined;
    if (refusal) return json(res, refusal.status, refusal.body);
    if (state.acknowledged.has(id!)) return json(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    state.acknowledged.add(id!);
    if (r.query.get('with_response') !== 'true') return void res.writeHead(204).end();
    const type = (r.body as { type: number }).type;
    const posted = [4, 7].includes(type) ? message((r.body as { data: object }).data) : undefined;
    return json(res, 200, {
      interaction: {
        id,
        type: 2,
        activity_instance_id: null,
        response_message_id: posted?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: false,
      },
      resource: { type, ...(posted ? { message: posted } : {}) },
    });
  }

  if (r.path.startsWith('/channels/')) {
    if (!authorized) return unauthorized(res);
    const channel = /^\/channels\/([^/]+)\//.exec(r.path)?.[1];
    const access = state.channels && channel ? (state.channels.get(channel) ?? 'unknown') : 'ok';
    if (access !== 'ok')
      return access === 'forbidden'
        ? json(res, 403, { message: 'Missing Access', code: 50001 })
        : json(res, 404, { message: 'Unknown Channel', code: 10003 });
    if (channelMessageRoute(r, res, state.channelMessages, (body, channelId) => message(body, undefined, channelId))) return;
  }

  if ((m = /^\/webhooks\/([^/]+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(r.path))) {
    const problems = r.method === 'GET' || r.method === 'DELETE' ? [] : messageViolations(r.body as object);
    if (problems.length) return json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: problems });
    if (r.method === 'POST' && !m[3]) return json(res, 200, message(r.body as object));
    if ((r.method === 'PATCH' || r.method === 'GET') && m[3])
      return json(res, 200, message(r.method === 'PATCH' ? (r.body as object) : {}, m[3]));
    if (r.method === 'DELETE' && m[3]) return void res.writeHead(204).end();
  }

  if (r.path.startsWith('/applications/')) {
    if (!authorized) return unauthorized(res);
    if (commandRoute(r, res, state.applicationId, state.commands, state.nextCommandId)) return;
  }

  return json(res, 404, { message: '404: Not Found', code: 0 });
}

/** The parts of a message an app sends. */
type MessageData = { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number };

/** A message object as Discord returns it for webhook and callback responses. */
function restMessage(state: RestState, data: MessageData, id?: string, channelId?: string): APIMessage {
  return fakeMessage({
    ...(channelId ? { channel_id: channelId } : {}),
    id: id && id !== '@original' ? id : state.nextMessageId(),
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    flags: data.flags ?? 0,
    webhook_id: state.applicationId,
    application_id: state.applicationId,
  });
}
