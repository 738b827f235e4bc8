// The corpus and search helpers of the bench: stats, query timing, CSV, generated documents, engines, hits.
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../bench/csv.js';
import { mulberry32, newsDocuments, paragraphsOf, splitAtSentences, syntheticNewsRows, zipfSampler } from '../../bench/documents.js';
import { lunrQuery, buildLunr } from '../../bench/engines.js';
import { isHit } from '../../bench/hits.js';
import { median, percentile } from '../../bench/stats.js';
import { timeQueries } from '../../bench/measure.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { chunkDocument } from '../../src/corpus/chunk.js';

describe('stats', () => {
  describe('percentile', () => {
    it('interpolates between closest ranks', () => {
      expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
      expect(percentile([5, 1, 3], 50)).toBe(3);
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
      expect(percentile([7], 99)).toBe(7);
    });
    it('gives the extremes at 0 and 100, and NaN when empty', () => {
      expect(percentile([3, 9, 1], 0)).toBe(1);
      expect(percentile([3, 9, 1], 100)).toBe(9);
      expect(percentile([], 50)).toBeNaN();
    });
    it('rejects a percentile outside 0–100 with an exact message', () => {
      expect(() => percentile([1], 101)).toThrow('bench: percentile must be between 0 and 100, got 101');
    });
    it('does not reorder its input', () => {
      const values = [3, 1, 2];
      median(values);
      expect(values).toEqual([3, 1, 2]);
    });
  });
});

describe('measure', () => {
  describe('timeQueries', () => {
    it('times every query on every pass, between the minimum and maximum passes', () => {
      const seen: string[] = [];
      const timing = timeQueries(['a', 'b'], (q) => seen.push(q), { warmup: 1, minIterations: 3, maxIterations: 5, budgetMs: 60_000 });
      expect(timing.iterations).toBe(5);
      expect(timing.samples).toBe(10);
      expect(seen).toHaveLength(12);
      expect(timing.slowest.map((s) => s.q).sort()).toEqual(['a', 'b']);
      expect(timing.p99).toBeGreaterThanOrEqual(timing.p50);
    });
    it('stops after the minimum passes once the budget is spent', () => {
      const timing = timeQueries(['a'], () => 1, { warmup: 0, minIterations: 2, maxIterations: 1000, budgetMs: 0 });
      expect(timing.iterations).toBe(2);
    });
  });
});

describe('csv', () => {
  describe('parseCsv', () => {
    it('reads quoted fields with commas, doubled quotes and line breaks', () => {
      expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n')).toEqual([
        ['a', 'b'],
        ['x, y', 'say "hi"\nthere'],
      ]);
    });
    it('handles CRLF, a missing final line break, empty fields and a BOM', () => {
      expect(parseCsv('\uFEFFa,b\r\n1,\r\n,2')).toEqual([
        ['a', 'b'],
        ['1', ''],
        ['', '2'],
      ]);
    });
    it('throws when a quoted field never closes', () => {
      expect(() => parseCsv('a\n"open')).toThrow('bench: CSV ends inside a quoted field');
    });
  });
  describe('parseCsvRecords', () => {
    it('keys rows by the header and skips blank lines', () => {
      expect(parseCsvRecords('category,text\nSports,"a, b"\n\nPolitics,c\n')).toEqual([
        { category: 'Sports', text: 'a, b' },
        { category: 'Politics', text: 'c' },
      ]);
    });
  });
});

