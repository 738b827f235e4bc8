import { describe, expect, it } from 'vitest';
import { Synonyms } from '../../../src/search/synonyms.js';
import { analyze, editDistance, foldText, highlightSpans, normaliseForMatch, termOf, termsOf } from '../../../src/search/text.js';

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
      expect(termOf('USA')).toBe('usa');
    });

    it('folds direction adjectives to the direction (demonyms are read through WordNet at query time)', () => {
      expect(termOf('eastward')).toBe(termOf('east'));
      expect(termOf('Western')).toBe(termOf('west'));
      expect(termsOf('the Soviet Union')).toEqual(['soviet']);
      expect(termOf('Russian')).not.toBe(termOf('Russia'));
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

  describe('highlightSpans', () => {
    it('marks the words whose terms matched, without the possessive', () => {
      const text = 'Moscow and NATO’s expansion';
      const spans = highlightSpans(text, new Set([termOf('Moscow')!, 'nato']));
      expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(['Moscow', 'NATO']);
    });
  });

  describe('normaliseForMatch', () => {
    it('compares case-, accent-, quote- and punctuation-insensitively', () => {
      expect(normaliseForMatch('The “Right” one, Fécamp!')).toBe('the right one fecamp');
    });
  });

  describe('editDistance', () => {
    it('counts a swap of adjacent letters as one edit', () => {
      expect(editDistance('ukrian', 'ukrain')).toBe(1);
      expect(editDistance('kitten', 'sitting')).toBe(3);
      expect(editDistance('same', 'same')).toBe(0);
    });
  });
});

describe('Synonyms', () => {
  const synonyms = new Synonyms({
    synonyms: [
      ['kremlin', 'moscow'],
      ['talks', 'negotiations', 'dialogue'],
      ['embassy', 'diplomatic mission'],
    ],
  });

  it('adds the synonyms of a passage’s words, not words it already has', () => {
    expect(synonyms.expand(termsOf('Moscow'))).toContain('kremlin');
    expect(synonyms.expand(termsOf('the talks'))).toEqual(expect.arrayContaining(termsOf('negotiations dialogue')));
    expect(synonyms.expand(termsOf('talks and negotiations'))).not.toContain(termOf('negotiations'));
  });

  it('matches multi-word entries ("diplomatic mission" → embassy)', () => {
    expect(synonyms.expand(termsOf('the diplomatic mission'))).toContain(termOf('embassy'));
  });

  it('changes its version when its groups do, and expands nothing when empty', () => {
    expect(new Synonyms({ synonyms: [['a', 'b']] }).version).not.toBe(synonyms.version);
    expect(new Synonyms().expand(termsOf('Moscow talks'))).toEqual([]);
  });
});
