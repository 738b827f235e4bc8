import type { Piece } from '../../src/present/present.js';
import { cutAtWord, ELLIPSIS, takeGraphemes } from '../../src/present/cut.js';

/** Characters that start Discord formatting anywhere in a line, masked links and `<@…>` / `<#…>` / `<t:…>` tags. */
const INLINE_SYNTAX = /[\\*_~`|[\]<]/g;
/** Block syntax that only counts at the start of a line: quotes, headings, subtext, lists (`1.`). */
const LINE_START_MARK = /^([ \t]*)([>#-])/gm;
const LINE_START_NUMBER = /^([ \t]*\d+)\./gm;
/** Mass mentions; a zero-width space keeps them from rendering as mentions (they never ping: allowed_mentions). */
const MASS_MENTION = /@(everyone|here)/gi;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Escapes Discord markdown and mention syntax so text from a user or the corpus shows as written.
 * `atLineStart: false` for a piece that continues a line ("**Russia**-US": the "-" starts no list).
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  const head = atLineStart ? '' : text.slice(0, text.includes('\n') ? text.indexOf('\n') : text.length);
  const rest = text.slice(head.length);
  let out =
    head.replace(INLINE_SYNTAX, '\\$&') +
    rest.replace(INLINE_SYNTAX, '\\$&').replace(LINE_START_MARK, '$1\\$2').replace(LINE_START_NUMBER, '$1\\.');
  if (out.includes('@')) out = out.replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`);
  return out;
}

/**
 * Escapes the pieces and joins them (bold as `**…**`) within `max` characters, cutting at a word
 * boundary and ending with "…" when it has to cut. A single word longer than `max` is cut inside.
 */
export function fitMarkdown(pieces: readonly Piece[], max: number): string {
  const escaped = escapePieces(pieces);
  const whole = escaped.map(({ text, bold }) => (bold ? `**${text}**` : text)).join('');
  if (whole.length <= max) return whole;

  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const { text, bold } of escaped) {
    const marker = bold ? '**' : '';
    let opened = false;
    for (const word of text.split(/(\s+)/)) {
      if (!word) continue;
      const open = opened ? '' : marker;
      if (out.length + open.length + word.length + marker.length <= budget) {
        out += open + word;
        opened = true;
        continue;
      }
      if (!out.trim()) {
        // Nothing shown yet: a word too long for the whole budget is cut inside, never dropped.
        const room = budget - out.length - open.length - marker.length;
        const part = takeAtoms(word, room);
        if (part) {
          out += open + part;
          opened = true;
        }
      }
      return closeAndEnd(out, opened ? marker : '');
    }
    if (opened) out += marker;
  }
  return closeAndEnd(out, '');
}

/**
 * The pieces escaped, each run of plain pieces as one text: where the pieces split ("foo" " "
 * "# heading") never changes what is escaped. A plain run starts a line when it comes first or
 * its bold piece before ends a line; a bold piece's closing `**` is followed by no block syntax.
 */
function escapePieces(pieces: readonly Piece[]): Array<{ text: string; bold: boolean }> {
  const runs: Array<{ text: string; bold: boolean }> = [];
  for (const piece of pieces) {
    const last = runs.at(-1);
    if (last && !last.bold && piece.bold !== true) last.text += piece.text;
    else runs.push({ text: piece.text, bold: piece.bold === true });
  }
  let lineStart = true;
  return runs.map(({ text, bold }) => {
    const escaped = { text: escapeMarkdown(text, lineStart), bold };
    const lastBreak = text.lastIndexOf('\n');
    lineStart = !bold && /^[ \t]*$/.test(text.slice(lastBreak + 1)) && (lineStart || lastBreak >= 0);
    return escaped;
  });
}

/** Plain text (no markdown rendering, e.g. footers) cut at a word boundary to `max` characters. */
export function fitPlain(text: string, max: number): string {
  return cutAtWord(text, max);
}

/** Escaped text cut to `max` at a word boundary (no bold). */
export function fitEscaped(text: string, max: number): string {
  return fitMarkdown([{ text }], max);
}

function closeAndEnd(out: string, marker: string): string {
  let text = out.trimEnd();
  if (marker) {
    if (text.endsWith(marker)) text = text.slice(0, -marker.length).trimEnd();
    else text += marker;
  }
  return `${text}${ELLIPSIS}`;
}

/** The longest prefix of `text` within `max` characters that splits neither an escape (`\*`) nor a grapheme. */
function takeAtoms(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = takeGraphemes(text, max).length;
  // Escapes pair up from the left: an odd run of backslashes at the end leaves one without its character.
  let run = 0;
  while (run < end && text[end - 1 - run] === '\\') run++;
  if (run % 2 === 1) end--;
  return text.slice(0, end);
}
