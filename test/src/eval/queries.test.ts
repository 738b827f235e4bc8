import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpusFiles } from '../../../app/corpus/files.js';
import { englishLexicon } from '../../../app/corpus/english.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { evaluate, evaluateLibrary, parseEvalQueries, type EvalQuery } from '../../../src/eval/queries.js';
import { evaluateSquad, parseSquad } from '../../../src/eval/squad.js';
import { Library } from '../../../src/search/library.js';
import { loadShippedDocuments, shippedLibraryOptions } from '../../support/helpers.js';

let library: Library;
beforeAll(async () => {
  library = new Library(await loadShippedDocuments(), await shippedLibraryOptions());
});

async function queries(name: string): Promise<EvalQuery[]> {
  const path = new URL(`../../../eval/${name}`, import.meta.url);
  return parseEvalQueries(await readFile(path, 'utf8'), path.pathname);
}

// The figures `npm run eval` prints, guarded: the eval files live in the project, so these run on a fresh clone.
describe('retrieval quality', () => {
  it('public queries: hit@1 1.0 and no answer where the article has none', async () => {
    const report = evaluateLibrary(library, await queries('queries.public.jsonl'));
    expect(report.misses).toEqual([]);
    expect(report.hitAt1).toBe(1);
    expect(report.noAnswerAccuracy).toBe(1);
  });

  it('our own held-out queries of the same kinds: hit@1 ≥ 0.9 and every no-answer query unanswered', async () => {
    const dev = await queries('queries.dev.jsonl');
    expect(dev.length).toBeGreaterThan(30);
    const report = evaluateLibrary(library, dev);
    expect(report.misses.filter((m) => m.rank === -1 && m.top)).toEqual([]);
    expect(report.noAnswerAccuracy).toBe(1);
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.9);
  });

  it('a briefing of another domain (a cloud migration plan), asked in chat words: hit@1 ≥ 0.75, nothing it lacks answered', async () => {
    const dir = new URL('../../../eval/corpora/cloud-migration/', import.meta.url).pathname;
    const other = new Library(loadCorpus(await readCorpusFiles(dir)), { english: englishLexicon() });
    const report = evaluateLibrary(other, await queries('cloud-migration.jsonl'));
    expect(report.noAnswerAccuracy).toBe(1);
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.75);
  });

  it('SQuAD public articles: hit@1 ≥ 0.9, at most 3% of answerable questions declined, at least 90% of off-topic ones', async () => {
    const articles = parseSquad(await readFile(new URL('../../../eval/squad2-dev-public.json', import.meta.url), 'utf8'));
    const english = englishLexicon();
    const report = evaluateSquad(articles, (document) => {
      const one = new Library([document], { english });
      return (q) => one.search(q, { limit: 5 }).hits.map((h) => h.passage.text);
    });
    expect(report.answerable).toBe(204);
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.9);
    expect(report.declined).toBeLessThanOrEqual(0.03);
    expect(report.offTopicDeclined).toBeGreaterThanOrEqual(0.9);
  });
});

describe('evaluate', () => {
  it('scores hit@1, hit@3, MRR over the top 5 and no-answer accuracy', () => {
    const results: Record<string, string[]> = { a: ['x', 'The “Right” one'], b: [], c: ['something'] };
    const report = evaluate(
      (q) => results[q] ?? [],
      [
        { q: 'a', expect: ['the right one'] },
        { q: 'b', expect: [] },
        { q: 'c', expect: [] },
      ],
    );
    expect(report.hitAt1).toBe(0);
    expect(report.hitAt3).toBe(1);
    expect(report.mrr).toBe(0.5);
    expect(report.noAnswerAccuracy).toBe(0.5);
  });

  it('names the line of a bad query file', () => {
    expect(() => parseEvalQueries('{"q":"a","expect":[]}\nnot json', 'f.jsonl')).toThrow(/^f\.jsonl:2:/);
  });
});

describe('evaluateSquad', () => {
  const file = JSON.stringify({
    data: [
      {
        title: 'Alpha',
        paragraphs: [
          {
            context: 'Alpha rivers flow north. The alpha capital is Zed.',
            qas: [
              { question: 'What is the alpha capital?', answers: [{ text: 'Zed' }], is_impossible: false },
              { question: 'Impossible?', answers: [], is_impossible: true },
            ],
          },
        ],
      },
      {
        title: 'Beta',
        paragraphs: [
          { context: 'Beta mountains are tall.', qas: [{ question: 'How tall are beta mountains?', answers: [{ text: 'tall' }] }] },
        ],
      },
    ],
  });

  it('keeps answerable questions, scores each against its own article and the others as off-topic', () => {
    const articles = parseSquad(file);
    expect(articles.map((a) => a.questions.length)).toEqual([1, 1]);
    const byTitle = (document: { title: string }) => (q: string) =>
      q.includes(document.title.toLowerCase())
        ? [document.title === 'Alpha' ? 'The alpha capital is Zed.' : 'Beta mountains are tall.']
        : [];
    const report = evaluateSquad(articles, byTitle);
    expect(report).toMatchObject({ answerable: 2, hitAt1: 1, declined: 0, offTopic: 2, offTopicDeclined: 1 });
  });

  it('names what is wrong with a file that is not SQuAD', () => {
    expect(() => parseSquad('{"version":"x"}', 's.json')).toThrow('s.json: not a SQuAD file (no "data" list)');
    expect(() => parseSquad('nope', 's.json')).toThrow(/^s\.json: not JSON/);
  });
});
