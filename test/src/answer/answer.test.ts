import { beforeAll, describe, expect, it } from 'vitest';
import { answer, type AnswerContext } from '../../../src/answer/answer.js';
import { readCorpusFiles } from '../../../app/corpus/files.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { buildCorpusIndex } from '../../../src/service/corpus-index.js';
import { FIXTURES_DIR, loadShippedIndex, answerOf } from '../../support/helpers.js';

let context: AnswerContext;
beforeAll(async () => {
  context = { ...(await loadShippedIndex()).context, command: 'redline' };
});

describe('answer', () => {
  it('ask: results with total and suggestions', () => {
    const a = answer(context, { command: 'ask', text: 'nato', limit: 1 });
    expect(a.kind).toBe('results');
    if (a.kind !== 'results') return;
    expect(a.hits).toHaveLength(1);
    expect(a.total).toBeGreaterThan(1);
    expect(a.hits[0]!.passage.section).toBe("NATO's expansion to the East");
    // The confidence is the top hit's, the same however many hits are asked for.
    const three = answer(context, { command: 'ask', text: 'nato', limit: 3 });
    expect(a.confidence).toBe(a.hits[0]!.confidence);
    expect(three.kind === 'results' && three.hits[0]!.confidence).toBe(a.hits[0]!.confidence);
    expect(a.confidence).toBeGreaterThan(0);
  });

  it('ask: nothing found is an answer, with suggestions', () => {
    const a = answer(context, { command: 'ask', text: 'bitcoin' });
    expect(a).toMatchObject({ kind: 'results', hits: [], total: 0, confidence: 0 });
    if (a.kind === 'results') expect(a.suggestions.length).toBeGreaterThan(0);
  });

  it('refuses an over-long query with a short message', () => {
    const a = answer(context, { command: 'ask', text: 'x'.repeat(5000) });
    expect(a).toEqual({ kind: 'usage', message: 'That is 5000 characters; a query can be at most 200. Try a few keywords.' });
  });

  it('refuses an unknown document, listing the documents', () => {
    expect(answer(context, { command: 'ask', text: 'nato', doc: 'nope' })).toEqual({
      kind: 'usage',
      message: 'There is no document "nope". Documents: red-line-russia-us.',
    });
  });

  it('topics: each document with its sections and passage counts', () => {
    const a = answer(context, { command: 'topics', text: '' });
    expect(a.kind).toBe('topics');
    if (a.kind !== 'topics') return;
    expect(a.documents[0]!.sections.map((s) => s.title)).toContain('Visa negotiations deadlock');
    expect(a.documents[0]!.sections.reduce((n, s) => n + s.passages, 0)).toBe(context.library.passages.length);
  });

  it('brief: the key text of every section, each an exact part of its passage', () => {
    const a = answer(context, { command: 'brief', text: '' });
    expect(a.kind).toBe('brief');
    if (a.kind !== 'brief') return;
    expect(a.items.map((i) => i.passage.section)).toEqual(context.library.documents[0]!.sections.map((s) => s.title));
    for (const item of a.items) {
      expect(item.passage.text).toContain(item.text);
      expect(item.text.length).toBeLessThanOrEqual(400);
    }
  });

  it('brief on a topic: the best three passages, in document order', () => {
    const a = answer(context, { command: 'brief', text: 'nato' });
    if (a.kind !== 'brief') throw new Error(a.kind);
    expect(a.items).toHaveLength(3);
    const orders = a.items.map((i) => i.passage.order);
    expect(orders).toEqual([...orders].sort((x, y) => x - y));
  });

  it('quote: sentences the text attributes to a speaker, with name and role, misspelt or not', () => {
    for (const q of ['zakharova', 'Maria Zakharova', 'zakharva']) {
      const a = answer(context, { command: 'quote', text: q });
      if (a.kind !== 'quote') throw new Error(a.kind);
      expect(a.quotes.length, q).toBe(2);
      expect(a.quotes[0]).toMatchObject({ speaker: 'Maria Zakharova', role: 'Russian Foreign Ministry spokeswoman' });
      expect(a.quotes[0]!.passage.text).toContain(a.quotes[0]!.text);
    }
    const ryabkov = answer(context, { command: 'quote', text: 'ryabkof' });
    if (ryabkov.kind !== 'quote') throw new Error(ryabkov.kind);
    expect(ryabkov.quotes.map((q) => q.text)).toContain(
      'Ryabkov did not make optimistic forecasts regarding the normalization of relations, stressing that in the current situation Moscow is ready for negative scenarios.',
    );
    const putin = answer(context, { command: 'quote', text: 'putin' });
    if (putin.kind !== 'quote') throw new Error(putin.kind);
    expect(putin.quotes.map((q) => q.text.slice(0, 25))).toContain('According to Mr. Putin, e');
    expect(putin.quotes.every((q) => q.speaker === 'Vladimir Putin')).toBe(true);
  });

  it('quote: the sentence that holds a remembered phrase, small typos allowed', () => {
    for (const q of ['springboard for confrontation', 'springbord for confrontation']) {
      const a = answer(context, { command: 'quote', text: q });
      if (a.kind !== 'quote') throw new Error(a.kind);
      expect(a.quotes[0]!.text, q).toContain('springboard for confrontation with Russia');
      expect(a.quotes[0]!.speaker).toBe('Maria Zakharova');
    }
  });

  it('quote: a phrase remembered in other words ("bad" for "negative")', () => {
    const a = answer(context, { command: 'quote', text: 'ready for bad scenarios' });
    if (a.kind !== 'quote') throw new Error(a.kind);
    expect(a.quotes[0]!.text).toContain('Moscow is ready for negative scenarios');
    expect(a.quotes[0]!.speaker).toBe('Sergei Ryabkov');
  });

  it('quote: nothing found for an unknown speaker or phrase', () => {
    const a = answer(context, { command: 'quote', text: 'taylor swift' });
    expect(a).toMatchObject({ kind: 'quote', quotes: [] });
    expect(answer(context, { command: 'quote', text: '' }).kind).toBe('usage');
  });
});

