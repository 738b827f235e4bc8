import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryTerm } from '../../../src/search/query.js';
import { closedWords, coverageOf } from '../../../src/search/rank.js';

const term = (name: string, weight: number, reading: QueryTerm['reading'] = 'corpus', credit = 1): QueryTerm => ({
  term: name,
  word: name,
  alternatives: reading === 'unknown' ? new Map() : new Map([[name, credit]]),
  weight,
  reading,
});

describe('rank', () => {
  describe('closedWords', () => {
    const closed = (terms: QueryTerm[], gate: number, cost = (i: number) => terms.length - i) =>
      closedWords(terms, gate, cost).flatMap((c, i) => (c ? [terms[i]!.term] : []));
    it('closes the costliest words that, matched alone, leave a passage under the gate', () => {
      expect(closed([term('treaty', 8), term('new', 1)], 0.45, (i) => [10, 500][i]!)).toEqual(['new']);
      // Three words of one weight: a passage needs two, so the commonest is only looked up.
      expect(closed([term('world', 2), term('cup', 2), term('football', 2)], 0.45, (i) => [900, 300, 200][i]!)).toEqual(['world']);
      expect(closed([term('a', 2), term('b', 2)], 0.45)).toEqual([]);
      expect(closed([term('only', 3)], 0.45)).toEqual([]);
      expect(closed([term('plorb', 9, 'unknown'), term('nato', 2)], 0.45, (i) => [0, 50][i]!)).toEqual(['nato']);
      expect(closed([term('a', 2, 'corpus', 1.2), term('b', 9)], 0.45)).toEqual([]);
    });

    it('never closes words a passage could reach the gate with alone (property)', () => {
      const readings = fc.constantFrom<QueryTerm['reading']>('corpus', 'related', 'corrected', 'unknown');
      const terms = fc.array(
        fc.record({
          weight: fc.double({ min: 0.01, max: 12, noNaN: true }),
          reading: readings,
          credit: fc.double({ min: 0.1, max: 1, noNaN: true }),
          cost: fc.nat(1000),
        }),
        { minLength: 1, maxLength: 5 },
      );
      const fields = fc.constantFrom<string[]>(['text'], ['section'], ['related'], ['title'], ['text', 'related']);
      fc.assert(
        fc.property(
          terms,
          fc.array(fc.option(fields), { minLength: 5, maxLength: 5 }),
          fc.double({ min: 0.1, max: 0.9, noNaN: true }),
          (specs, matched, gate) => {
            const query = specs.map((s, i) => term(`w${i}`, s.weight, s.reading, s.credit));
            const shut = closedWords(query, gate, (i) => specs[i]!.cost);
            // Any passage matching closed words only stays under the gate.
            const match = Object.fromEntries(
              query.flatMap((t, i) => (shut[i] && t.alternatives.size && matched[i] ? [[t.term, matched[i]!]] : [])),
            );
            expect(coverageOf(query, match).coverage).toBeLessThan(gate);
          },
        ),
        { numRuns: 2000 },
      );
    });
  });
});
