import { cleanInput, parseRequest } from '../request/parse.js';
import { QUERY_MAX_LENGTH } from '../request/commands.js';
import { cutAtWord } from '../present/cut.js';
import type { Request } from '../types.js';

// Requests that come from a conversation rather than the slash command: a message that mentions
// the bot, a direct message, "Find in briefings" on a message. The same on every platform: the
// adapter hands over the message text in the platform's markup, with the bot's own user id.

/** Platform markup for mentions, channels, emoji, timestamps and links: `<@U1>`, `<#C1|general>`, `<https://x|label>`, `<@&123>`, `<:e:1>`, `<t:0:R>`. */
const TAG = /<(@[!&]?|#|!|:\w+:|a:\w+:|t:|https?:\/\/)([^<>]*)>/g;
const BARE_URL = /\bhttps?:\/\/\S+/g;

/** Message text without mentions, channel and emoji tags or links, as plain words (a link's label stays). */
export function plainWords(text: string): string {
  const words = text
    .replace(TAG, (_whole, kind: string, rest: string) => (kind.startsWith('http') ? (rest.split('|')[1] ?? '') : ''))
    .replace(BARE_URL, ' ');
  return cleanInput(words);
}

/**
 * The request in a message addressed to the bot (`@redline brief nato`, or a direct message): the
 * bot's mention and other markup dropped, then the same grammar as the slash command.
 */
export function mentionRequest(text: string): Request {
  return parseRequest(cutAtWord(plainWords(text), QUERY_MAX_LENGTH * 2, ''));
}

/** "Find in briefings" on a message: its words as a query (at most a query's length), or undefined when it has none. */
export function findRequest(text: string): Request | undefined {
  const words = cutAtWord(plainWords(text), QUERY_MAX_LENGTH, '');
  return words ? { command: 'ask', text: words } : undefined;
}
