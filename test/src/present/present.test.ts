import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationParts, helpLines, highlightPieces, webUrl } from '../../../src/present/present.js';
import { cutAtWord, joinWithin, takeGraphemes } from '../../../src/present/cut.js';
import type { DocumentMeta, Passage } from '../../../src/types.js';

const DOCUMENT: DocumentMeta = { id: 'doc', title: 'A title', source: 'example.org', publisher: 'Example Press' };
const PASSAGE: Passage = {
  id: 'doc#s/2',
  documentId: 'doc',
  section: 'A section',
  sectionSlug: 's',
  sectionIndex: 1,
  paragraph: 2,
  part: 1,
  order: 3,
  text: 'Text.',
  start: 0,
  end: 5,
  sentences: [[0, 5]],
};

describe('presentation', () => {
  describe('highlightPieces', () => {
    it('merges overlapping spans, clamps them, and keeps spaces outside bold', () => {
      expect(
        highlightPieces('red line here', [
          [4, 9],
          [0, 3],
          [2, 5],
          [40, 50],
        ]),
      ).toEqual([{ text: 'red line', bold: true }, { text: ' ' }, { text: 'here' }]);
    });

    it('rebuilds the text exactly (property)', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), fc.array(fc.tuple(fc.integer({ min: -3, max: 90 }), fc.nat(20))), (text, spans) => {
          expect(
            highlightPieces(
              text,
              spans.map(([s, n]) => [s, s + n]),
            )
              .map((p) => p.text)
              .join(''),
          ).toBe(text);
        }),
      );
    });
  });

  describe('citationParts', () => {
    it('gives the section and the paragraph, or the page of a document with pages', () => {
      expect(citationParts(DOCUMENT, PASSAGE)).toEqual({
        title: 'A title',
        section: 'A section',
        location: '¶ 2',
        publisher: 'Example Press (example.org)',
        source: 'example.org',
      });
      expect(citationParts(DOCUMENT, { ...PASSAGE, page: 7 }).location).toBe('p. 7');
    });

    it("leaves out the untitled opening section's name, and links only http(s)", () => {
      expect(citationParts(DOCUMENT, { ...PASSAGE, sectionSlug: 'lead' }).section).toBeUndefined();
      expect(citationParts({ ...DOCUMENT, url: 'javascript:alert(1)' }).url).toBeUndefined();
      expect(citationParts({ ...DOCUMENT, url: 'https://example.org/a' }).url).toBe('https://example.org/a');
      expect(webUrl(`https://example.org/${'a'.repeat(3000)}`)).toBeUndefined();
    });

    it('links a PDF passage to its page, and no passage of a document without a URL', () => {
      const pdf = citationParts({ ...DOCUMENT, format: 'pdf', url: 'https://example.org/r.pdf' }, { ...PASSAGE, page: 4 });
      expect([pdf.location, pdf.link]).toEqual(['p. 4', 'https://example.org/r.pdf#page=4']);
      expect(citationParts(DOCUMENT, PASSAGE).link).toBeUndefined();
    });
  });

  describe('helpLines', () => {
    it('lists every subcommand, a plain query without its word', () => {
      const calls = helpLines('ask-me').map((l) => l.call);
      expect(calls[0]).toBe('/ask-me <question or keywords>');
      expect(calls).toContain('/ask-me brief [topic]');
      expect(calls).toContain('/ask-me help');
    });
  });

  describe('cutAtWord', () => {
    it('cuts at the last space that fits and marks the cut', () => {
      expect(cutAtWord('alpha beta gamma', 12)).toBe('alpha beta…');
      expect(cutAtWord('alpha', 5)).toBe('alpha');
    });

    it('never splits a grapheme when it must cut inside a word', () => {
      expect(cutAtWord('👋'.repeat(10), 6)).toBe('👋👋…');
      expect(cutAtWord('👋🏽'.repeat(5), 7)).toBe('👋🏽…');
      expect(takeGraphemes('🇷🇺🇷🇺', 6)).toBe('🇷🇺');
      expect(takeGraphemes('🇷🇺', 3)).toBe('');
      expect(takeGraphemes('e\u0301e\u0301', 3)).toBe('e\u0301');
      expect(takeGraphemes('ab\r\ncd', 3)).toBe('ab');
      expect(takeGraphemes('abcdef', 4)).toBe('abcd');
    });

    it('cuts where the segmenter would, fast path or not (property)', () => {
      const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      const slow = (text: string, max: number) => {
        let end = 0;
        for (const { index, segment } of segmenter.segment(text)) {
          if (index + segment.length > max) break;
          end = index + segment.length;
        }
        return text.slice(0, end);
      };
      const piece = fc.constantFrom(
        'a',
        'Z',
        ' ',
        '\r',
        '\n',
        'é',
        'e\u0301',
        '\u0301',
        '👋',
        '👋🏽',
        '🇷🇺',
        '\u200d',
        '한',
        '\u1100',
        'ñ',
        '.',
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(40), (pieces, max) => {
          const text = pieces.join('');
          expect(takeGraphemes(text, max)).toBe(max <= 0 ? '' : text.length <= max ? text : slow(text, max));
        }),
        { numRuns: 3000 },
      );
    });

    it('never exceeds the maximum, and keeps whole graphemes (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(200), (text, max) => {
          const cut = cutAtWord(text, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          const kept = cut.replace(/…$/, '');
          if (kept.length < text.length) expect(text.startsWith(kept.trimEnd()) || text.replace(/\s+$/, '').startsWith(kept)).toBe(true);
        }),
      );
    });
  });

  describe('joinWithin', () => {
    it('joins until the text passes the maximum, and formats no item past it', () => {
      const formatted: number[] = [];
      const text = joinWithin(
        Array.from({ length: 10_000 }, (_, i) => i),
        (i) => (formatted.push(i), `item ${i}`),
        ', ',
        20,
      );
      expect(text).toBe('item 0, item 1, item 2');
      expect(formatted).toEqual([0, 1, 2]);
      expect(joinWithin(['a', 'b'], (s) => s.toUpperCase(), '; ', 100)).toBe('A; B');
      expect(joinWithin([], String, ', ', 10)).toBe('');
    });
  });
});
