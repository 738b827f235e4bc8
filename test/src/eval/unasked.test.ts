import { describe, expect, it } from 'vitest';
import { passageAnswers, unaskedCurve } from '../../../src/eval/unasked.js';

const PARAGRAPH =
  'The treaty was signed in Paris in 1951. It created a common market for coal and steel among six countries, and its institutions became the model for later ones.';

describe('passageAnswers', () => {
  it('holds when the passage shares 80 characters of the paragraph and an answer text', () => {
    expect(passageAnswers(PARAGRAPH.slice(0, 120), PARAGRAPH, ['1951'])).toBe(true);
    expect(passageAnswers(PARAGRAPH.slice(0, 120), PARAGRAPH, ['1957'])).toBe(false);
    expect(
      passageAnswers(`Other words entirely, about 1951 and nothing else, written elsewhere for another purpose.`, PARAGRAPH, ['1951']),
    ).toBe(false);
  });
  it('takes a short passage inside its paragraph (all of the shorter one)', () => {
    expect(passageAnswers('The treaty was signed in Paris in 1951.', PARAGRAPH, ['Paris'])).toBe(true);
    expect(passageAnswers('Signed in Rome in 1957.', PARAGRAPH, ['1957'])).toBe(false);
  });
});

describe('unaskedCurve', () => {
  it('gives, per threshold, the share answered, the share of those right, and the off-topic share answered', () => {
    const answerable = [
      { confidence: 0.9, right: true },
      { confidence: 0.7, right: true },
      { confidence: 0.5, right: false },
      { confidence: 0, right: false },
    ];
    const [low, high] = unaskedCurve(answerable, [0.6, 0.2, 0], [0.5, 0.8]);
    expect(low).toEqual({ threshold: 0.5, answered: 0.75, precision: 2 / 3, offTopicAnswered: 1 / 3 });
    expect(high).toEqual({ threshold: 0.8, answered: 0.25, precision: 1, offTopicAnswered: 0 });
  });
  it('never counts "nothing found" as answered, even at a threshold of 0', () => {
    expect(unaskedCurve([{ confidence: 0, right: false }], [0], [0])[0]).toMatchObject({ answered: 0, offTopicAnswered: 0 });
  });
});
