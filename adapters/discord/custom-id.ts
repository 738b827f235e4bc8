import { CUSTOM_ID_MAX } from './limits.js';

/** What a button does when pressed. */
export type ButtonAction = 'page' | 'ask' | 'share' | 'up' | 'down';

/**
 * Everything a button needs to redo its answer: custom ids carry their whole state, so buttons
 * keep working after a restart and on any shard or replica.
 */
export interface ButtonState {
  action: ButtonAction;
  /** The request text as typed after `/redline` (a query, `brief nato`, or an autocomplete key). */
  text: string;
  /** Which result of the query the message shows (paging, sharing and votes point at it). */
  offset: number;
  doc?: string;
}

/** Prefix and format version: a button from an older format is recognised and answered politely. */
const PREFIX = 'rl1';
const CODES: Record<ButtonAction, string> = { page: 'p', ask: 'a', share: 's', up: 'u', down: 'd' };
const ACTIONS = Object.fromEntries(Object.entries(CODES).map(([action, code]) => [code, action])) as Record<string, ButtonAction>;
/** Below this many characters left for the text, a button would redo a different query: it is left out. */
const MIN_TEXT_ROOM = 12;

/**
 * Encodes a button's state as `rl1:<action>:<offset>:<doc>:<text>` within 100 characters; a long
 * text is shortened at a word boundary. Undefined when even a short text does not fit.
 */
export function encodeButton(state: ButtonState): string | undefined {
  const head = `${PREFIX}:${CODES[state.action]}:${state.offset}:${state.doc ?? ''}:`;
  const room = CUSTOM_ID_MAX - head.length;
  if (room < Math.min(MIN_TEXT_ROOM, state.text.length)) return undefined;
  return head + shorten(state.text, room);
}

/** Reads a custom id written by `encodeButton`; undefined for anything else. */
export function decodeButton(customId: string): ButtonState | undefined {
  const match = /^rl1:([a-z]):(\d{1,6}):([^:]*):([\s\S]*)$/.exec(customId);
  const action = match && ACTIONS[match[1]!];
  if (!match || !action) return undefined;
  return { action, offset: Number(match[2]), text: match[4]!, ...(match[3] ? { doc: match[3] } : {}) };
}

function shorten(text: string, room: number): string {
  if (text.length <= room) return text;
  const head = text.slice(0, room + 1);
  const space = head.lastIndexOf(' ');
  const cut = space >= MIN_TEXT_ROOM ? head.slice(0, space) : text.slice(0, room);
  // Never leave half of a surrogate pair at the end.
  return cut.replace(/[\uD800-\uDBFF]$/, '').trimEnd();
}
