import type { Span } from '../types.js';

/** Words that end with a period but rarely end a sentence. */
// biome-ignore format: a word list reads best packed
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'rep', 'sen', 'gov',
  'pres', 'amb', 'rev', 'hon', 'messrs', 'vs', 'etc', 'no', 'nos', 'vol', 'p', 'pp', 'fig', 'approx', 'dept',
  'est', 'inc', 'ltd', 'co', 'corp', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct',
  'nov', 'dec', 'e.g', 'i.e', 'cf', 'al',
]);

/** After a dotted acronym ("U.S."), these words start a new sentence; other capitalised words (names) do not. */
// biome-ignore format: a word list reads best packed
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'it', 'this', 'that', 'these', 'those', 'he', 'she', 'they', 'we', 'i', 'but', 'and', 'in',
  'on', 'at', 'for', 'however', 'meanwhile', 'there', 'its', 'his', 'her', 'their', 'according', 'while', 'as',
  'if', 'when', 'after', 'before', 'since', 'earlier', 'later', 'recently', 'instead', 'moreover',
]);

const CANDIDATE = /[.!?…]+["'”’)\]]*(?=\s+|$)/g;

/**
 * Splits text into sentences, as character spans. Handles honorifics ("Mr. Putin"), dotted
 * acronyms ("U.S."), initials ("J. Biden") and decimals ("2.5"), where `Intl.Segmenter` alone
 * splits wrongly.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  for (const match of text.matchAll(CANDIDATE)) {
    const end = match.index + match[0].length;
    if (end <= start) continue;
    if (!endsSentence(text, match.index, match[0], end)) continue;
    spans.push([start, end]);
    start = skipSpace(text, end);
  }
  const tail = text.trimEnd().length;
  if (start < tail) spans.push([start, tail]);
  return spans;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function endsSentence(text: string, at: number, mark: string, end: number): boolean {
  const next = /^\s+(["'“‘([]*)(\S+)/.exec(text.slice(end, end + 40));
  if (!next) return true; // end of text
  const nextWord = next[2]!;
  const nextStartsUpper = /^[\p{Lu}\p{N}]/u.test(nextWord) || next[1] !== '';
  if (!mark.startsWith('.')) return nextStartsUpper || /^\p{Lu}/u.test(nextWord);
  const before = /([\p{L}\p{N}.]+)$/u.exec(text.slice(Math.max(0, at - 20), at))?.[1] ?? '';
  const word = before.toLowerCase();
  if (!nextStartsUpper) return false;
  if (ABBREVIATIONS.has(word)) return false;
  // A single capital letter is an initial ("J. Biden").
  if (/^\p{Lu}$/u.test(before)) return false;
  // Dotted acronyms: "U.S." ends a sentence only before a typical sentence opener.
  if (/^(\p{L}\.)+\p{L}$/u.test(before)) return SENTENCE_STARTERS.has(nextWord.toLowerCase().replace(/\W+$/, ''));
  return true;
}
