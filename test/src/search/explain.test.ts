import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../../src/search/library.js';
import { readCorpusFiles } from '../../../app/corpus/files.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { CORPUS_DIR, FIXTURES_DIR, loadShippedDocuments, shippedLibraryOptions } from '../../support/helpers.js';

let library: Library;
beforeAll(async () => {
  library = new Library(await loadShippedDocuments(), await shippedLibraryOptions());
});

describe('Library', () => {
  describe('explain', () => {
    it('names the passages search answers with, in its order and with its scores, and the total as those at or above the gate', () => {
      for (const query of ['nato', 'sanctions ukraine', 'when did nato form', 'visa negotiations', 'who threatened sanctions']) {
        const outcome = library.search(query, { limit: 5 });
        const why = library.explain(query, { top: 5 });
        expect(
          why.passages.map((p) => p.id),
          query,
        ).toEqual(outcome.hits.map((h) => h.passage.id));
        expect(
          why.passages.map((p) => p.score),
          query,
        ).toEqual(outcome.hits.map((h) => h.score));
        expect(why.decision.answering, query).toBe(outcome.total);
        expect(why.decision.answered, query).toBe(outcome.total > 0);
        for (const p of why.passages) {
          expect(p.coverage, query).toBeGreaterThanOrEqual(why.decision.minCoverage);
          expect(p.coverage).toBeLessThanOrEqual(why.decision.bestCoverage);
          // The first pass is bm25 × coverage² (× the lead boost); the reread scales it to the final score.
          expect(p.firstPass / (p.bm25 * p.coverage ** 2)).toBeGreaterThanOrEqual(0.99);
          expect(p.firstPass * p.reread).toBeCloseTo(p.score, 1);
        }
      }
    });

    it('decides as search does across several documents, the relevance gate included, and says why it declines', async () => {
      const documents = loadCorpus([...(await readCorpusFiles(CORPUS_DIR)), ...(await readCorpusFiles(FIXTURES_DIR))]);
      const several = new Library(documents, await shippedLibraryOptions());
      const queries = [
        'nato',
        'arctic council',
        'grain corridor ships',
        'who won the world cup',
        'head of the eastern churches',
        'sanctions',
      ];
      for (const query of queries) {
        const outcome = several.search(query, { limit: 5 });
        const why = several.explain(query, { top: 5 });
        expect(why.decision.answered, query).toBe(outcome.total > 0);
        if (outcome.total > 0)
          expect(
            why.passages.map((p) => p.id),
            query,
          ).toEqual(outcome.hits.map((h) => h.passage.id));
        if (why.decision.answering > 0 && !why.decision.answered) {
          expect(why.decision.relevance!, query).toBeLessThan(why.decision.minRelevance!);
          expect(why.decision.reason, query).toMatch(/best possible score/);
        }
      }
    });

    it('agrees with search on whether anything answers, query after query made of the corpus’s own words', () => {
      const words = [...new Set(library.passages.slice(0, 40).flatMap((p) => p.text.toLowerCase().match(/\p{L}{4,}/gu) ?? []))];
      for (let i = 0; i + 2 < words.length; i += 7) {
        const query = `${words[i]} ${words[i + 2]} quokka`;
        const why = library.explain(query);
        expect(why.decision.answering, query).toBe(library.search(query).total);
        if (!why.decision.answered && why.decision.candidates)
          expect(why.decision.bestCoverage, query).toBeLessThan(why.decision.minCoverage);
      }
    });

    it('shows how each word was read: the corpus’s word, a correction of a misspelling, an unknown word', () => {
      const why = library.explain('ukriane sanctions bitcoin');
      const byWord = new Map(why.words.map((w) => [w.word, w]));
      expect(byWord.get('sanctions')).toMatchObject({ reading: 'corpus' });
      expect(byWord.get('sanctions')!.alternatives[0]).toMatchObject({ relation: 'word', credit: 1 });
      const corrected = byWord.get('ukriane')!;
      expect(corrected.reading).toBe('corrected');
      expect(corrected.alternatives.map((a) => [a.spelled.toLowerCase(), a.relation])).toContainEqual(['ukraine', 'correction']);
      expect(byWord.get('bitcoin')).toMatchObject({ reading: 'unknown', alternatives: [] });
    });

    it('says why nothing answers, with the figures: no passage holds a word, or the best falls short of the gate', () => {
      const none = library.explain('xylophone quokka');
      expect(none.decision).toMatchObject({ answered: false, candidates: 0, answering: 0, bestCoverage: 0 });
      expect(none.decision.reason).toMatch(/no passage holds any of its words/);
      expect(none.passages).toEqual([]);
      const short = library.explain('nato xylophone quokka zeppelin marmalade');
      expect(library.search('nato xylophone quokka zeppelin marmalade').total).toBe(0);
      expect(short.decision.answered).toBe(false);
      expect(short.decision.candidates).toBeGreaterThan(0);
      expect(short.decision.bestCoverage).toBeGreaterThan(0);
      expect(short.decision.bestCoverage).toBeLessThan(short.decision.minCoverage);
      expect(short.decision.reason).toContain(`${Math.round(short.decision.bestCoverage * 100)}%`);
    });

    it('says what a question asks for, and keeps within one document when asked to', () => {
      expect(library.explain('when did nato expand').answerType).toBe('time');
      const id = library.documents[0]!.id;
      expect(library.explain('nato', { doc: id }).passages.every((p) => p.document.id === id)).toBe(true);
      expect(library.explain('nato', { doc: 'no-such-document' }).decision.answered).toBe(false);
    });
  });
});
