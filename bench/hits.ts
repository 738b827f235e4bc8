// hit@1 for any engine, on the eval queries.
import { readFile } from 'node:fs/promises';
import { normaliseForMatch, parseEvalQueries, type EvalQuery } from '../src/eval/queries.js';

export type { EvalQuery };

export async function readQueries(file: string): Promise<EvalQuery[]> {
  return parseEvalQueries(await readFile(file, 'utf8'), file);
}

/**
 * Whether an engine's top result is right: it holds one of the expected phrases (compared case-,
 * quote- and punctuation-insensitively); for a no-answer query, the engine returned nothing.
 */
export function isHit(query: EvalQuery, results: readonly string[]): boolean {
  if (!query.expect.length) return results.length === 0;
  const top = results[0];
  if (top === undefined) return false;
  const text = normaliseForMatch(top);
  return query.expect.some((phrase) => text.includes(normaliseForMatch(phrase)));
}

/** The share of queries whose top result is a hit (no-answer queries included, see `isHit`). */
export function hitAt1(
  queries: readonly EvalQuery[],
  search: (q: string) => string[],
): { all: number; answerable: number; misses: string[] } {
  let hits = 0;
  let answerableHits = 0;
  const misses: string[] = [];
  for (const query of queries) {
    const hit = isHit(query, search(query.q));
    if (hit) hits++;
    else misses.push(query.q);
    if (hit && query.expect.length) answerableHits++;
  }
  const answerable = queries.filter((q) => q.expect.length).length;
  return { all: queries.length ? hits / queries.length : 1, answerable: answerable ? answerableHits / answerable : 1, misses };
}
