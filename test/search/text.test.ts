import { describe, expect, it } from 'vitest';
import { analyze, expandTerms, foldText, highlightSpans, termOf, termsOf } from '../../src/search/text.js';

describe('text pipeline', () => {
  describe('foldText', () => {
    it('removes diacritics and folds typographic quotes and dashes', () => {
      expect(foldText('Tổng thống “red line” Russia’s — x')).toBe('Tong thong "red line" Russia\'s - x');
    });
  });

  describe('termOf', () => {
    it('drops possessives and stems (Porter2)', () => {
      expect(termOf("NATO's")).toBe('nato');
      expect(termOf('Russia’s')).toBe('russia');
      expect(termOf('negotiations')).toBe(termOf('negotiation'));
      expect(termOf('expanding')).toBe(termOf('expand'));
    });

    it('reads "US" and "U.S." as the country, but "us" as a stop word', () => {
      expect(termOf('US')).toBe('usa');
      expect(termOf('U.S.')).toBe('usa');
      expect(termOf('us')).toBeNull();
      expect(termOf('America')).toBe('usa');
    });

    it('folds demonyms and direction adjectives to their names', () => {
      expect(termOf('Russian')).toBe(termOf('Russia'));
      expect(termOf('Ukrainian')).toBe(termOf('Ukraine'));
      expect(termOf('eastward')).toBe(termOf('east'));
      expect(termOf('Soviet')).toBe('soviet');
    });

    it('keeps numbers whole', () => {
      expect(termsOf('27 diplomats, 2.5 percent, 28,000 troops')).toEqual(['27', 'diplomat', '2.5', 'percent', '28000', 'troop']);
    });
  });

  describe('analyze', () => {
    it('gives each word its offsets in the original text', () => {
      const text = 'Zakharova’s “red line”';
      expect(analyze(text).map((t) => text.slice(t.start, t.end))).toEqual(['Zakharova’s', 'red', 'line']);
    });

    it('reads "United States" as one name, the country', () => {
      const tokens = analyze('the United States and the US');
      expect(tokens.filter((t) => t.term).map((t) => t.term)).toEqual(['usa', 'usa']);
    });
  });

  describe('expandTerms', () => {
    it('adds the synonyms of a passage’s words, not words it already has', () => {
      expect(expandTerms(termsOf('Moscow'))).toContain('kremlin');
      expect(expandTerms(termsOf('the talks'))).toEqual(expect.arrayContaining(termsOf('negotiations dialogue')));
      expect(expandTerms(termsOf('talks and negotiations'))).not.toContain(termOf('negotiations'));
    });

    it('matches multi-word entries ("diplomatic mission" → embassy)', () => {
      expect(expandTerms(termsOf('the diplomatic mission'))).toContain(termOf('embassy'));
    });
  });

  describe('highlightSpans', () => {
    it('marks the words whose terms matched, synonyms included', () => {
      const text = 'Moscow and NATO’s expansion';
      const spans = highlightSpans(text, new Set(['kremlin', 'nato']));
      expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(['Moscow', 'NATO']);
    });
  });
});
