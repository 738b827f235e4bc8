import { createHmac } from 'node:crypto';

// What Slack's servers send to an app: signed form posts of slash commands and button clicks.

/** A signing secret for tests (hex, as Slack issues them). */
export const TEST_SIGNING_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
export const TEST_BOT_TOKEN = 'xoxb-1-test-token';
export const TEST_APP_TOKEN = 'xapp-1-A0FAKE-1-test';

/** Slack's request signature headers: `v0=HMAC-SHA256(secret, "v0:{ts}:{body}")`. */
export function signSlackRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

let triggers = 0;
/** Slack gives every delivery its own trigger_id, so no two requests it signs are alike. */
function triggerId(): string {
  return `${++triggers}.${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
}

export interface SlashCommandFields {
  text: string;
  command?: string;
  responseUrl?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
}

/** The fields of a slash command as Slack sends them (an object: Socket Mode; `.toString()` of the form: HTTP). */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: fields.channelId ?? 'C0CHANNEL',
    channel_name: 'general',
    user_id: fields.userId ?? 'U0ASKER',
    user_name: fields.userName ?? 'asker',
    command: fields.command ?? '/redline',
    // Slack escapes &, < and > in the text it sends ("All text in Slack uses the same system of escaping").
    text: escapeLikeSlack(fields.text),
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: triggerId(),
  };
}

/** Text as Slack sends it: `&`, `<` and `>` as HTML entities. */
export function escapeLikeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A slash command as the form-encoded body Slack posts. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams(slashCommandPayload(fields)).toString();
}

export interface ButtonClickFields {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
  userName?: string;
}

/** A `block_actions` payload for a button click in an ephemeral message. */
export function blockActionsPayload(fields: ButtonClickFields): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: fields.userId ?? 'U0ASKER', username: fields.userName ?? 'asker', name: fields.userName ?? 'asker', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CHANNEL', is_ephemeral: true },
    trigger_id: triggerId(),
    channel: { id: 'C0CHANNEL', name: 'general' },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: fields.value,
        action_ts: '1700000001.000200',
      },
    ],
  };
}

/** A button click as the form-encoded body Slack posts (`payload=<json>`). */
export function blockActionsBody(fields: ButtonClickFields): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(fields)) }).toString();
}

/** Posts a body to the app signed with `secret` (or with the headers given). */
export async function postToSlackApp(url: string, body: string, secret: string, headers?: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: headers ?? signSlackRequest(secret, body) });
}

export interface MessageEventFields {
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
  botId?: string;
}

/** A message event's fields as Slack sends them (text escaped), in `channel` by default. */
function messageEvent(type: string, fields: MessageEventFields, defaults: { channel: string; ts: string }): Record<string, unknown> {
  const ts = fields.ts ?? defaults.ts;
  return {
    type,
    user: fields.user ?? 'U0ASKER',
    text: escapeLikeSlack(fields.text),
    ts,
    event_ts: ts,
    channel: fields.channel ?? defaults.channel,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    ...(fields.botId ? { bot_id: fields.botId } : {}),
  };
}

/** An `app_mention` event (a message in a channel that mentions the bot). */
export function mentionEvent(fields: MessageEventFields): Record<string, unknown> {
  return messageEvent('app_mention', fields, { channel: 'C0CHANNEL', ts: '1700000100.000100' });
}

/** A `message` event in a direct message with the bot (`message.im`). */
export function directMessageEvent(fields: MessageEventFields): Record<string, unknown> {
  return { ...messageEvent('message', fields, { channel: 'D0DIRECT', ts: '1700000200.000100' }), channel_type: 'im' };
}

/** The Events API envelope Slack posts (JSON) for an event. */
export function eventCallbackBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: 1700000000,
    event,
  });
}

/** Posts a JSON event to the app, signed. */
export async function postEventToSlackApp(url: string, event: Record<string, unknown>, secret: string): Promise<Response> {
  const body = eventCallbackBody(event);
  return fetch(url, { method: 'POST', body, headers: { ...signSlackRequest(secret, body), 'content-type': 'application/json' } });
}

/** A message shortcut (`message_action`) on a message saying `text`, as a form body. */
export function messageShortcutBody(fields: {
  text: string;
  callbackId?: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
}): string {
  const payload = {
    type: 'message_action',
    callback_id: fields.callbackId ?? 'redline_find',
    trigger_id: '1.2.3',
    response_url: fields.responseUrl,
    team: { id: 'T0FAKE', domain: 'fake' },
    channel: { id: fields.channelId ?? 'C0CHANNEL', name: 'general' },
    user: { id: fields.userId ?? 'U0ASKER', name: 'asker' },
    message_ts: '1700000300.000100',
    message: { type: 'message', user: 'U0OTHER', ts: '1700000300.000100', text: escapeLikeSlack(fields.text) },
    token: 'verification-token-unused',
    action_ts: '1700000301.000200',
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
