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
