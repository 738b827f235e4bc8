import type { Passage } from '../types.js';
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
export function coverageOf(
  terms: QueryTerm[],
  match: Readonly<Record<string, readonly string[]>>,
): { coverage: number; namesSection: boolean } {
  let namesSection = false;
  const best = terms.map((t) => {
    let word = 0;
    for (const [alt, credit] of t.alternatives) {
      // A term may be any word ("constructor"): only the match's own keys count.
      const fields = Object.hasOwn(match, alt) ? (match[alt] as readonly Field[]) : undefined;
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
export function coverageFrom(terms: readonly QueryTerm[], best: ArrayLike<number>, offset = 0): number {
  let matched = 0;
  let weight = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const b = best[offset + i]!;
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
