import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from '../../../src/search/options.js';
import { fieldsOf, type Postings, PostingsBuilder } from '../../../src/search/postings.js';
import type { QueryTerm } from '../../../src/search/query.js';
import { coverageOf, FIELDS, type Field } from '../../../src/search/rank.js';
import { scoreWords, Scratch } from '../../../src/search/score.js';
import type { Passage } from '../../../src/types.js';

// Passages as field → words, over a small vocabulary so that words repeat across passages and fields.
const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta');
const field = fc.array(word, { maxLength: 12 });
const passages = fc.array(fc.record({ title: field, section: field, text: field, related: field }), { minLength: 1, maxLength: 60 });

function postingsOf(list: Array<Record<Field, string[]>>): Postings {
  const builder = new PostingsBuilder();
  for (const p of list) builder.add(p);
  return builder.build(defaultOptions);
}

describe('Postings', () => {
  it('gives each passage the score and fields MiniSearch gives it for a one-word search (property)', () => {
    fc.assert(
      fc.property(passages, (list) => {
        const postings = postingsOf(list);
        const mini = new MiniSearch<{ id: number }>({
          fields: [...FIELDS],
          extractField: (doc, name) => (name === 'id' ? doc.id : list[doc.id]![name as Field].join(' ')),
          tokenize: (text) => (text ? text.split(' ') : []),
          processTerm: (t) => t,
        });
        list.forEach((_, id) => mini.add({ id }));
        for (const term of postings.data.terms) {
          const expected = mini.search(term, { boost: defaultOptions.boost, bm25: defaultOptions.bm25 });
          const run = postings.run(term);
          expect(run.end - run.start).toBe(expected.length);
          for (const r of expected) {
            const i = postings.find(run, r.id as number);
            expect(i).toBeGreaterThanOrEqual(0);
            expect(postings.data.impacts[i]!).toBeCloseTo(r.score, 4);
            expect(fieldsOf(postings.data.fields[i]!).sort()).toEqual([...r.match[term]!].sort());
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('scores a query the same whether a long run is walked or looked up for a few candidates (property)', () => {
    // A rare required word ("rare") and common ones: their runs are much longer than the candidates.
    const common = fc.array(fc.constantFrom('alpha', 'beta'), { minLength: 1, maxLength: 4 });
    const list = fc.array(fc.record({ text: common, rare: fc.integer({ min: 0, max: 40 }).map((n) => n === 0) }), {
      minLength: 40,
      maxLength: 400,
    });
    fc.assert(
      fc.property(list, fc.double({ min: 2, max: 20, noNaN: true }), (specs, rareWeight) => {
        const fields = specs.map((s) => ({ title: [], section: [], text: s.rare ? [...s.text, 'rare'] : s.text, related: [] }));
        const postings = postingsOf(fields);
        const documentFrequency = new Map(postings.data.terms.map((t) => [t, postings.count(t)]));
        const asPassages = specs.map((_, i) => ({ id: `p${i}`, documentId: 'd' }) as Passage);
        const terms: QueryTerm[] = [
          { term: 'rare', word: 'rare', alternatives: new Map([['rare', 1]]), weight: rareWeight, reading: 'corpus' },
          { term: 'alpha', word: 'alpha', alternatives: new Map([['alpha', 1]]), weight: 1, reading: 'corpus' },
          { term: 'beta', word: 'beta', alternatives: new Map([['beta', 0.85]]), weight: 1, reading: 'corpus' },
        ];
        const got = new Map<number, [number, number]>();
        scoreWords(
          { postings, passages: asPassages, documentFrequency, options: defaultOptions, scratch: new Scratch(asPassages.length) },
          terms,
          (p, score, coverage) => got.set(p, [score, coverage]),
        );
        // The reference: every passage, every word's postings walked, the match read as MiniSearch gives it.
        fields.forEach((f, p) => {
          const match: Record<string, Field[]> = {};
          let score = 0;
          for (const t of terms) {
            let best = 0;
            for (const [alt, credit] of t.alternatives) {
              const i = postings.find(postings.run(alt), p);
              if (i < 0) continue;
              match[alt] = fieldsOf(postings.data.fields[i]!);
              best = Math.max(best, postings.data.impacts[i]! * credit);
            }
            score += best;
          }
          const coverage = coverageOf(terms, match).coverage;
          // A passage with the rare word, or one that reaches the gate, is always visited.
          if (f.text.includes('rare') || coverage >= defaultOptions.minCoverage) expect(got.has(p)).toBe(true);
          if (!got.has(p)) return;
          expect(got.get(p)![0]).toBeCloseTo(score, 6);
          expect(got.get(p)![1]).toBeCloseTo(coverage, 6);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('Scratch', () => {
  it('gives back buffers a long query grew, and keeps small ones between queries', () => {
    const scratch = new Scratch(10);
    scratch.reserve(2000, 4);
    const kept = scratch.scores;
    scratch.release();
    expect(scratch.scores).toBe(kept);
    scratch.reserve(1 << 17, 8);
    expect(scratch.scores.length).toBeGreaterThanOrEqual(1 << 20);
    scratch.release();
    expect([scratch.scores.length, scratch.credits.length, scratch.candidates.length]).toEqual([1024, 1024, 1024]);
  });
});
