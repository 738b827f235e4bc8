import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../../src/channels/channels.js';
import { UNASKED_LIMITS, type FeedbackEntry, type RedlineService } from '../../../src/service/service.js';
import { withChannels } from '../../../src/service/corpus-index.js';
import { loadShippedRedline } from '../../support/helpers.js';

const SURE = 'Why are the visa negotiations deadlocked?';

async function redlineWith(yaml: string, now?: () => number): Promise<{ redline: RedlineService; feedback: FeedbackEntry[] }> {
  const feedback: FeedbackEntry[] = [];
  const redline = await loadShippedRedline({ recordFeedback: (e) => feedback.push(e), ...(now ? { now } : {}) });
  redline.replace(withChannels(redline.current(), parseChannels(yaml)));
  return { redline, feedback };
}

const at = (channel: string, userId: string) => ({ platform: 'slack' as const, userId, channel: { id: channel } });

describe('Redline.answerUnasked', () => {
  it('answers in a channel set to questions, with one passage and votes whose 👎 hides it; nothing in other channels', async () => {
    const { redline } = await redlineWith('channels:\n  C1: { answer: questions, confidence: 0.3 }\n  C2: [red-line-russia-us]\n');
    const reply = (await redline.answerUnasked!(SURE, at('C1', 'U1')))!;
    expect(reply.answer).toMatchObject({
      kind: 'results',
      total: 1,
      hits: [expect.objectContaining({ passage: expect.objectContaining({ section: 'Visa negotiations deadlock' }) })],
    });
    expect(reply.followUps.map((f) => (f.kind === 'vote' ? f.state.action : f.kind))).toEqual(['up', 'hide']);
    expect(await redline.answerUnasked!(SURE, at('C2', 'U1'))).toBeUndefined();
    expect(await redline.answerUnasked!(SURE, at('C3', 'U1'))).toBeUndefined();
    expect(redline.answersUnasked!()).toBe(true);
  });

  it('holds answers to the default confidence when the channel sets none', async () => {
    const { redline } = await redlineWith('channels:\n  C1: { answer: questions }\n');
    expect(await redline.answerUnasked!(SURE, at('C1', 'U1'))).toBeUndefined();
  });

  it('notes nothing for gaps when it stays silent: a channel chatting is not a list of unanswered questions', async () => {
    const { redline, feedback } = await redlineWith('channels:\n  C1: { answer: all, confidence: 0.3 }\n');
    for (const text of ['Who won the world cup?', 'bitcoin price today?', 'lunch at noon'])
      expect(await redline.answerUnasked!(text, at('C1', 'U1'))).toBeUndefined();
    expect(feedback).toEqual([]);
  });

  it('limits answers per asker and per channel; silence costs nothing; the window frees them again', async () => {
    let now = 1_000_000;
    const { redline } = await redlineWith('channels:\n  C1: { answer: questions, confidence: 0.3 }\n', () => now);
    const user = UNASKED_LIMITS['unasked-user'].count;
    const channel = UNASKED_LIMITS['unasked-channel'].count;
    for (let i = 0; i < 5; i++) expect(await redline.answerUnasked!('Who won the world cup?', at('C1', 'U1'))).toBeUndefined();
    const one = await Promise.all(Array.from({ length: user + 1 }, () => redline.answerUnasked!(SURE, at('C1', 'U1'))));
    expect(one.filter(Boolean)).toHaveLength(user);
    const many = [];
    for (let i = 0; i < channel + 3; i++) many.push(await redline.answerUnasked!(SURE, at('C1', `U${100 + i}`)));
    expect(many.filter(Boolean)).toHaveLength(channel - user);
    now += UNASKED_LIMITS['unasked-channel'].seconds * 1000 + 1;
    expect(await redline.answerUnasked!(SURE, at('C1', 'U1'))).toBeDefined();
  });

  it('says no channel answers unasked when none is set to', async () => {
    const { redline } = await redlineWith('channels:\n  C1: { answer: mentions }\n  C2: [red-line-russia-us]\n');
    expect(redline.answersUnasked!()).toBe(false);
  });
});
