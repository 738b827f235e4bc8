// Cutting text to a platform's room without splitting a character a person sees as one.

let graphemes: Intl.Segmenter | undefined;

/** What a cut text ends with. */
export const ELLIPSIS = '…';

/** The longest start of `text` of at most `max` UTF-16 units that ends between two graphemes (an emoji, a flag, an accent stay whole). */
export function takeGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  // Between two characters below U+0300 (no combining marks, joiners, surrogates or Hangul there)
  // there is always a grapheme boundary, except inside CR LF: most cuts need no segmenter.
  const before = text.charCodeAt(max - 1);
  const after = text.charCodeAt(max);
  if (before < 0x300 && after < 0x300 && !(before === 13 && after === 10)) return text.slice(0, max);
  let end = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 16))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/**
 * Cuts text to at most `max` characters, at a word boundary where there is one in the second half,
 * never inside a grapheme, ending with `mark`.
 */
export function cutAtWord(text: string, max: number, mark = ELLIPSIS): string {
  if (text.length <= max) return text;
  const room = max - mark.length;
  if (room <= 0) return takeGraphemes(mark, Math.max(0, max));
  const head = takeGraphemes(text, room + 1);
  const space = head.search(/\s\S*$/);
  const cut = space > room / 2 ? head.slice(0, space) : takeGraphemes(text, room);
  return cut.trimEnd() + mark;
}

/**
 * Joins `format(item)` with `separator` until the text is longer than `max` (the caller cuts it to
 * fit): a list of thousands of documents costs what a message can show of it.
 */
export function joinWithin<T>(items: Iterable<T>, format: (item: T) => string, separator: string, max: number): string {
  let text = '';
  let first = true;
  for (const item of items) {
    text += (first ? '' : separator) + format(item);
    first = false;
    if (text.length > max) break;
  }
  return text;
}
