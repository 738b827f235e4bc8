import type { ServerResponse } from 'node:http';
import type { APIMessage } from 'discord.js';
import { FAKE_BOT_USER, fakeMessage, json, MESSAGE_CONTENT_INTENT, type RecordedRequest } from './discord-model.js';
import { messageViolations } from './discord-rules.js';

// The fake Discord's channel messages over REST: the bot posts (a reply carries message_reference),
// fetches, edits and deletes them; a person's message (dispatched through the gateway) can be fetched.

/** Answers a `/channels/...` request; false when it is not one of these routes. */
export function channelMessageRoute(
  r: RecordedRequest,
  res: ServerResponse,
  messages: Map<string, APIMessage>,
  made: (body: object, channelId: string) => APIMessage,
): boolean {
  let m: RegExpExecArray | null;
  if (r.method === 'POST' && (m = /^\/channels\/([^/]+)\/messages$/.exec(r.path))) {
    const problems = messageViolations(r.body as object);
    if (problems.length) return (json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: problems }), true);
    const reference = (r.body as { message_reference?: { message_id?: string } }).message_reference;
    const posted = fakeMessage({
      ...made(r.body as object, m[1]!),
      webhook_id: undefined,
      ...(reference?.message_id
        ? { type: 19, message_reference: { type: 0, message_id: reference.message_id, channel_id: m[1] } }
        : { type: 0 }),
    });
    messages.set(posted.id, posted);
    return (json(res, 200, posted), true);
  }

  if ((m = /^\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(r.path))) {
    const stored = messages.get(m[2]!);
    if (!stored || stored.channel_id !== m[1]) return (json(res, 404, { message: 'Unknown Message', code: 10008 }), true);
    if (r.method === 'GET') return (json(res, 200, stored), true);
    if (stored.author.id !== FAKE_BOT_USER.id)
      return (json(res, 403, { message: 'Cannot edit a message authored by another user', code: 50005 }), true);
    if (r.method === 'DELETE') return (messages.delete(m[2]!), res.writeHead(204).end(), true);
    if (r.method === 'PATCH') {
      const problems = messageViolations({ ...stored, ...(r.body as object) });
      if (problems.length) return (json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: problems }), true);
      const edited = { ...stored, ...(r.body as object), edited_timestamp: new Date().toISOString() } as APIMessage;
      messages.set(edited.id, edited);
      return (json(res, 200, edited), true);
    }
  }

  return false;
}

/** A message as a session sees it: its content (text, embeds, attachments) only with the Message Content intent, in a DM, or when it mentions the bot. */
export function asSeen(message: APIMessage & { guild_id?: string }, intents: number): APIMessage {
  const visible = (intents & MESSAGE_CONTENT_INTENT) !== 0 || !message.guild_id || message.mentions.some((u) => u.id === FAKE_BOT_USER.id);
  return visible ? message : { ...message, content: '', embeds: [], attachments: [], components: [] };
}
