// What the fake Slack records, and what Slack refuses in a chat.postMessage: a channel the bot is not in,
// or a message over Block Kit's limits.

/** One call to the fake Web API. */
export interface WebApiCall {
  method: string;
  /** The form or JSON body, parsed. */
  body: Record<string, unknown>;
  authorization?: string;
  /** Slack answered ok. */
  accepted?: boolean;
}

/** One message posted to a response_url. */
export interface PostedResponse {
  /** The id at the end of the response_url. */
  id: string;
  body: Record<string, unknown>;
}

/** A Socket Mode envelope's acknowledgement, as the app sent it back. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** How often, and for how long, Slack accepts posts to one response_url. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

/** Why Slack would refuse this chat.postMessage: the channel, or a message over Block Kit's limits; undefined when fine. */
export function postRefusal(
  body: Record<string, unknown>,
  channels: { member: string[]; others?: string[] } | undefined,
): string | undefined {
  const channel = String(body.channel ?? '');
  if (channels && !channels.member.includes(channel)) return channels.others?.includes(channel) ? 'not_in_channel' : 'channel_not_found';
  const blocks = typeof body.blocks === 'string' ? (JSON.parse(body.blocks) as unknown[]) : ((body.blocks as unknown[] | undefined) ?? []);
  if (blocks.length > 50) return 'invalid_blocks';
  let total = 0;
  for (const block of blocks as Array<{ text?: { text?: string }; elements?: Array<{ text?: string | { text?: string } }> }>) {
    const texts = [block.text?.text, ...(block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text))];
    if (texts.some((t) => (t?.length ?? 0) > 3000)) return 'invalid_blocks';
    total += texts.reduce((n, t) => n + (t?.length ?? 0), 0);
  }
  // Undocumented, as Slack answers it (slackapi/bolt-js#2509): a little over 13,000 characters of text in all.
  return total > 13_000 ? 'msg_blocks_too_long' : undefined;
}
