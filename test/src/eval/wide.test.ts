import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { englishLexicon } from '../../../app/corpus/english.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { parseSquad, type SquadArticle } from '../../../src/eval/squad.js';
import { answersQuestion, confidenceCurve, evaluateWide, sampleQuestions, wideCorpus, type WideSearcher } from '../../../src/eval/wide.js';
import { AUTO_ANSWER_CONFIDENCE } from '../../../src/search/confidence.js';
import { Library } from '../../../src/search/library.js';

describe('answersQuestion (the wide protocol)', () => {
  const paragraph =
    'The 1973 oil crisis began in October 1973 when the members of the Organization of Arab Petroleum Exporting Countries proclaimed an oil embargo.';
  it('needs a stretch of 80 characters of the paragraph and one of the answers', () => {
    expect(answersQuestion(paragraph, paragraph, ['October 1973'])).toBe(true);
    expect(answersQuestion(`Before. ${paragraph.slice(0, 90)}`, paragraph, ['October 1973'])).toBe(true);
    expect(answersQuestion(paragraph, paragraph, ['November 1974'])).toBe(false);
    expect(
      answersQuestion('An oil crisis began in October 1973 elsewhere, in another text altogether, with other words.', paragraph, [
        'October 1973',
      ]),
    ).toBe(false);
  });

  it('takes all of a paragraph shorter than 80 characters', () => {
    expect(answersQuestion('Short one. Zed is the capital. More text.', 'Zed is the capital.', ['Zed'])).toBe(true);
    expect(answersQuestion('Zed is a capital.', 'Zed is the capital.', ['Zed'])).toBe(false);
  });
});

describe('evaluateWide', () => {
  const articles: SquadArticle[] = [
    {
      title: 'Policy A',
      paragraphs: ['We share data with partners.', 'We keep data for a year.'],
      questions: [
        { question: 'Do you share my data?', paragraph: 0, answers: ['share data'] },
        { question: 'Do you share my data?', paragraph: 1, answers: ['keep data'] },
        { question: 'How long?', paragraph: 1, answers: ['a year'] },
      ],
    },
    {
      title: 'Policy B',
      paragraphs: ['Nothing is shared.'],
      questions: [{ question: 'Do you share my data?', paragraph: 0, answers: ['Nothing is shared'] }],
    },
  ];

  it('asks a question of several paragraphs once, per document when asked so, and counts declines and off-topic', () => {
    const { ids } = wideCorpus(articles, 'test');
    const asked: Array<[string, string | undefined]> = [];
    const search: WideSearcher = (q, doc) => {
      asked.push([q, doc]);
      if (q === 'off topic') return { texts: ['We keep data for a year.'], confidence: 0.9 };
      if (doc === ids[0] && q === 'Do you share my data?') return { texts: ['We keep data for a year.'], confidence: 0.7 };
      if (doc === ids[1]) return { texts: ['Nothing is shared.'], confidence: 0.95 };
      return { texts: [] };
    };
    const report = evaluateWide(articles, ids, search, { every: 1, perDocument: true, offTopic: ['off topic', 'unasked'] });
    expect(asked.filter(([q]) => q === 'Do you share my data?')).toEqual([
      ['Do you share my data?', ids[0]],
      ['Do you share my data?', ids[1]],
    ]);
    expect(report).toMatchObject({ answerable: 3, offTopic: 2, offTopicDeclined: 0.5 });
    expect(report.hitAt1).toBeCloseTo(2 / 3);
    expect(report.declined).toBeCloseTo(1 / 3);
    const [low, high] = confidenceCurve(report, [0.5, 0.9]);
    expect(low).toMatchObject({ answered: 2 / 3, precision: 1, offTopicAnswered: 0.5 });
    expect(high).toMatchObject({ answered: 1 / 3, precision: 1, offTopicAnswered: 0.5 });
  });

  it('writes each article as a Markdown document the corpus reader loads, one block per paragraph', () => {
    const documents = loadCorpus(wideCorpus(articles, 'test').files);
    expect(documents.map((d) => d.title)).toEqual(['Policy A', 'Policy B']);
    expect(documents[0]!.sections.flatMap((s) => s.paragraphs)).toEqual(articles[0]!.paragraphs);
  });
});

// The gate on a real corpus of many documents: a sample of the Wikipedia set's questions, and the
// public articles' questions asked of it (eval/wide/README.md; `npm run eval` prints the full sets).
describe('redline on the Wikipedia set', () => {
  let wikipedia: SquadArticle[];
  let offTopic: string[];
  const english = englishLexicon();
  beforeAll(async () => {
    wikipedia = parseSquad(await readFile(new URL('../../../eval/wide/squad2-dev-29.json', import.meta.url), 'utf8'));
    offTopic = sampleQuestions(parseSquad(await readFile(new URL('../../../eval/squad2-dev-public.json', import.meta.url), 'utf8')), 100);
  });

  const searcher =
    (library: Library): WideSearcher =>
    (q, doc) => {
      const hits = library.search(q, { limit: 5, ...(doc ? { doc } : {}) }).hits;
      return { texts: hits.map((h) => h.passage.text), ...(hits[0]?.confidence !== undefined ? { confidence: hits[0].confidence } : {}) };
    };

  it('declines most off-topic questions, as many at 29 articles as at 5, and few answerable ones; its confident answers are right', () => {
    const { files, ids } = wideCorpus(wikipedia, 'wikipedia.org');
    const documents = loadCorpus(files);
    const report = evaluateWide(wikipedia, ids, searcher(new Library(documents, { english })), { every: 25, perDocument: false, offTopic });
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.8);
    expect(report.declined).toBeLessThanOrEqual(0.04);
    expect(report.offTopicDeclined).toBeGreaterThanOrEqual(0.75);
    const small = new Library(documents.slice(0, 5), { english });
    const smallDeclined = offTopic.filter((q) => !small.search(q).hits.length).length / offTopic.length;
    expect(smallDeclined).toBeGreaterThanOrEqual(0.9);
    const [auto] = confidenceCurve(report, [AUTO_ANSWER_CONFIDENCE]);
    expect(auto!.precision).toBeGreaterThanOrEqual(0.93);
    expect(auto!.answered).toBeGreaterThanOrEqual(0.5);
    expect(auto!.offTopicAnswered).toBeLessThanOrEqual(0.06);
    for (const s of report.scored) expect(s.confidence).toBeGreaterThanOrEqual(0), expect(s.confidence).toBeLessThanOrEqual(1);
  }, 60_000);
});
