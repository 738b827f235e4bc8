import { beforeAll, describe, expect, it } from 'vitest';
import { followUpsFor, RESULTS_PER_PAGE, typedText, type FollowUp } from '../../../src/chat/follow-ups.js';
import type { FeedbackEntry, RedlineService } from '../../../src/service/service.js';
import { loadShippedRedline } from '../../support/helpers.js';

const kinds = (followUps: FollowUp[]) => followUps.map((f) => (f.kind === 'page' ? f.direction : f.kind === 'vote' ? f.vote : f.kind));

let redline: RedlineService;
const feedback: FeedbackEntry[] = [];
beforeAll(async () => {
  redline = await loadShippedRedline({ rateLimit: { count: 3, seconds: 60 }, recordFeedback: (e) => feedback.push(e) });
});

describe('followUpsFor', () => {
  it('pages, shares and votes on a page of results, the votes naming the passage shown', () => {
    const { answer, followUps, request } = redline.respond({ command: 'ask', text: 'russia', offset: 1 }, { platform: 'slack' });
    if (answer.kind !== 'results') throw new Error('expected results');
    expect(request.limit).toBe(RESULTS_PER_PAGE);
    expect(kinds(followUps)).toEqual(['previous', 'next', 'share', 'up', 'down']);
    const shown = answer.hits[0]!.passage.id;
    for (const f of followUps) if (f.kind === 'vote') expect(f.state).toMatchObject({ shown, request: { text: 'russia', offset: 1 } });
    // A share runs the request again (and so carries no passage).
    expect(followUps.find((f) => f.kind === 'share')!.kind === 'share' && followUps.find((f) => f.kind === 'share')).toMatchObject({
      state: { request: { text: 'russia', offset: 1 } },
    });
    const next = followUps.find((f) => f.kind === 'page' && f.direction === 'next')!;
    expect(next.kind === 'page' && next.state.request.offset).toBe(2);
  });

  it('leaves only the votes on an answer shared for everyone', () => {
    expect(kinds(redline.respond({ command: 'ask', text: 'russia' }, { platform: 'discord' }, { shared: true }).followUps)).toEqual([
      'up',
      'down',
    ]);
  });

  it('offers suggestions with the same subcommand, then the topics, and no share, when nothing is found', () => {
    const { followUps } = redline.respond({ command: 'brief', text: 'qwxzv plorb' }, { platform: 'discord' });
    const suggestions = followUps.filter((f) => f.kind === 'suggestion');
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) expect(s.state.request.command).toBe('brief');
    expect(kinds(followUps).at(-1)).toBe('topics');
    expect(kinds(followUps)).not.toContain('share');
    expect(redline.respond({ command: 'ask', text: 'qwxzv plorb' }, { platform: 'slack' }, { shared: true }).followUps).toEqual([]);
  });

  it('looks the topics up beside the answer: one request against the rate limit, one feedback entry', () => {
    const before = feedback.length;
    const who = { platform: 'slack' as const, userId: 'U-topics' };
    for (let i = 0; i < 3; i++) expect(redline.respond({ command: 'ask', text: 'qwxzv' }, who).answer.kind).toBe('results');
    expect(redline.respond({ command: 'ask', text: 'qwxzv' }, who).answer.kind).toBe('rate-limited');
    expect(feedback.length - before).toBe(3);
  });

  it('votes on a looked-up passage name that passage; help and notes have no follow-ups', () => {
    const id = redline.current().library.passages[2]!.id;
    const { followUps } = redline.respond({ command: 'ask', text: '', passage: id }, { platform: 'discord' });
    expect(kinds(followUps)).toEqual(['share', 'up', 'down']);
    for (const f of followUps) if (f.kind === 'vote') expect(f.state.shown).toBe(id);
    for (const f of followUps) expect(f.kind !== 'topics' && f.state.request.passage).toBe(id);
    expect(followUpsFor({ kind: 'help', command: 'redline', documents: [], examples: [] }, { command: 'help', text: '' })).toEqual([]);
    expect(followUpsFor({ kind: 'usage', message: 'x' }, { command: 'ask', text: 'x' })).toEqual([]);
  });
});

describe('typedText', () => {
  it('gives what a person would type for a request', () => {
    expect(typedText({ command: 'ask', text: 'nato' })).toBe('nato');
    expect(typedText({ command: 'ask', text: 'brief history' })).toBe('ask brief history');
    expect(typedText({ command: 'brief', text: '' })).toBe('brief');
    expect(typedText({ command: 'quote', text: 'x y' })).toBe('quote x y');
    expect(typedText({ command: 'ask', text: '', passage: 'doc#s/1' })).toBe('doc#s/1');
  });
});
