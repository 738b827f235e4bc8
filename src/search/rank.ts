import type { Passage } from '../types.js';
import type { AnswerType } from './english.js';
import type { QueryTerm } from './query.js';

/** The index fields, in the order of a posting's field bits. */
export const FIELDS = ['title', 'section', 'text', 'related'] as const;
export type Field = (typeof FIELDS)[number];

/** How much a match in each field counts towards covering a query word: a passage's own words in full. */
const FIELD_CREDIT: Record<Field, number> = { text: 1, section: 1, related: 0.85, title: 0.7 };
/** How much a query word the corpus has, but not in this passage, counts against it (1 = in full). */
const ELSEWHERE_WEIGHT = 0.75;

/** One passage that answers a query: its final score and the index terms it matched. */
export interface Ranked {
  /** The passage's position in the library (corpus order). */
  index: number;
  passage: Passage;
  score: number;
  coverage: number;
  terms: string[];
}

/** How much a posting's fields (a bit mask in `FIELDS` order) count towards covering a word: its best field's credit. */
export const MASK_CREDIT: Float64Array = Float64Array.from({ length: 1 << FIELDS.length }, (_, mask) =>
  Math.max(0, ...FIELDS.filter((_, i) => mask & (1 << i)).map((f) => FIELD_CREDIT[f])),
);
/** The bit of the section field in a posting's mask. */
export const SECTION_BIT = 1 << FIELDS.indexOf('section');

/**
 * The share of a query's information a passage matches (0-1): each word weighted by its rarity,
 * at the credit of the best alternative the passage holds (a synonym or a correction earns less).
 */
export function coverageOf(terms: QueryTerm[], match: Readonly<Record<string, readonly string[]>>): { coverage: number; namesSection: boolean } {
  let namesSection = false;
  const best = terms.map((t) => {
    let word = 0;
    for (const [alt, credit] of t.alternatives) {
      const fields = match[alt] as readonly Field[] | undefined;
      if (!fields) continue;
      const mask = fields.reduce((m, f) => m | (1 << FIELDS.indexOf(f)), 0);
      if (mask & SECTION_BIT) namesSection = true;
      word = Math.max(word, credit * MASK_CREDIT[mask]!);
    }
    return word;
  });
  return { coverage: coverageFrom(terms, best), namesSection };
}

/** Coverage from each query word's best credit in a passage (`best[i]` for `terms[i]`, 0 when absent). */
export function coverageFrom(terms: readonly QueryTerm[], best: ArrayLike<number>, offset = 0, stride = 1): number {
  let matched = 0;
  let weight = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const b = best[offset + i * stride]!;
    matched += t.weight * b;
    // A corpus word matched elsewhere weighs less: the corpus treats it, just not here.
    weight += b > 0 || t.reading !== 'corpus' ? t.weight : t.weight * ELSEWHERE_WEIGHT;
  }
  return weight ? matched / weight : 0;
}

/**
 * The query words a passage may hold and still not reach `minCoverage` unless it holds one of
 * the others: matching every one of them in full, and none of the rest, is short of the gate (see
 * `coverageOf`). They are chosen costliest first (`cost`: a word's postings), so that only the
 * passages of the cheap words need be candidates. `closed[i]` for `terms[i]`; none when a credit
 * is over 1 (the bound assumes none is).
 */
export function closedWords(terms: readonly QueryTerm[], minCoverage: number, cost: (i: number) => number): boolean[] {
  const closed = terms.map(() => false);
  if (terms.some((t) => [...t.alternatives.values()].some((c) => c > 1))) return closed;
  const missing = (t: QueryTerm) => (t.reading === 'corpus' ? t.weight * ELSEWHERE_WEIGHT : t.weight);
  let matched = 0;
  let absent = terms.reduce((sum, t) => sum + missing(t), 0);
  const order = terms.map((_, i) => i).sort((a, b) => cost(b) - cost(a) || terms[a]!.weight - terms[b]!.weight);
  for (const i of order) {
    const t = terms[i]!;
    const m = matched + t.weight;
    const a = absent - missing(t);
    if (m / (m + a) < minCoverage) {
      closed[i] = true;
      matched = m;
      absent = a;
    }
  }
  return closed;
}

const PATTERNS: Record<AnswerType, RegExp> = {
  time: /\b(?:1[0-9]{3}|20[0-9]{2}|[0-9]{1,2}(?:st|nd|rd|th) centur(?:y|ies)|centur(?:y|ies)|January|February|March|April|May|June|July|August|September|October|November|December|decade|[0-9]{2,4}s)\b/,
  number: /\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen)\b/i,
  person: /\b\p{Lu}\p{Ll}+ (?:\p{Lu}\.? )?\p{Lu}\p{Ll}+|\b(?:King|Queen|Duke|Count|Pope|Emperor|President|Prince|Bishop|Lord|Sir)\b/u,
  place: /\b(?:in|at|from|to|near) (?:the )?\p{Lu}\p{Ll}+/u,
};

