import { QUERY_MAX_LENGTH } from '../request/commands.js';
import type { ButtonAction, ButtonState } from './follow-ups.js';
import { cutAtWord } from '../present/cut.js';
import type { Subcommand } from '../types.js';

// One codec for what a button carries, on every platform: Slack's button value (2,000 characters)
// and Discord's custom_id (100) differ only in the room they give.

/** Format version: a button from an older format is recognised as such and answered politely. */
const PREFIX = 'rl2';
const ACTIONS: Record<ButtonAction, string> = {
  previous: 'p',
  next: 'n',
  share: 's',
  up: 'u',
  down: 'd',
  suggest: 'g',
  hide: 'x',
  ask: 'k',
};
const COMMANDS: Record<Subcommand, string> = {
  ask: 'a',
  topics: 't',
  brief: 'b',
  quote: 'q',
  help: 'h',
  watch: 'w',
  unwatch: 'x',
  watches: 'l',
};
const ACTION_OF = invert(ACTIONS);
const COMMAND_OF = invert(COMMANDS);
/** Below this many characters of a longer query, a button would redo a different request: the passage id gives way first. */
const MIN_TEXT_ROOM = 12;
/** The optional `#key|` field before the text holds no `|`, which the text always escapes: both forms stay unambiguous. */
const FORMAT = /^rl2\|([a-z])\|([a-z])\|(\d{1,6})\|([^|]*)\|([^|]*)\|([^|]*)\|(?:#([A-Za-z0-9_-]{1,16})\|)?([\s\S]*)$/;
/** What a key from `LongQueries.keep` may be: short, and safe in a button as written. */
const KEY = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * Where a query too long for a button (Discord's custom_id holds 100 characters) is kept: the
 * button carries a short key beside the query cut at a word, and a click reads the whole query back
 * by the key. A key no longer kept leaves the cut query, so the button still answers.
 */
export interface LongQueries {
  /** Keeps `text` and returns its key (1 to 16 of `A-Z a-z 0-9 _ -`), or undefined when it cannot keep it. */
  keep(text: string): string | undefined;
  /** The query kept under `key`, or undefined when it is not kept (any more). */
  find(key: string): Promise<string | undefined>;
}

/** A button's state as read back: `queryKey` when the button carries a long query's key. */
export type DecodedButtonState = ButtonState & { queryKey?: string };

/**
 * Encodes a button's state as `rl2|action|command|offset|doc|passage|shown|text` within `max`
 * characters, cutting a long query at a word. `%`, `&`, `<`, `>` and `|` are percent-encoded,
 * so the value survives Slack's HTML escaping and never holds a mention. With `queries`, a query
 * that has to be cut is kept there and its key written before it (`…|shown|#key|text`), so the
 * click answers the whole query. Undefined when it cannot fit.
 */
export function encodeButtonState(state: ButtonState, max: number, queries?: Pick<LongQueries, 'keep'>): string | undefined {
  const { request } = state;
  const passage = request.passage ?? '';
  // A vote on a looked-up passage is about that passage: it is written once.
  const shown = state.shown && state.shown !== passage ? state.shown : '';
  const head = (shownId: string) =>
    [
      PREFIX,
      ACTIONS[state.action],
      COMMANDS[request.command],
      Math.max(0, Math.floor(request.offset ?? 0)),
      ...[request.doc ?? '', passage, shownId].map(escapeText),
      '',
    ].join('|');
  const text = request.text.slice(0, QUERY_MAX_LENGTH * 2);
  const escaped = escapeText(text);
  let key: string | undefined | null = null;
  for (const shownId of shown ? [shown, ''] : ['']) {
    let written = head(shownId);
    if (escaped.length > max - written.length && queries) {
      // Kept once per button, only when the query has to be cut.
      if (key === null) key = keyOf(queries, text);
      if (key) written += `#${key}|`;
    }
    const room = max - written.length;
    if (room < Math.min(MIN_TEXT_ROOM, escaped.length)) continue;
    return written + (escaped.length <= room ? escaped : fitEscaped(text, room));
  }
  return undefined;
}

/** Reads a value written by `encodeButtonState`; undefined for anything else. */
export function decodeButtonState(value: string | undefined): DecodedButtonState | undefined {
  const match = value ? FORMAT.exec(value) : null;
  if (!match) return undefined;
  const action = ACTION_OF[match[1]!] as ButtonAction | undefined;
  const command = COMMAND_OF[match[2]!] as Subcommand | undefined;
  if (!action || !command) return undefined;
  let fields: string[];
  try {
    fields = [...match.slice(4, 7), match[8]!].map((field) => decodeURIComponent(field!));
  } catch {
    return undefined;
  }
  const offset = Number(match[3]);
  const queryKey = match[7];
  const [doc, passage, shown, text] = fields as [string, string, string, string];
  const request = {
    command,
    text: text.slice(0, QUERY_MAX_LENGTH * 2),
    ...(offset ? { offset } : {}),
    ...(doc ? { doc } : {}),
    ...(passage ? { passage } : {}),
  };
  const shownId = shown || passage;
  return { action, request, ...(shownId ? { shown: shownId } : {}), ...(queryKey ? { queryKey } : {}) };
}

/** The key `queries` keeps `text` under, when it is one a button can carry. */
function keyOf(queries: Pick<LongQueries, 'keep'>, text: string): string | undefined {
  const key = queries.keep(text);
  return key !== undefined && KEY.test(key) ? key : undefined;
}

const ESCAPED = /[%&<>|]/;

function escapeText(text: string): string {
  if (!ESCAPED.test(text)) return text;
  return text.replace(/[%&<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The query, escaped, within `room`: cut at a word while the escaped form is too long. */
function fitEscaped(text: string, room: number): string {
  let cut = text;
  let out = escapeText(cut);
  while (out.length > room && cut) {
    cut = cutAtWord(cut, Math.max(0, cut.length - (out.length - room)), '');
    out = escapeText(cut);
  }
  return out;
}

function invert(codes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(codes).map(([name, code]) => [code, name]));
}
