import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/corpus/sentences.js';

const split = (text: string) => splitSentences(text).map(([s, e]) => text.slice(s, e));

describe('splitSentences', () => {
  it('does not split after honorifics', () => {
    expect(split('According to Mr. Putin, each country has rights. Mr. Biden agreed.')).toEqual([
      'According to Mr. Putin, each country has rights.',
      'Mr. Biden agreed.',
    ]);
  });

  it('keeps dotted acronyms inside a sentence but ends one before a sentence opener', () => {
    expect(split('The U.S. Senate voted. It passed in the U.S. The vote was close.')).toEqual([
      'The U.S. Senate voted.',
      'It passed in the U.S.',
      'The vote was close.',
    ]);
  });

  it('keeps initials and decimals', () => {
    expect(split('J. R. Smith grew 2.5 percent. Then he left.')).toEqual(['J. R. Smith grew 2.5 percent.', 'Then he left.']);
  });

  it('splits on question and exclamation marks and closing quotes', () => {
    expect(split('Will it work? "Yes!" he said. Fine.')).toEqual(['Will it work?', '"Yes!" he said.', 'Fine.']);
  });

  it('does better than Intl.Segmenter after "Mr."', () => {
    const text = 'According to Mr. Putin, each country has rights.';
    const segments = [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].length;
    expect(segments).toBeGreaterThan(1);
    expect(split(text)).toHaveLength(1);
  });

  it('returns the text as one sentence when it has no end mark', () => {
    expect(split('no end mark here')).toEqual(['no end mark here']);
  });
});
