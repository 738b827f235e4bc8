import type { QueryTerm } from './query.js';

/**
 * How sure the search is of its answers, from what any corpus gives a query: how much of the
 * query's own best possible score the passage reaches (`ratio`: its score over the sum of each
 * word's best score in any passage), how many words the query has, and how far the top passage
 * stands above the next (`margin`). Each is a share or a count, not a raw score, so the numbers
 * mean the same on a corpus of one article and of thousands. The weights are logistic fits on one
 * development set (29 Wikipedia articles, their questions and other articles' questions); the
 * other genres of the eval check them.
 */

/** Past this many words a query is not more specific. */
const MAX_WORDS = 8;
const FLOOR = 1e-4;

/** Confidence (estimated probability that the top passage answers the question) at or over which the bot may answer on its own: on the development set, the lowest at which at least 95% of such answers are right and at most 2% of off-topic questions get one. */
export const AUTO_ANSWER_CONFIDENCE = 0.85;

/** Below this relevance (`relevanceOf` of the known words), nothing in the corpus is taken to answer the question: on the development set, 2.2% of the answerable questions fall below it and 82.5% of the off-topic ones. */
export const MIN_RELEVANCE = 0.18;

const RELEVANCE = { bias: -0.1965, ratio: 2.1757, words: 0.6979 };
const CONFIDENCE = { bias: -1.5565, ratio: 1.8431, words: 0.5566, margin: 4.1497 };

/** The query's best possible score: each word at the best score any of its alternatives has in any passage (`peak`). */
export function selfScore(terms: readonly QueryTerm[], peak: (term: string) => number): number {
  let total = 0;
  for (const t of terms) {
    let best = 0;
    for (const [alt, credit] of t.alternatives) best = Math.max(best, credit * peak(alt));
    total += best;
  }
  return total;
}

/** How many of the query's words the corpus has in some form (itself, a related word or a correction): the words a passage can match. */
export function knownWords(terms: readonly QueryTerm[]): number {
  return terms.filter((t) => t.reading !== 'unknown').length;
}

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const logRatio = (score: number, self: number) => Math.log(Math.max(FLOOR, self > 0 ? score / self : 0));

/** Estimated probability that the top passage answers the question, without the margin over the next: whether anything does. */
export function relevanceOf(words: number, score: number, self: number): number {
  return logistic(RELEVANCE.bias + RELEVANCE.ratio * logRatio(score, self) + RELEVANCE.words * Math.min(words, MAX_WORDS));
}

/** Estimated probability that a passage answers the question (`other`: the best score among the other passages). */
export function confidenceOf(words: number, score: number, other: number, self: number): number {
  const margin = score > 0 ? (score - other) / score : 0;
  const p = logistic(
    CONFIDENCE.bias + CONFIDENCE.ratio * logRatio(score, self) + CONFIDENCE.words * Math.min(words, MAX_WORDS) + CONFIDENCE.margin * margin,
  );
  return Math.round(p * 1000) / 1000;
}

/** Each ranked passage's confidence (`ranked` best first; the margin of each is over the best of the others). */
export function confidences(words: number, self: number, ranked: ReadonlyArray<{ score: number }>): number[] {
  return ranked.map((r, i) => confidenceOf(words, r.score, i === 0 ? (ranked[1]?.score ?? 0) : ranked[0]!.score, self));
}
