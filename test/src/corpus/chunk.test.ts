import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDocument, PASSAGE_HARD_LIMIT, splitParagraph } from '../../../src/corpus/chunk.js';
import type { Document } from '../../../src/types.js';
import { loadShippedDocuments } from '../../support/helpers.js';

const doc = (paragraphs: string[]): Document => ({
  id: 'd',
  title: 'T',
  source: 's',
  file: 'd.md',
  sections: [{ title: 'Part one', slug: 'part-one', paragraphs, captions: [] }],
});

describe('chunkDocument', () => {
  it('makes a passage per paragraph with its document, section, paragraph number and id', () => {
    const passages = chunkDocument(doc(['First.', 'Second one.']));
    expect(passages.map((p) => [p.id, p.section, p.paragraph, p.text])).toEqual([
      ['d#part-one/1', 'Part one', 1, 'First.'],
      ['d#part-one/2', 'Part one', 2, 'Second one.'],
    ]);
  });

  it('splits a long paragraph at sentence boundaries, keeping the paragraph number', () => {
    const sentence = 'Mr. Putin said the talks in the U.S. went on for 2.5 hours without a result. ';
    const passages = chunkDocument(doc([sentence.repeat(20).trim()]), { maxChars: 300 });
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(300);
      expect(p.text.startsWith('Mr. Putin')).toBe(true);
      expect(p.text.endsWith('result.')).toBe(true);
      expect(p.paragraph).toBe(1);
    }
    expect(passages.map((p) => p.id)).toContain('d#part-one/1-2');
  });

  it('joins a lead-in (a question or a title on its own line) to the paragraph after it, not the last one', () => {
    const passages = chunkDocument(
      doc([
        'How do I avoid an insurance lapse?',
        'Turn in your plates before you cancel the insurance.',
        'Other matters',
        'Fees are listed online.',
        'Questions?',
      ]),
    );
    expect(passages.map((p) => [p.id, p.paragraph, p.text])).toEqual([
      ['d#part-one/1', 1, 'How do I avoid an insurance lapse?\nTurn in your plates before you cancel the insurance.'],
      ['d#part-one/3', 3, 'Other matters\nFees are listed online.'],
      ['d#part-one/5', 5, 'Questions?'],
    ]);
    expect(chunkDocument(doc(['A sentence that ends.', 'Another.'])).map((p) => p.text)).toEqual(['A sentence that ends.', 'Another.']);
  });

  it('records sentence offsets within each passage', () => {
    const [p] = chunkDocument(doc(['One here. Two there.']));
    expect(p!.sentences.map(([s, e]) => p!.text.slice(s, e))).toEqual(['One here.', 'Two there.']);
  });

  it('keeps every paragraph of the shipped article whole (all are under the limit)', async () => {
    const docs = await loadShippedDocuments();
    const passages = chunkDocument(docs[0]!);
    expect(passages.every((p) => p.part === 1)).toBe(true);
    expect(passages).toHaveLength(docs[0]!.sections.reduce((n, s) => n + s.paragraphs.length, 0));
  });

  it('property: passages rebuild the paragraph, point at their own text and never exceed the limit', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9.,'"?!-]{1,12}$/);
    const paragraph = fc
      .array(fc.oneof(word, fc.constant('Mr.'), fc.constant('U.S.'), fc.constant('end.')), { minLength: 1, maxLength: 400 })
      .map((w) => w.join(' '));
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 40, max: 900 }), (text, maxChars) => {
        const limit = Math.min(maxChars, PASSAGE_HARD_LIMIT);
        const spans = splitParagraph(text, limit);
        let rebuilt = '';
        let at = 0;
        for (const [start, end] of spans) {
          expect(end - start).toBeLessThanOrEqual(limit);
          expect(text.slice(at, start).trim()).toBe('');
          rebuilt += text.slice(at, end);
          at = end;
        }
        rebuilt += text.slice(at);
        expect(rebuilt).toBe(text);
        const passages = chunkDocument(doc([text]), { maxChars });
        for (const p of passages) expect(text.slice(p.start, p.end)).toBe(p.text);
      }),
      { numRuns: 300 },
    );
  });
});
