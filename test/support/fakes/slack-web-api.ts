import { postRefusal } from './slack-posts.js';

// The fake Slack's Web API methods: what Slack answers to each call, over the messages it keeps.

/** A channel message as the fake keeps it, for `conversations.replies`, `chat.update` and `chat.delete`. */
export type KeptMessage = Record<string, unknown> & { channel: string; ts: string };

/** What the Web API methods read and change: the fake's tokens, channels and history. */
export interface WebApiState {
  /** The bot token `auth.test` accepts; unset: any `xoxb-` token. */
  botToken: string | undefined;
  /** The app token `apps.connections.open` accepts; unset: any `xapp-` token. */
  appToken: string | undefined;
  /** Channel messages, in the order Slack received them; the app's posts are appended. */
  history: KeptMessage[];
  /** Where chat.postMessage may post (see `FakeSlack.channels`); unset: everywhere. */
  channels: { member: string[]; others?: string[] } | undefined;
  /** A fresh message timestamp, later than every one before. */
  nextTs: () => string;
  /** The Socket Mode address `apps.connections.open` hands out. */
  socketModeUrl: string;
}

/** Slack's answer to a Web API call: `{ ok: true, ... }`, or `{ ok: false, error }` as Slack names it. */
export function answerWebApi(
  state: WebApiState,
  method: string,
  body: Record<string, unknown>,
  token: string | undefined,
): Record<string, unknown> {
  const botOk = state.botToken ? token === state.botToken : Boolean(token?.startsWith('xoxb-'));
  const { history } = state;
  switch (method) {
    case 'auth.test':
      return botOk
        ? {
            ok: true,
            url: 'https://fake.slack.test/',
            team: 'Fake',
            user: 'redline',
            team_id: 'T0FAKE',
            user_id: 'U0BOT',
            bot_id: 'B0BOT',
          }
        : { ok: false, error: 'invalid_auth' };
    case 'chat.postMessage': {
      if (!botOk) return { ok: false, error: 'invalid_auth' };
      const refusal = postRefusal(body, state.channels);
      if (refusal) return { ok: false, error: refusal };
      const ts = state.nextTs();
      const blocks = typeof body.blocks === 'string' ? (JSON.parse(body.blocks) as unknown) : body.blocks;
      const thread = typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {};
      history.push({
        type: 'message',
        channel: String(body.channel),
        ts,
        user: 'U0BOT',
        bot_id: 'B0BOT',
        text: body.text,
        blocks,
        ...thread,
      });
      return { ok: true, channel: body.channel, ts, message: { text: body.text } };
    }
    case 'chat.update':
    case 'chat.delete': {
      if (!botOk) return { ok: false, error: 'invalid_auth' };
      const at = history.findIndex((m) => m.channel === body.channel && m.ts === body.ts);
      if (at < 0) return { ok: false, error: 'message_not_found' };
      if (history[at]!.bot_id !== 'B0BOT') return { ok: false, error: 'cant_update_message' };
      if (method === 'chat.delete') history.splice(at, 1);
      else
        history[at] = {
          ...history[at]!,
          text: body.text,
          blocks: typeof body.blocks === 'string' ? (JSON.parse(body.blocks) as unknown) : (body.blocks ?? []),
        };
      return { ok: true, channel: body.channel, ts: body.ts };
    }
    case 'conversations.replies': {
      if (!botOk) return { ok: false, error: 'invalid_auth' };
      const thread = history.filter((m) => m.channel === body.channel && (m.ts === body.ts || m.thread_ts === body.ts));
      return thread.length
        ? { ok: true, messages: thread.sort((a, b) => Number(a.ts) - Number(b.ts)), has_more: false }
        : { ok: false, error: 'thread_not_found' };
    }
    case 'views.publish':
      return botOk ? { ok: true, view: { id: 'V0HOME' } } : { ok: false, error: 'invalid_auth' };
    case 'chat.postEphemeral':
      return botOk ? { ok: true, message_ts: `${Date.now() / 1000}` } : { ok: false, error: 'invalid_auth' };
    case 'apps.connections.open': {
      const appOk = state.appToken ? token === state.appToken : Boolean(token?.startsWith('xapp-'));
      return appOk ? { ok: true, url: state.socketModeUrl } : { ok: false, error: 'invalid_auth' };
    }
    default:
      return { ok: false, error: 'unknown_method' };
  }
}
