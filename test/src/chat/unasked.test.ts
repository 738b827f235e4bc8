import { describe, expect, it } from 'vitest';
import {
  confidenceOf,
  readsAsQuestion,
  saysNotHelpful,
  shouldAnswerUnasked,
  UNASKED_CONFIDENCE,
  unaskedRequest,
  unaskedShown,
} from '../../../src/chat/unasked.js';
import type { Answer, Hit } from '../../../src/types.js';

const hit = (score: number, id = `doc#s/${score}`): Hit => ({
  passage: {
    id,
    documentId: 'doc',
    section: 'S',
    sectionSlug: 's',
    sectionIndex: 0,
    paragraph: 1,
    part: 1,
    order: 0,
    text: 'text',
    start: 0,
    end: 4,
    sentences: [[0, 4]],
  },
  document: { id: 'doc', title: 'Doc', source: 'x' },
  score,
  highlights: [],
});
const results = (...scores: number[]): Answer => ({
  kind: 'results',
  query: 'q',
  hits: scores.map((s) => hit(s)),
  total: scores.length,
  offset: 0,
  suggestions: [],
});

describe('readsAsQuestion', () => {
  it.each([
    'Why are the visa negotiations deadlocked?',
    'what is the refund policy for annual plans',
    'How do I reset my password',
    'Is the office open on Friday',
    'can we deploy on weekends',
    'does the plan cover dental care',
    'hey team, who owns the billing service?',
    'quick question: when is the migration freeze',
    'the migration starts when exactly?',
  ])('%s: a question', (text) => expect(readsAsQuestion(text)).toBe(true));

  it.each([
    'thanks!',
    'hi all',
    'lol',
    'ok?',
    'really?',
    'how are you all doing?',
    "what's up everyone?",
    'is anyone around?',
    'The visa talks are stuck again.',
    'Deploy went fine',
    'good morning team',
    'have a nice weekend all',
    'will do, thanks',
    '',
  ])('%j: not a question', (text) => expect(readsAsQuestion(text)).toBe(false));

  it('reads the words, not the markup: a mention or a link alone does not make a question', () => {
    expect(readsAsQuestion('<@U123> <https://example.com|what?>')).toBe(false);
    expect(readsAsQuestion('<@U123> what does the plan say about refunds?')).toBe(true);
  });
});

describe('unaskedRequest', () => {
  it('is a plain search of the message words, never a subcommand, two hits deep', () => {
    expect(unaskedRequest('brief me on the visa talks?', 'questions')).toEqual({
      command: 'ask',
      text: 'brief me on the visa talks?',
      limit: 2,
    });
  });
  it('takes what the channel mode takes', () => {
    expect(unaskedRequest('visa talks', 'questions')).toBeUndefined();
    expect(unaskedRequest('visa talks', 'all')).toMatchObject({ text: 'visa talks' });
    expect(unaskedRequest('Why are the visa talks stuck?', 'mentions')).toBeUndefined();
    expect(unaskedRequest('<@U1>', 'all')).toBeUndefined();
  });
});

describe('confidenceOf', () => {
  it('is 0 for anything but passages found on the first page', () => {
    expect(confidenceOf(results())).toBe(0);
    expect(confidenceOf({ kind: 'usage', message: 'x' })).toBe(0);
    expect(confidenceOf({ ...(results(30) as Extract<Answer, { kind: 'results' }>), offset: 1 })).toBe(0);
  });
  it('grows with the lead over the second passage and with the score, within 0-1', () => {
    const lone = confidenceOf(results(20));
    const clear = confidenceOf(results(20, 5));
    const close = confidenceOf(results(20, 19));
    expect(lone).toBeGreaterThan(clear);
    expect(clear).toBeGreaterThan(close);
    expect(confidenceOf(results(40, 10))).toBeGreaterThan(clear);
    for (const c of [lone, clear, close]) expect(c).toBeGreaterThan(0), expect(c).toBeLessThan(1);
  });
});

describe('shouldAnswerUnasked', () => {
  it('answers at or above the bar: the channel own, else the default', () => {
    const sure = results(60, 5);
    const unsure = results(8, 7);
    expect(confidenceOf(sure)).toBeGreaterThanOrEqual(UNASKED_CONFIDENCE);
    expect(shouldAnswerUnasked(sure, undefined)).toBe(true);
    expect(shouldAnswerUnasked(unsure, undefined)).toBe(false);
    expect(shouldAnswerUnasked(unsure, { confidence: confidenceOf(unsure) })).toBe(true);
    expect(shouldAnswerUnasked(sure, { confidence: 1 })).toBe(false);
    expect(shouldAnswerUnasked(results(), { confidence: 0 })).toBe(false);
  });
  it('posts the first passage alone, without paging', () => {
    const shown = unaskedShown({ ...(results(30, 10) as Extract<Answer, { kind: 'results' }>), total: 7 });
    expect(shown).toMatchObject({ total: 1, hits: [expect.objectContaining({ score: 30 })] });
  });
});

describe('saysNotHelpful', () => {
  it.each(['not helpful', 'Not helpful, thanks', "that's not helpful", 'wrong answer', 'nope, not relevant', 'unhelpful'])('%s', (text) =>
    expect(saysNotHelpful(text)).toBe(true),
  );
  it.each(['this was helpful', 'thanks!', 'is this not helpful for the migration?', 'helpful, thanks'])('%s: no', (text) =>
    expect(saysNotHelpful(text)).toBe(false),
  );
});
