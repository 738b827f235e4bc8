import { describe, expect, it } from 'vitest';
import { summariseGaps } from '../app/gaps.js';
import type { FeedbackEntry } from '../src/service.js';
import { loadFixtureRedline, loadShippedRedline } from './helpers.js';

describe('createRedline', () => {
  describe('handle', () => {
    it('limits each user to the configured rate, leaving other users unaffected', async () => {
      let now = 1_000_000;
      const redline = await loadShippedRedline({ rateLimit: { count: 3, seconds: 30 }, now: () => now });
      const ask = (userId: string) => redline.handle({ command: 'ask', text: 'nato' }, { platform: 'slack', userId });
      for (let i = 0; i < 3; i++) expect(ask('U1').kind).toBe('results');
      expect(ask('U1')).toEqual({ kind: 'rate-limited', retryAfterSeconds: 30 });
      expect(ask('U2').kind).toBe('results');
      expect(redline.handle({ command: 'ask', text: 'nato' }, { platform: 'discord', userId: 'U1' }).kind).toBe('results');
      now += 30_001;
      expect(ask('U1').kind).toBe('results');
    });

    it('20× the normal rate from one user is throttled for that user only', async () => {
      const redline = await loadShippedRedline({ rateLimit: { count: 10, seconds: 30 } });
      const kinds = Array.from({ length: 200 }, () => redline.handle({ command: 'ask', text: 'visa' }, { platform: 'discord', userId: 'flood' }).kind);
      expect(kinds.filter((k) => k === 'results')).toHaveLength(10);
      expect(redline.handle({ command: 'ask', text: 'visa' }, { platform: 'discord', userId: 'calm' }).kind).toBe('results');
    });

    it('records unanswered queries, without user ids unless opted in', async () => {
      const entries: FeedbackEntry[] = [];
      const redline = await loadShippedRedline({ recordFeedback: (e) => entries.push(e) });
      redline.handle({ command: 'ask', text: 'bitcoin' }, { platform: 'slack', userId: 'U1' });
      redline.handle({ command: 'ask', text: 'nato' }, { platform: 'slack', userId: 'U1' });
      redline.feedback({ query: 'nato', passageId: 'p', vote: 'down' }, { platform: 'discord', userId: 'U2' });
      expect(entries.map((e) => [e.type, e.query, e.vote, e.userId])).toEqual([
        ['unanswered', 'bitcoin', undefined, undefined],
        ['vote', 'nato', 'down', undefined],
      ]);
      const optedIn: FeedbackEntry[] = [];
      const withIds = await loadShippedRedline({ recordFeedback: (e) => optedIn.push(e), feedbackUserIds: true });
      withIds.handle({ command: 'ask', text: 'bitcoin' }, { platform: 'slack', userId: 'U1' });
      expect(optedIn[0]!.userId).toBe('U1');
    });
  });

  describe('several documents', () => {
    it('cites each result’s own document and restricts with doc', async () => {
      const redline = await loadFixtureRedline();
      const arctic = redline.handle({ command: 'ask', text: 'northern sea route' }, { platform: 'cli' });
      if (arctic.kind !== 'results') throw new Error(arctic.kind);
      expect(arctic.hits[0]!.document).toMatchObject({ id: 'arctic-council', publisher: 'Fixture Press', url: 'https://example.org/arctic-council' });
      const grain = redline.handle({ command: 'ask', text: 'black sea', doc: 'grain-corridor' }, { platform: 'cli' });
      if (grain.kind !== 'results') throw new Error(grain.kind);
      expect(grain.hits.every((h) => h.document.id === 'grain-corridor')).toBe(true);
      expect(grain.hits[0]!.document.source).toBe('example.net');
      const topics = redline.handle({ command: 'topics', text: '' }, { platform: 'cli' });
      if (topics.kind !== 'topics') throw new Error(topics.kind);
      expect(topics.documents.map((d) => d.document.id).sort()).toEqual(['arctic-council', 'grain-corridor', 'red-line-russia-us']);
      const quote = redline.handle({ command: 'quote', text: 'huitfeldt' }, { platform: 'cli' });
      if (quote.kind !== 'quote') throw new Error(quote.kind);
      expect(quote.quotes[0]).toMatchObject({ speaker: 'Anniken Huitfeldt', role: 'Norwegian Foreign Minister' });
    });
  });
});

describe('summariseGaps', () => {
  it('counts unanswered and disliked queries, most frequent first, skipping bad lines', () => {
    const line = (type: string, query: string, vote?: string) => JSON.stringify({ type, query, vote, at: '2026-01-01T00:00:00Z', platform: 'slack' });
    const gaps = summariseGaps(
      [line('unanswered', 'bitcoin'), line('unanswered', 'Bitcoin '), line('vote', 'nato', 'down'), line('vote', 'visa', 'up'), 'torn {', ''],
      10,
    );
    expect(gaps.map((g) => [g.query, g.unanswered, g.disliked])).toEqual([
      ['bitcoin', 2, 0],
      ['nato', 0, 1],
    ]);
  });
});

describe('feedback from the command-line tool', () => {
  it('does not record what scripts ask (they would flood the gaps log)', async () => {
    const entries: FeedbackEntry[] = [];
    const redline = await loadShippedRedline({ recordFeedback: (e) => entries.push(e) });
    redline.handle({ command: 'ask', text: 'bitcoin' }, { platform: 'cli' });
    redline.handle({ command: 'ask', text: 'bitcoin' }, { platform: 'console' });
    expect(entries.map((e) => e.platform)).toEqual(['console']);
  });
});
