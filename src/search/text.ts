import { stem } from 'porter2';
import type { Span } from '../types.js';
import { PHRASES, STOP_WORDS, WORD_FORMS } from './english.js';

// The one text pipeline: indexing and queries both go through `analyze`.

/** A word of a text: where it stands, and the index term it becomes. */
export interface Token {
  start: number;
  end: number;
  /** The folded, lowercased word as written (for suggestions and display). */
  word: string;
  /** The index term (stemmed, folded); `null` for stop words. */
  term: string | null;
}

// Dotted acronyms ("U.S."), then words with inner apostrophes, dots or digit groups ("Russia's", "vov.vn", "28,000").
const WORD = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:(?:['’]|\.(?=[\p{L}\p{N}])|,(?=\d{3}\b))[\p{L}\p{N}]+)*/gu;
const COUNTRY_US = /^(?:US|U\.S\.?|USA|U\.S\.A\.?)$/;
const STOP = new Set(STOP_WORDS);
const ASCII = /^[\x20-\x7e]*$/;
/** Words repeat (Zipf): remembering each written form's term makes indexing several times faster. */
const TERM_CACHE = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 200_000;

/** Removes accents and folds typographic quotes and dashes: "Tổng thống" → "Tong thong", ’ → '. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Text compared case-, accent-, quote- and punctuation-insensitively: "The “Right” one" → "the right one". */
export function normaliseForMatch(text: string): string {
  return foldText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded, lowercased form of a written word, possessive and dots removed: "Russia's" → "russia". */
export function plainWord(surface: string): string {
  return foldText(surface)
    .toLowerCase()
    .replace(/'(s)?$/, '')
    .replace(/[.']/g, '');
}

/** Turns one written word into its index term, or `null` for a stop word. Case matters only for "US". */
export function termOf(surface: string): string | null {
  const cached = TERM_CACHE.get(surface);
  if (cached !== undefined) return cached;
  const term = computeTerm(surface);
  if (TERM_CACHE.size >= TERM_CACHE_LIMIT) TERM_CACHE.clear();
  TERM_CACHE.set(surface, term);
  return term;
}

function computeTerm(surface: string): string | null {
  const folded = foldText(surface);
  if (COUNTRY_US.test(folded)) return 'usa';
  const lower = folded.toLowerCase();
  if (/^\d/.test(lower)) return lower.replace(/,/g, '');
  const word = plainWord(surface);
  if (!word || STOP.has(word)) return null;
  return stem(WORD_FORMS.get(word) ?? word);
}

/** Splits a text into tokens with their index terms; known phrases ("United States") become one token. */
export function analyze(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const surface = match[0];
    const term = termOf(surface);
    tokens.push({ start, end: start + surface.length, word: foldText(surface).toLowerCase(), term });
  }
  return joinPhrases(tokens);
}

const PHRASE_LIST = [...PHRASES]
  .map(([phrase, term]) => ({ words: phrase.split(' '), term: stem(term) }))
  .sort((a, b) => b.words.length - a.words.length);

function joinPhrases(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = PHRASE_LIST.find((p) => p.words.every((w, k) => tokens[i + k]?.word === w));
    if (phrase) {
      const last = tokens[i + phrase.words.length - 1]!;
      out.push({ start: tokens[i]!.start, end: last.end, word: phrase.words.join(' '), term: phrase.term });
      i += phrase.words.length - 1;
    } else out.push(tokens[i]!);
  }
  return out;
}

/** The index terms of a text, in order, stop words left out. */
export function termsOf(text: string): string[] {
  return analyze(text).flatMap((t) => (t.term ? [t.term] : []));
}

/** The spans of `text` whose terms are in `terms`, for bolding matched words. */
export function highlightSpans(text: string, terms: ReadonlySet<string>, tokens: Token[] = analyze(text)): Span[] {
  const spans: Span[] = [];
  for (const token of tokens) {
    if (!token.term || !terms.has(token.term)) continue;
    // Bold "NATO", not "NATO's".
    spans.push([token.start, token.end - (/['’]s$/.test(text.slice(token.start, token.end)) ? 2 : 0)]);
  }
  return spans;
}

/** Optimal string alignment distance: Levenshtein plus transpositions of adjacent letters. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Changes whenever the pipeline or its word lists do: cached indexes built by another version are rebuilt. */
export const PIPELINE_VERSION = `3-${hash(JSON.stringify([STOP_WORDS, Object.fromEntries(WORD_FORMS), Object.fromEntries(PHRASES), WORD.source]))}`;

/** A short stable hash of a text (FNV-1a), for versions and cache keys. */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
