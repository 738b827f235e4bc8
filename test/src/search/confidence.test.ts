import { describe, expect, it } from 'vitest';
import {
  AUTO_ANSWER_CONFIDENCE,
  confidenceOf,
  confidences,
  knownWords,
  MIN_RELEVANCE,
  relevanceOf,
  selfScore,
} from '../../../src/search/confidence.js';
import { Library } from '../../../src/search/library.js';
import type { QueryTerm } from '../../../src/search/query.js';
import type { Document } from '../../../src/types.js';

const term = (t: string, alternatives: Array<[string, number]>): QueryTerm => ({
  term: t,
  word: t,
  alternatives: new Map(alternatives),
  weight: 1,
  reading: 'corpus',
});

describe('confidence', () => {
  it("takes each word at its best alternative's peak, at that alternative's credit", () => {
    const peaks: Record<string, number> = { lapse: 4, lapsing: 6, insurance: 2 };
    const terms = [
      term('lapse', [
        ['lapse', 1],
        ['lapsing', 0.5],
      ]),
      term('insurance', [['insurance', 1]]),
      term('zzz', []),
    ];
    expect(selfScore(terms, (t) => peaks[t] ?? 0)).toBe(4 + 2);
  });

  it('counts the words the corpus has in some form, not the ones it lacks', () => {
    const terms = [term('lapse', [['lapse', 1]]), term('lapsing', [['lapse', 0.5]]), { ...term('zzz', []), reading: 'unknown' as const }];
    terms[1] = { ...terms[1]!, reading: 'related' };
    expect(knownWords(terms)).toBe(2);
  });

  it('grows with the share of the best possible score reached, and with the margin over the next passage', () => {
    expect(relevanceOf(4, 8, 10)).toBeGreaterThan(relevanceOf(4, 2, 10));
    expect(confidenceOf(4, 8, 2, 10)).toBeGreaterThan(confidenceOf(4, 8, 7.9, 10));
    for (const p of [relevanceOf(1, 0, 10), confidenceOf(8, 100, 0, 1), confidenceOf(3, 0, 0, 0)]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    const [first, second] = confidences(4, 10, [{ score: 8 }, { score: 4 }]);
    expect(first).toBeGreaterThan(second!);
    expect(MIN_RELEVANCE).toBeLessThan(AUTO_ANSWER_CONFIDENCE);
  });
});

/** Documents of different subjects whose words a stray question can pick one by one. */
function corpus(): Document[] {
  const doc = (id: string, paragraphs: string[]): Document => ({
    id,
    title: id,
    source: 'test',
    file: `${id}.md`,
    sections: [{ title: 'Lead', slug: 'lead', paragraphs, captions: [] }],
  });
  return [
    doc('gardens', [
      'Roses in the walled garden bloom in June and need pruning after the first frost.',
      'The greenhouse keeps orchids warm through the winter months.',
    ]),
    doc('harbour', [
      'The harbour master assigns moorings to fishing boats each morning.',
      'Ferries leave the north pier every hour in summer.',
    ]),
    doc('library', [
      'The reading room opens at nine and closes when the last reader leaves.',
      'Rare maps are kept in the vault and shown on request.',
    ]),
    doc('railway', [
      'The night train to the coast stops at every station after midnight.',
      'Season tickets are sold at the booking office near platform one.',
    ]),
  ];
}

describe('the no-answer decision across documents', () => {
  const library = new Library(corpus());

  it('answers a question one passage holds, with a confidence in [0, 1] on every hit', () => {
    const { hits } = library.search('when do the roses in the walled garden bloom', { limit: 3 });
    expect(hits[0]!.passage.text).toContain('Roses in the walled garden');
    for (const h of hits) expect(h.confidence).toBeGreaterThanOrEqual(0), expect(h.confidence).toBeLessThanOrEqual(1);
    expect(hits[0]!.confidence).toBeGreaterThan(hits[1]?.confidence ?? 0);
  });

  it('declines a question whose words are each found, but in passages that do not hold them together', () => {
    const q = 'which orchids are shown on the night ferries to the vault';
    expect(library.search(q).hits).toEqual([]);
    // Each word alone is found: the decline is the gate's, not an empty match.
    for (const w of ['orchids', 'ferries', 'vault', 'night']) expect(library.search(w).hits.length, w).toBeGreaterThan(0);
  });

  it('answers the same stray question asked of one chosen document from its best passage', () => {
    expect(
      library.search('which orchids are shown on the night ferries to the vault', { doc: 'gardens' }).hits[0]?.passage.documentId,
    ).toBe('gardens');
  });
});