/** Whether a passage holds text of the kind a question asks for (a date for "when", a number for "how many"). */
export function holdsAnswerType(text: string, type: AnswerType | undefined): boolean {
  return type !== undefined && PATTERNS[type].test(text);
}

/** Ranking order: higher score first, then corpus order. */
export function before(a: Ranked, b: Ranked): boolean {
  return a.score > b.score || (a.score === b.score && a.index < b.index);
}

/** Keeps in `best` the `top` highest-scoring entries, best first, without sorting everything. */
export function keepBest(best: Ranked[], entry: Ranked, top: number): void {
  if (best.length >= top && !before(entry, best[best.length - 1]!)) return;
  let lo = 0;
  let hi = best.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(best[mid]!, entry)) lo = mid + 1;
    else hi = mid;
  }
  best.splice(lo, 0, entry);
  if (best.length > top) best.pop();
}

/**
 * Each index term's query words and what it is worth to each (credit × weight), worked out once
 * per query for `focusOf`: by term id, so a passage's tokens are looked up in an array.
 */
export interface CreditTable {
  /** Term id → index in `hits`, or -1 (a buffer shared between queries: `release` clears it). */
  slot: Int32Array;
  hits: Array<Array<[word: number, worth: number]>>;
  ids: number[];
}

export function creditTable(terms: readonly QueryTerm[], idOf: (term: string) => number, slot: Int32Array): CreditTable {
  const table: CreditTable = { slot, hits: [], ids: [] };
  terms.forEach((t, i) => {
    for (const [alt, c] of t.alternatives) {
      const id = idOf(alt);
      if (id < 0) continue;
      if (slot[id]! < 0) {
        slot[id] = table.hits.length;
        table.hits.push([]);
        table.ids.push(id);
      }
      table.hits[slot[id]!]!.push([i, c * t.weight]);
    }
  });
  return table;
}

/** Frees the table's slots for the next query. */
export function releaseCredit(table: CreditTable): void {
  for (const id of table.ids) table.slot[id] = -1;
}

/** How many words apart two query words may stand and still count as a pair ("battle … hastings"). */
const PAIR_DISTANCE = 3;

/**
 * How closely a passage's matches stand together: the share of its matched query information
 * that its best sentence holds (1 when one sentence holds every matched word), whether that
 * sentence holds what the question asks for, and the share of the query's consecutive word pairs
 * that stand within three words of each other. One walk over the passage's tokens.
 */
export function focusOf(terms: readonly QueryTerm[], credit: CreditTable, tokens: ReadonlyArray<{ start: number; term: string | null }>, ids: Int32Array, sentences: ReadonlyArray<readonly [number, number]>, text: string, answerType: AnswerType | undefined, kinds?: ReadonlySet<string>): { proximity: number; typedNear: boolean; kindNear: boolean; pairs: number } {
  const words = terms.length;
  const perSentence = new Float64Array(Math.max(1, sentences.length) * words);
  const whole = new Float64Array(words);
  // The last position (in tokens) each word was seen at, and which consecutive pairs stood close.
  const last = new Float64Array(words).fill(-Infinity);
  const paired = new Uint8Array(words);
  let s = 0;
  const { slot } = credit;
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position]!;
    if (id < 0 || slot[id]! < 0) continue;
    const hits = credit.hits[slot[id]!]!;
    const start = tokens[position]!.start;
    while (s < sentences.length - 1 && start >= sentences[s]![1]) s++;
    for (const [i, w] of hits) {
      if (w > whole[i]!) whole[i] = w;
      const at = s * words + i;
      if (w > perSentence[at]!) perSentence[at] = w;
      last[i] = position;
      if (i > 0 && position - last[i - 1]! <= PAIR_DISTANCE) paired[i - 1] = 1;
      if (i + 1 < words && position - last[i + 1]! <= PAIR_DISTANCE) paired[i] = 1;
    }
  }
  let pairWeight = 0;
  let pairFound = 0;
  for (let i = 0; i + 1 < words; i++) {
    const w = Math.min(terms[i]!.weight, terms[i + 1]!.weight);
    pairWeight += w;
    if (paired[i]) pairFound += w;
  }
  const pairs = pairWeight ? pairFound / pairWeight : 0;
  let total = 0;
  for (let i = 0; i < words; i++) total += whole[i]!;
  const kindIn = (start: number, end: number) => !!kinds && tokens.some((t) => t.start >= start && t.start < end && t.term !== null && kinds.has(t.term));
  if (!total || !sentences.length) return { proximity: 1, typedNear: holdsAnswerType(text, answerType), kindNear: kindIn(0, text.length), pairs };
  let best = 0;
  let bestSentence = 0;
  for (let j = 0; j < sentences.length; j++) {
    let v = 0;
    for (let i = 0; i < words; i++) v += perSentence[j * words + i]!;
    if (v > best) [best, bestSentence] = [v, j];
  }
  const [start, end] = sentences[bestSentence]!;
  return { proximity: best / total, typedNear: holdsAnswerType(text.slice(start, end), answerType), kindNear: kindIn(start, end), pairs };
}
