// Benchmark corpora: news articles (from the BBC CSV, or generated) as redline `Document`s.
import type { Document } from '../src/types.js';
import { parseCsvRecords } from './csv.js';

/** One news article as the CSV has it: a category and lowercased text. */
export interface NewsRow {
  category: string;
  text: string;
}

/** Size a passage is aimed at when a text has no paragraph breaks of its own. */
export const PARAGRAPH_TARGET = 600;

/** Reads the `category,text` CSV; rows without text are skipped. */
export function newsRowsFromCsv(csv: string): NewsRow[] {
  return parseCsvRecords(csv)
    .map((r) => ({ category: (r.category ?? '').trim(), text: (r.text ?? '').trim() }))
    .filter((r) => r.text);
}

// In the CSV, a paragraph break survives as a sentence end followed by two or more spaces.
const PARAGRAPH_BREAK = /(?<=[.!?])\s{2,}/;
const SENTENCE_END = /[.!?]+(?=\s|$)/g;

/**
 * Splits article text into paragraphs: at its own paragraph breaks where it has them; otherwise
 * (or for a paragraph over twice the target) into runs of sentences of about `target` characters.
 */
export function paragraphsOf(text: string, target = PARAGRAPH_TARGET): string[] {
  const clean = (p: string) => p.replace(/\s+/g, ' ').trim();
  return text
    .split(PARAGRAPH_BREAK)
    .map(clean)
    .filter(Boolean)
    .flatMap((p) => (p.length > target * 2 ? splitAtSentences(p, target) : [p]));
}

/** Groups sentences into pieces of about `target` characters (a piece ends at the first sentence end past it). */
export function splitAtSentences(text: string, target = PARAGRAPH_TARGET): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end - start >= target) {
      pieces.push(text.slice(start, end).trim());
      start = end;
    }
  }
  const rest = text.slice(start).trim();
  if (rest) {
    // A short tail joins the piece before it rather than standing alone.
    if (pieces.length && rest.length < target / 4) pieces[pieces.length - 1] += ` ${rest}`;
    else pieces.push(rest);
  }
  return pieces;
}

/** A short title from the article's first words (the CSV merges the headline into the text). */
export function titleOf(text: string): string {
  const words = text.split(/\s+/).slice(0, 8).join(' ');
  return words.length > 60 ? `${words.slice(0, 57)}...` : words;
}

/**
 * `copies` copies of every row as documents, each with its own id (`news-<copy>-<row>`): one
 * section per article, titled by its category.
 */
export function newsDocuments(rows: NewsRow[], copies: number, source = 'bbc.co.uk'): Document[] {
  const base = rows.map((row) => ({ row, paragraphs: paragraphsOf(row.text), title: titleOf(row.text) }));
  const documents: Document[] = [];
  for (let copy = 1; copy <= copies; copy++) {
    base.forEach(({ row, paragraphs, title }, i) => {
      const category = row.category || 'News';
      documents.push({
        id: `news-${copy}-${i + 1}`,
        title,
        source,
        file: `bench/news-${copy}-${i + 1}.txt`,
        sections: [{ title: category, slug: category.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'news', paragraphs, captions: [] }],
      });
    });
  }
  return documents;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same documents on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The most frequent words of English news, so generated text has stop words where real text does.
const COMMON = (
  'the of to and a in that is for on it was said he with as his at by be from has have are but not this an ' +
  'they which who will had were been their would its also after more one year new we there two than up first ' +
  'last government people can all about out over when time if told into minister game could should party world'
).split(' ');
const ONSETS = [
  'b',
  'br',
  'c',
  'ch',
  'cl',
  'd',
  'dr',
  'f',
  'fl',
  'g',
  'gr',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'pl',
  'pr',
  'r',
  's',
  'sh',
  'st',
  't',
  'tr',
  'v',
  'w',
  '',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
const CODAS = ['', '', 'n', 'r', 's', 't', 'l', 'nd', 'st', 'ng', 'm'];

/** A vocabulary of `size` distinct lowercase words: common English first, then pronounceable made-up words. */
export function syntheticVocabulary(size: number, random: () => number): string[] {
  const words = new Set(COMMON.slice(0, size));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  while (words.size < size) {
    const r = random();
    const syllables = r < 0.35 ? 1 : r < 0.85 ? 2 : 3;
    let word = '';
    for (let s = 0; s < syllables; s++) word += pick(ONSETS) + pick(VOWELS) + pick(CODAS);
    if (word.length >= 3) words.add(word);
  }
  return [...words];
}

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (Zipf), as word frequencies in text are. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1) ** s;
  return () => {
    const u = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! < u) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export interface SyntheticOptions {
  /** How many articles. Default 928 (as many as the BBC CSV). */
  count?: number;
  seed?: number;
  /** Distinct words. Default 20,000. */
  vocabulary?: number;
}

/**
 * Generated news-like articles in the CSV's shape (lowercase, paragraphs separated by two spaces,
 * ~2,250 characters each), for clones without the data file. Deterministic for a seed.
 */
export function syntheticNewsRows({ count = 928, seed = 20211, vocabulary = 20_000 }: SyntheticOptions = {}): NewsRow[] {
  const random = mulberry32(seed);
  const words = syntheticVocabulary(vocabulary, random);
  const nextWord = zipfSampler(words.length, 1.05, random);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const sentence = () => {
    const n = between(8, 30);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(words[nextWord()]!);
    return `${out.join(' ')}.`;
  };
  const rows: NewsRow[] = [];
  for (let i = 0; i < count; i++) {
    const paragraphs: string[] = [];
    const target = between(1200, 3300);
    let length = 0;
    while (length < target) {
      const p = Array.from({ length: between(1, 3) }, sentence).join(' ');
      paragraphs.push(p);
      length += p.length + 2;
    }
    rows.push({ category: random() < 0.55 ? 'Sports' : 'Politics', text: paragraphs.join('  ') });
  }
  return rows;
}
