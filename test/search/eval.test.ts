import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, evaluateLibrary, parseEvalQueries, type EvalQuery } from '../../src/search/evaluate.js';
import { Library } from '../../src/search/library.js';
import { loadShippedDocuments } from '../helpers.js';

let library: Library;
beforeAll(async () => {
  library = new Library(await loadShippedDocuments());
});

async function queries(path: URL): Promise<EvalQuery[] | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  return text === null ? null : parseEvalQueries(text, path.pathname);
}

describe('retrieval quality', () => {
  it('public queries: hit@1 ≥ 0.97 and no answer where the article has none', async () => {
    const public_ = await queries(new URL('../../../shared/eval/queries.public.jsonl', import.meta.url));
    if (!public_) return expect(public_).toBeNull(); // shared/ lies beside the checkout on developer machines and in CI
    const report = evaluateLibrary(library, public_);
    expect(report.misses.filter((m) => m.rank === -1 && m.top)).toEqual([]);
    expect(report.noAnswerAccuracy).toBe(1);
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.97);
  });

  it('our own held-out queries of the same kinds: hit@1 ≥ 0.9 and every no-answer query unanswered', async () => {
    const dev = (await queries(new URL('../../eval/queries.dev.jsonl', import.meta.url)))!;
    expect(dev.length).toBeGreaterThan(30);
    const report = evaluateLibrary(library, dev);
    expect(report.misses.filter((m) => m.rank === -1 && m.top)).toEqual([]);
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.9);
  });
});

describe('evaluate', () => {
  it('scores hit@1, MRR over the top 5 and no-answer accuracy', () => {
    const results: Record<string, string[]> = { a: ['x', 'The “Right” one'], b: [], c: ['something'] };
    const report = evaluate((q) => results[q] ?? [], [
      { q: 'a', expect: ['the right one'] },
      { q: 'b', expect: [] },
      { q: 'c', expect: [] },
    ]);
    expect(report.hitAt1).toBe(0);
    expect(report.mrr).toBe(0.5);
    expect(report.noAnswerAccuracy).toBe(0.5);
  });

  it('names the line of a bad query file', () => {
    expect(() => parseEvalQueries('{"q":"a","expect":[]}\nnot json', 'f.jsonl')).toThrow(/^f\.jsonl:2:/);
  });
});
