import type { types } from '@slack/bolt';
import type { Piece } from '../../src/present/present.js';
import { cutAtWord, ELLIPSIS } from '../../src/present/cut.js';

// Slack's mrkdwn: escaping, bold, links and cutting that never breaks an entity.

/** Escapes Slack's control characters so that text can never form a mention, a link or a command. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Reads text as Slack sends it (slash commands and events escape `&`, `<` and `>` as HTML
 * entities) back into what the person typed: `&lt;`, `&gt;`, then `&amp;`.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Escapes what a person typed and disarms mrkdwn's formatting marks with look-alikes
 * (Slack has no escape for `*`, `_`, `~`, `` ` ``), so a query is shown as typed, never formatted.
 */
export function escapeUserText(text: string): string {
  return escapeMrkdwn(text).replace(/\*/g, '\u2217').replace(/_/g, '\u02cd').replace(/~/g, '\u223c').replace(/`/g, '\u02cb');
}

/** Cuts already-escaped mrkdwn at a word boundary, never inside an entity such as `&amp;`. */
export function cutMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  let cut = cutAtWord(mrkdwn, max);
  const open = cut.lastIndexOf('&');
  if (open !== -1 && !cut.slice(open).includes(';')) cut = `${cut.slice(0, open).trimEnd()}${ELLIPSIS}`;
  return cut;
}

/** Escaped text with its bold pieces as `*…*`, cut at a word so the result fits in `max`. */
export function fitPieces(pieces: readonly Piece[], max: number): string {
  const text = pieces.map((p) => p.text).join('');
  let room = max;
  for (;;) {
    const cut = cutAtWord(text, room, '');
    const suffix = cut.length < text.length ? ELLIPSIS : '';
    const out = boldMrkdwn(pieces, cut.length) + suffix;
    if (out.length <= max) return out || ELLIPSIS;
    room = Math.min(room, cut.length) - Math.max(1, out.length - max);
    if (room <= 0) return ELLIPSIS;
  }
}

/** The first `length` characters of the pieces as mrkdwn. */
function boldMrkdwn(pieces: readonly Piece[], length: number): string {
  let out = '';
  let at = 0;
  for (const piece of pieces) {
    if (at >= length) break;
    const text = piece.text.slice(0, length - at);
    at += piece.text.length;
    // mrkdwn bold must hug the word: a cut may leave white space at its end.
    const inner = piece.bold ? text.trimEnd() : '';
    out += piece.bold && inner ? `*${escapeMrkdwn(inner)}*${text.slice(inner.length)}` : escapeMrkdwn(text);
  }
  return out;
}

/** An http(s) URL with the characters that could end a Slack link percent-encoded. */
export function linkTarget(url: string): string {
  return new URL(url).href.replace(/[<>|\s"]/g, (c) => encodeURIComponent(c)).replace(/&(?=#?\w+;)/g, '%26');
}

export function mrkdwn(text: string): types.MrkdwnElement {
  // verbatim: Slack adds no links or mentions of its own to our text.
  return { type: 'mrkdwn', text, verbatim: true };
}

export function section(text: string): types.KnownBlock {
  return { type: 'section', text: mrkdwn(text || ELLIPSIS) };
}

export function context(text: string, max: number): types.KnownBlock {
  return { type: 'context', elements: [mrkdwn(cutMrkdwn(text, max))] };
}
