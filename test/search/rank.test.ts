import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryTerm } from '../../src/search/query.js';
import { coverageOf, requiredWord } from '../../src/search/rank.js';

const term = (name: string, weight: number, reading: QueryTerm['reading'] = 'corpus', credit = 1): QueryTerm => ({
  term: name,
  word: name,
  alternatives: reading === 'unknown' ? new Map() : new Map([[name, credit]]),
  weight,
  reading,
});

describe('rank', () => {
  describe('requiredWord', () => {
    it('names the heaviest word without which no passage reaches the gate', () => {
      expect(requiredWord([term('treaty', 8), term('new', 1)], 0.45)).toBe(0);
      expect(requiredWord([term('new', 1), term('treaty', 8), term('start', 7)], 0.45)).toBeUndefined();
      expect(requiredWord([term('a', 2), term('b', 2)], 0.45)).toBeUndefined();
      expect(requiredWord([term('only', 3)], 0.45)).toBe(0);
      expect(requiredWord([term('plorb', 9, 'unknown'), term('nato', 2)], 0.45)).toBe(0);
    });

    it('never requires a word a passage could reach the gate without (property)', () => {
      const readings = fc.constantFrom<QueryTerm['reading']>('corpus', 'related', 'corrected', 'unknown');
      const terms = fc.array(fc.record({ weight: fc.double({ min: 0.01, max: 12, noNaN: true }), reading: readings, credit: fc.double({ min: 0.1, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 5 });
      const fields = fc.constantFrom<string[]>(['text'], ['section'], ['related'], ['title'], ['text', 'related']);
      fc.assert(
        fc.property(terms, fc.array(fc.option(fields), { minLength: 5, maxLength: 5 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (specs, matched, gate) => {
          const query = specs.map((s, i) => term(`w${i}`, s.weight, s.reading, s.credit));
          const required = requiredWord(query, gate);
          if (required === undefined) return;
          // Any passage matching any words but the required one stays under the gate.
          const match = Object.fromEntries(query.flatMap((t, i) => (i !== required && t.alternatives.size && matched[i] ? [[t.term, matched[i]!]] : [])));
          expect(coverageOf(query, match).coverage).toBeLessThan(gate);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