describe('quote across several documents', () => {
  it('finds the speaker in whichever document names them, and quotes no sentence that holds only one word of a phrase', async () => {
    const { loadFixtureRedline } = await import('../../support/helpers.js');
    const redline = await loadFixtureRedline();
    const volkova = answerOf(redline, { command: 'quote', text: 'volkova' }, { platform: 'cli' });
    if (volkova.kind !== 'quote') throw new Error(volkova.kind);
    expect(volkova.quotes.map((q) => [q.speaker, q.document.id])).toEqual([['Elena Volkova', 'arctic-council']]);
    const phrase = answerOf(redline, { command: 'quote', text: 'springboard for confrontation' }, { platform: 'cli' });
    if (phrase.kind !== 'quote') throw new Error(phrase.kind);
    expect(phrase.quotes).toHaveLength(1);
    expect(phrase.quotes[0]!.speaker).toBe('Maria Zakharova');
  });
});

describe('answer: a passage looked up by id', () => {
  it('shows exactly that passage, with no query to repeat', () => {
    const passage = context.library.passages[3]!;
    const found = answer(context, { command: 'ask', text: '', passage: passage.id });
    if (found.kind !== 'results') throw new Error(`expected results, got ${found.kind}`);
    expect(found.hits.map((h) => h.passage.id)).toEqual([passage.id]);
    expect(found.query).toBe('');
    expect(found.hits[0]!.document.id).toBe(passage.documentId);
  });

  it('finds nothing for an id the corpus no longer has; a document that does not exist is a usage note', () => {
    const gone = answer(context, { command: 'ask', text: '', passage: 'no-such-doc#x/1' });
    expect(gone).toMatchObject({ kind: 'results', hits: [], total: 0 });
    const elsewhere = answer(context, { command: 'ask', text: '', passage: context.library.passages[0]!.id, doc: 'other' });
    expect(elsewhere.kind).toBe('usage');
  });
});

describe('answer: examples come from the corpus served', () => {
  it('shows section titles and a speaker of this corpus in help, and in the quote hint', async () => {
    const docs = loadCorpus(await readCorpusFiles(FIXTURES_DIR));
    const fixtures = { ...buildCorpusIndex(docs, {}, Date.now).context, command: 'ask-me' };
    const help = answer(fixtures, { command: 'help', text: '' });
    if (help.kind !== 'help') throw new Error('expected help');
    const titles = docs.flatMap((d) => d.sections.map((s) => s.title));
    expect(titles).toContain(help.examples[0]);
    expect(help.examples.find((e) => e.startsWith('brief '))?.slice(6)).toBeOneOf(titles);
    const speaker = help.examples.find((e) => e.startsWith('quote '))!.slice(6);
    const quoted = answer(fixtures, { command: 'quote', text: speaker });
    expect(quoted.kind === 'quote' && quoted.quotes.length).toBeGreaterThan(0);
    const hint = answer(fixtures, { command: 'quote', text: '' });
    expect(hint).toEqual({ kind: 'usage', message: `Say whose words or which phrase: \`/ask-me quote ${speaker}\`.` });
    expect(JSON.stringify([help, hint]).toLowerCase()).not.toMatch(/zakharova|nato/);
  });
});
