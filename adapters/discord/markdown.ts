import type { Span } from '../../src/types.js';

/** What a cut text ends with. */
export const ELLIPSIS = '…';

/** Characters that start Discord formatting anywhere in a line, masked links and `<@…>` / `<#…>` / `<t:…>` tags. */
const INLINE_SYNTAX = /[\\*_~`|[\]<]/g;
/** Block syntax that only counts at the start of a line: quotes, headings, subtext, lists (`1.`). */
const LINE_START_MARK = /^([ \t]*)([>#-])/gm;
const LINE_START_NUMBER = /^([ \t]*\d+)\./gm;
/** Mass mentions; a zero-width space keeps them from rendering as mentions (they never ping: allowed_mentions). */
const MASS_MENTION = /@(everyone|here)/gi;
const ZERO_WIDTH_SPACE = '\u200b';

/** Escapes Discord markdown and mention syntax so text from a user or the corpus shows as written. */
export function escapeMarkdown(text: string): string {
  let out = text.replace(INLINE_SYNTAX, '\\$&').replace(LINE_START_MARK, '$1\\$2').replace(LINE_START_NUMBER, '$1\\.');
  if (out.includes('@')) out = out.replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`);
  return out;
}

/** A run of text, bold or not, before escaping. */
export interface Piece {
  text: string;
  bold?: boolean;
}

/** Splits text into plain and bold pieces at the highlight spans (sorted, merged and clamped first). */
export function highlightPieces(text: string, spans: readonly Span[]): Piece[] {
  const merged: Array<[number, number]> = [];
  for (const [rawStart, rawEnd] of [...spans].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(0, Math.min(text.length, rawStart));
    const end = Math.max(start, Math.min(text.length, rawEnd));
    if (end === start) continue;
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const pieces: Piece[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) pieces.push({ text: text.slice(at, start) });
    // Bold that starts or ends with white space does not render: keep the spaces outside.
    const inner = text.slice(start, end);
    const lead = /^\s*/.exec(inner)![0];
    const trail = /\s*$/.exec(inner.slice(lead.length))![0];
    if (lead) pieces.push({ text: lead });
    if (inner.trim()) pieces.push({ text: inner.trim(), bold: true });
    if (trail) pieces.push({ text: trail });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/**
 * Escapes the pieces and joins them (bold as `**…**`) within `max` characters, cutting at a word
 * boundary and ending with "…" when it has to cut. A single word longer than `max` is cut inside.
 */
export function fitMarkdown(pieces: readonly Piece[], max: number): string {
  const escaped = pieces.map((piece) => ({ text: escapeMarkdown(piece.text), bold: piece.bold === true }));
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

/** Plain text (no markdown rendering, e.g. footers) cut at a word boundary to `max` characters. */
export function fitPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = max - ELLIPSIS.length;
  if (budget <= 0) return takeAtoms(text, max);
  const head = takeAtoms(text, budget + 1);
  const space = head.search(/\s\S*$/);
  const cut = space > 0 ? head.slice(0, space) : takeAtoms(text, budget);
  return `${cut.trimEnd()}${ELLIPSIS}`;
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

/**
 * The longest prefix of `text` within `max` characters that splits neither an escape (`\*`)
 * nor a surrogate pair.
 */
function takeAtoms(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  // A high surrogate at the end would lose its pair.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  // Escapes pair up from the left: an odd run of backslashes at the end leaves one without its character.
  let run = 0;
  while (run < end && text[end - 1 - run] === '\\') run++;
  if (run % 2 === 1) end--;
  return text.slice(0, end);
}
