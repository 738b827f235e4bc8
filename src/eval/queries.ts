import type { Library } from '../search/library.js';
import { normaliseForMatch } from '../search/text.js';

export { normaliseForMatch };

/** One evaluation query: what a person types, and phrases of which the right passage holds one (none: no answer). */
export interface EvalQuery {
  q: string;
  expect: string[];
  kind?: string;
}

export interface EvalReport {
  queries: number;
  answerable: number;
  noAnswer: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  noAnswerAccuracy: number;
  misses: Array<{ q: string; kind?: string; rank: number; top?: string }>;
}

/** Parses a JSON-lines query file; a bad line is an error naming its line number. */
export function parseEvalQueries(text: string, file = 'queries'): EvalQuery[] {
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      const parsed = JSON.parse(line) as EvalQuery;
      if (typeof parsed.q !== 'string' || !Array.isArray(parsed.expect)) throw new Error('needs "q" and "expect"');
      return [parsed];
    } catch (error) {
      throw new Error(`${file}:${i + 1}: ${(error as Error).message}`);
    }
  });
}

/** hit@1, hit@3, MRR (first right result in the top 5) and no-answer accuracy of a search function. */
export function evaluate(search: (q: string) => string[], queries: EvalQuery[]): EvalReport {
  let hits = 0;
  let hits3 = 0;
  let reciprocal = 0;
  let noAnswerRight = 0;
  const misses: EvalReport['misses'] = [];
  const answerable = queries.filter((q) => q.expect.length);
  for (const query of queries) {
    const texts = search(query.q).slice(0, 5).map(normaliseForMatch);
    if (!query.expect.length) {
      if (!texts.length) noAnswerRight++;
      else misses.push({ q: query.q, kind: query.kind, rank: -1, top: texts[0] });
      continue;
    }
    const expected = query.expect.map(normaliseForMatch);
    const rank = texts.findIndex((t) => expected.some((e) => t.includes(e)));
    if (rank === 0) hits++;
    if (rank >= 0 && rank < 3) hits3++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    if (rank !== 0) misses.push({ q: query.q, kind: query.kind, rank, top: texts[0] });
  }
  const noAnswer = queries.length - answerable.length;
  return {
    queries: queries.length,
    answerable: answerable.length,
    noAnswer,
    hitAt1: answerable.length ? hits / answerable.length : 1,
    hitAt3: answerable.length ? hits3 / answerable.length : 1,
    mrr: answerable.length ? reciprocal / answerable.length : 1,
    noAnswerAccuracy: noAnswer ? noAnswerRight / noAnswer : 1,
    misses,
  };
}

/** `evaluate` over a redline library. */
export function evaluateLibrary(library: Library, queries: EvalQuery[]): EvalReport {
  return evaluate((q) => library.search(q, { limit: 5 }).hits.map((h) => h.passage.text), queries);
}