describe('documents', () => {
  describe('paragraphsOf', () => {
    it('splits at sentence ends followed by two spaces, as the CSV keeps paragraph breaks', () => {
      expect(paragraphsOf('first one.  second  part here. still second.  third!')).toEqual([
        'first one.',
        'second part here. still second.',
        'third!',
      ]);
    });
    it('splits text without breaks into pieces of about the target size, at sentence ends', () => {
      const sentence = 'the minister said the vote would be close. ';
      const text = sentence.repeat(60).trim();
      const pieces = paragraphsOf(text, 300);
      expect(pieces.length).toBeGreaterThan(5);
      expect(pieces.join(' ')).toBe(text);
      for (const piece of pieces) {
        expect(piece.endsWith('.')).toBe(true);
        expect(piece.length).toBeLessThan(300 + sentence.length);
      }
    });
  });
  describe('splitAtSentences', () => {
    it('joins a short tail to the piece before it', () => {
      expect(splitAtSentences('aaaa aaaa. bbbb bbbb. c.', 10)).toEqual(['aaaa aaaa.', 'bbbb bbbb. c.']);
    });
  });
  describe('newsDocuments', () => {
    it('makes a distinct, valid document per row and copy, one section per article', () => {
      const rows = [
        { category: 'Sports', text: 'tigers win the cup.  the coach was pleased.' },
        { category: 'Politics', text: 'the vote is close.' },
      ];
      const docs = newsDocuments(rows, 3);
      expect(docs).toHaveLength(6);
      expect(new Set(docs.map((d) => d.id)).size).toBe(6);
      expect(docs[0]!.sections).toEqual([
        { title: 'Sports', slug: 'sports', paragraphs: ['tigers win the cup.', 'the coach was pleased.'], captions: [] },
      ]);
      expect(docs.every((d) => /^[a-z0-9][a-z0-9-]*$/.test(d.id) && d.title && d.source)).toBe(true);
      expect(docs.flatMap((d) => chunkDocument(d)).map((p) => p.text)).toContain('the coach was pleased.');
    });
    it('can sit beside the article without id clashes', () => {
      const article = loadCorpus([{ file: 'a.md', content: '---\nid: a\ntitle: A\nsource: x\n---\n\nText.\n' }]);
      const ids = [...article, ...newsDocuments([{ category: 'Sports', text: 'x.' }], 2)].map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
  describe('syntheticNewsRows', () => {
    it('is deterministic for a seed and different for another', () => {
      const a = syntheticNewsRows({ count: 5, seed: 1, vocabulary: 2000 });
      expect(syntheticNewsRows({ count: 5, seed: 1, vocabulary: 2000 })).toEqual(a);
      expect(syntheticNewsRows({ count: 5, seed: 2, vocabulary: 2000 })).not.toEqual(a);
    });
    it('looks like the CSV: lowercase, paragraph breaks, BBC-sized articles, a wide vocabulary', () => {
      const rows = syntheticNewsRows({ count: 200 });
      const mean = rows.reduce((s, r) => s + r.text.length, 0) / rows.length;
      expect(mean).toBeGreaterThan(1500);
      expect(mean).toBeLessThan(3200);
      expect(rows.every((r) => r.text === r.text.toLowerCase() && paragraphsOf(r.text).length > 2)).toBe(true);
      const words = new Set(rows.flatMap((r) => r.text.split(/[\s.]+/)));
      expect(words.size).toBeGreaterThan(5000);
      expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['Sports', 'Politics']));
    });
  });
  describe('zipfSampler', () => {
    it('draws low ranks far more often than high ones', () => {
      const draw = zipfSampler(1000, 1, mulberry32(7));
      const counts = new Array<number>(1000).fill(0);
      for (let i = 0; i < 20_000; i++) counts[draw()]!++;
      expect(counts[0]!).toBeGreaterThan(counts[9]! * 5);
      expect(counts[0]! / 20_000).toBeGreaterThan(0.1);
    });
  });
});

describe('engines', () => {
  describe('lunrQuery', () => {
    it('turns query syntax into spaces so Lunr cannot throw', () => {
      expect(lunrQuery('title:nato~2 ^3 +russia -us*')).toBe('title nato 2 3 russia us');
      const lunr = buildLunr([{ text: 'nato expansion' }]);
      for (const q of ['a:b', 'nato~', '^', 'x^', ':', '*', '']) expect(() => lunr.search(q)).not.toThrow();
      expect(lunr.search('nato:')).toEqual(['nato expansion']);
    });
  });
});

describe('hits', () => {
  describe('isHit', () => {
    it('compares the top result case-, quote- and punctuation-insensitively', () => {
      const query = { q: 'red line', expect: ['the Ukraine issue is a "red line"'] };
      expect(isHit(query, ['He said the ukraine issue is a “red line”, and left.'])).toBe(true);
      expect(isHit(query, ['something else', 'the Ukraine issue is a "red line"'])).toBe(false);
      expect(isHit(query, [])).toBe(false);
    });
    it('counts a no-answer query as a hit only when nothing comes back', () => {
      expect(isHit({ q: 'bitcoin', expect: [] }, [])).toBe(true);
      expect(isHit({ q: 'bitcoin', expect: [] }, ['anything'])).toBe(false);
    });
  });
});
