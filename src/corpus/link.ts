import type { DocumentMeta, Passage } from '../types.js';

/** Words of a passage a text fragment names at each end: enough to be unique on a page, short enough to match. */
const FRAGMENT_WORDS = 4;

/**
 * The address of a passage itself, where the document has a URL: a PDF's page (`#page=7`), a web
 * page's text fragment (`#:~:text=start,end`, which browsers scroll to and highlight), otherwise
 * the document's URL. Undefined when the document has no URL: nothing is invented.
 */
export function passageLink(document: DocumentMeta, passage: Passage): string | undefined {
  if (!document.url) return undefined;
  const [base, hash] = splitHash(document.url);
  if (document.format === 'pdf') return passage.page ? `${base}#page=${passage.page}` : document.url;
  if (document.format === 'docx') return document.url;
  const words = passage.text.split(/\s+/).filter(Boolean);
  if (!words.length) return document.url;
  const encode = (part: string[]) => encodeURIComponent(part.join(' ')).replace(/-/g, '%2D');
  const fragment =
    words.length <= FRAGMENT_WORDS * 2
      ? encode(words)
      : `${encode(words.slice(0, FRAGMENT_WORDS))},${encode(words.slice(-FRAGMENT_WORDS))}`;
  return `${base}#${hash}:~:text=${fragment}`;
}

function splitHash(url: string): [string, string] {
  const at = url.indexOf('#');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1).split(':~:')[0]!];
}
