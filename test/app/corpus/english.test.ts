import { describe, expect, it } from 'vitest';
import { loadEnglishLexicon } from '../../../app/corpus/english.js';

const english = loadEnglishLexicon();
const forms = (word: string) =>
  english
    .related(word)
    .filter((r) => r.relation === 'form')
    .map((r) => r.word);

describe('loadEnglishLexicon', () => {
  describe('related', () => {
    it('reads irregular forms from WordNet’s exception lists', () => {
      expect(forms('sent')).toContain('send');
      expect(forms('ran')).toContain('run');
      expect(forms('geese')).toContain('goose');
      expect(forms('better')).toContain('good');
    });
    it('reads regular forms by wink-lemmatizer’s suffix rules, checked against WordNet', () => {
      expect(forms('wolves')).toContain('wolf');
      expect(forms('boxes')).toContain('box');
    });
    it('never reads a one-letter word as a base form', () => {
      expect(forms('us')).toEqual([]);
      expect(forms('as').filter((w) => w.length === 1)).toEqual([]);
    });
  });
});
