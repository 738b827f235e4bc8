import { describe, expect, it } from 'vitest';
import { summariseGaps } from '../../../app/feedback/gaps.js';
import { parseChannels } from '../../../src/channels/channels.js';
import type { FeedbackEntry } from '../../../src/service/service.js';
import { withChannels } from '../../../src/service/corpus-index.js';
import { loadFixtureRedline, loadShippedIndex, loadShippedRedline, answerOf } from '../../support/helpers.js';

describe('createRedline', () => {
  describe('handle', () => {
    it('limits each user to the configured rate, leaving other users unaffected', async () => {
      let now = 1_000_000;
      const redline = await loadShippedRedline({ rateLimit: { count: 3, seconds: 30 }, now: () => now });
      const ask = (userId: string) => answerOf(redline, { command: 'ask', text: 'nato' }, { platform: 'slack', userId });
      for (let i = 0; i < 3; i++) expect(ask('U1').kind).toBe('results');
      expect(ask('U1')).toEqual({ kind: 'rate-limited', retryAfterSeconds: 30 });
      expect(ask('U2').kind).toBe('results');
      expect(answerOf(redline, { command: 'ask', text: 'nato' }, { platform: 'discord', userId: 'U1' }).kind).toBe('results');
      now += 30_001;
      expect(ask('U1').kind).toBe('results');
    });

    it('20× the normal rate from one user is throttled for that user only', async () => {
      const redline = await loadShippedRedline({ rateLimit: { count: 10, seconds: 30 } });
      const kinds = Array.from(
        { length: 200 },
        () => answerOf(redline, { command: 'ask', text: 'visa' }, { platform: 'discord', userId: 'flood' }).kind,
      );
      expect(kinds.filter((k) => k === 'results')).toHaveLength(10);
      expect(answerOf(redline, { command: 'ask', text: 'visa' }, { platform: 'discord', userId: 'calm' }).kind).toBe('results');
    });

    it('records unanswered queries, without user ids unless opted in', async () => {
      const entries: FeedbackEntry[] = [];
      const redline = await loadShippedRedline({ recordFeedback: (e) => entries.push(e) });
      answerOf(redline, { command: 'ask', text: 'bitcoin' }, { platform: 'slack', userId: 'U1' });
      answerOf(redline, { command: 'ask', text: 'nato' }, { platform: 'slack', userId: 'U1' });
      redline.feedback({ query: 'nato', passageId: 'p', vote: 'down' }, { platform: 'discord', userId: 'U2' });
      expect(entries.map((e) => [e.type, e.query, e.vote, e.userId])).toEqual([
        ['unanswered', 'bitcoin', undefined, undefined],
        ['vote', 'nato', 'down', undefined],
      ]);
      const optedIn: FeedbackEntry[] = [];
      const withIds = await loadShippedRedline({ recordFeedback: (e) => optedIn.push(e), feedbackUserIds: true });
      answerOf(withIds, { command: 'ask', text: 'bitcoin' }, { platform: 'slack', userId: 'U1' });
      expect(optedIn[0]!.userId).toBe('U1');
    });
  });

  describe('respond', () => {
    it('gives one reply to the same request in the same scope, and works out another for anything that differs', async () => {
      const redline = await loadFixtureRedline();
      redline.replace(withChannels(redline.current(), parseChannels('channels:\n  C0ARCTIC: [arctic-council]\n')));
      let asker = 0;
      const ask = (text: string, channel?: string, shared = false, offset?: number) =>
        redline.respond(
          { command: 'ask', text, ...(offset ? { offset } : {}) },
          { platform: 'slack', userId: `U${++asker}`, ...(channel ? { channel: { id: channel } } : {}) },
          { shared },
        );
      const first = ask('ships route');
      expect(ask('ships route')).toBe(first);
      expect(ask('ships route', 'C0OTHER')).toBe(first);
      const arctic = ask('ships route', 'C0ARCTIC');
      expect(arctic).not.toBe(first);
      expect(arctic.answer.kind === 'results' && arctic.answer.hits.every((h) => h.document.id === 'arctic-council')).toBe(true);
      expect(ask('ships route', 'C0ARCTIC')).toBe(arctic);
      expect(ask('ships route', undefined, true)).not.toBe(first);
      expect(ask('ships route', undefined, false, 1)).not.toBe(first);
      expect(ask('grain')).not.toBe(first);
    });

    it('still counts a repeated request against its user’s limit, and notes each one that found nothing', async () => {
      const entries: FeedbackEntry[] = [];
      const redline = await loadShippedRedline({ rateLimit: { count: 2, seconds: 30 }, recordFeedback: (e) => entries.push(e) });
      const ask = (text: string, userId: string) => redline.respond({ command: 'ask', text }, { platform: 'slack', userId }).answer.kind;
      expect([ask('nato', 'U1'), ask('nato', 'U1'), ask('nato', 'U1')]).toEqual(['results', 'results', 'rate-limited']);
      for (const user of ['U2', 'U3', 'U4']) ask('bitcoin', user);
      expect(entries.map((e) => [e.type, e.query])).toEqual([
        ['unanswered', 'bitcoin'],
        ['unanswered', 'bitcoin'],
        ['unanswered', 'bitcoin'],
      ]);
    });

    it('answers from the new corpus once it is swapped in', async () => {
      const redline = await loadShippedRedline();
      const before = redline.respond({ command: 'ask', text: 'nato' }, { platform: 'discord' });
      expect(redline.respond({ command: 'ask', text: 'nato' }, { platform: 'discord' })).toBe(before);
      redline.replace(await loadShippedIndex());
      const after = redline.respond({ command: 'ask', text: 'nato' }, { platform: 'discord' });
      expect(after).not.toBe(before);
      expect(after.answer.kind === 'results' && after.answer.hits[0]!.passage).toBe(
        redline
          .current()
          .library.passages.find((p) => p.id === (before.answer.kind === 'results' ? before.answer.hits[0]!.passage.id : '')),
      );
    });
  });

  describe('several documents', () => {
    it('cites each result’s own document and restricts with doc', async () => {
      const redline = await loadFixtureRedline();
      const arctic = answerOf(redline, { command: 'ask', text: 'northern sea route' }, { platform: 'cli' });
      if (arctic.kind !== 'results') throw new Error(arctic.kind);
      expect(arctic.hits[0]!.document).toMatchObject({
        id: 'arctic-council',
        publisher: 'Fixture Press',
        url: 'https://example.org/arctic-council',
      });
      const grain = answerOf(redline, { command: 'ask', text: 'black sea', doc: 'grain-corridor' }, { platform: 'cli' });
      if (grain.kind !== 'results') throw new Error(grain.kind);
      expect(grain.hits.every((h) => h.document.id === 'grain-corridor')).toBe(true);
      expect(grain.hits[0]!.document.source).toBe('example.net');
      const topics = answerOf(redline, { command: 'topics', text: '' }, { platform: 'cli' });
      if (topics.kind !== 'topics') throw new Error(topics.kind);
      expect(topics.documents.map((d) => d.document.id).sort()).toEqual(['arctic-council', 'grain-corridor', 'red-line-russia-us']);
      const quote = answerOf(redline, { command: 'quote', text: 'huitfeldt' }, { platform: 'cli' });
      if (quote.kind !== 'quote') throw new Error(quote.kind);
      expect(quote.quotes[0]).toMatchObject({ speaker: 'Anniken Huitfeldt', role: 'Norwegian Foreign Minister' });
    });
  });
});

describe('summariseGaps', () => {
  it('counts unanswered and disliked queries, most frequent first, skipping bad lines', () => {
    const line = (type: string, query: string, vote?: string) =>
      JSON.stringify({ type, query, vote, at: '2026-01-01T00:00:00Z', platform: 'slack' });
    const gaps = summariseGaps(
      [
        line('unanswered', 'bitcoin'),
        line('unanswered', 'Bitcoin '),
        line('vote', 'nato', 'down'),
        line('vote', 'visa', 'up'),
        'torn {',
        '',
      ],
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
    answerOf(redline, { command: 'ask', text: 'bitcoin' }, { platform: 'cli' });
    answerOf(redline, { command: 'ask', text: 'bitcoin' }, { platform: 'console' });
    expect(entries.map((e) => e.platform)).toEqual(['console']);
  });
});
