import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/service/rate-limit.js';
import { RecentKeys } from '../../../src/service/recent.js';
import type { FeedbackEntry } from '../../../src/service/service.js';
import { loadShippedRedline, answerOf } from '../../support/helpers.js';

describe('createRateLimiter', () => {
  describe('the limiter', () => {
    it('allows `count` per window per key, then says how many seconds to wait', () => {
      let t = 0;
      const take = createRateLimiter({ count: 2, seconds: 10 }, () => t);
      expect([take('a'), take('a'), take('a'), take('b')]).toEqual([0, 0, 10, 0]);
      t = 9_500;
      expect(take('a')).toBe(1);
      t = 10_001;
      expect(take('a')).toBe(0);
    });
  });
});

describe('RecentKeys', () => {
  describe('claim', () => {
    it('is true the first time, false for a repeat within the time to live, true again after it', () => {
      let t = 1000;
      const seen = new RecentKeys(() => t, 10);
      expect([seen.claim('x', 100), seen.claim('x', 100), seen.claim('y', 100)]).toEqual([true, false, true]);
      t = 1101;
      expect(seen.claim('x', 100)).toBe(true);
    });

    it('holds at most `max` keys, forgetting the oldest first', () => {
      const seen = new RecentKeys(() => 1000, 3);
      for (const key of ['a', 'b', 'c', 'd']) seen.claim(key, 1000);
      expect(seen.size).toBe(3);
      expect(seen.claim('d', 1000)).toBe(false);
      expect(seen.claim('a', 1000)).toBe(true);
    });
  });
});

describe('createRedline limits', () => {
  it('counts votes against the per-user limit: one user cannot flood the feedback log', async () => {
    const entries: FeedbackEntry[] = [];
    const redline = await loadShippedRedline({ rateLimit: { count: 3, seconds: 60 }, recordFeedback: (e) => entries.push(e) });
    const voted = Array.from({ length: 10 }, () => redline.feedback({ query: 'nato', vote: 'down' }, { platform: 'slack', userId: 'U1' }));
    expect(voted).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(redline.feedback({ query: 'nato', vote: 'down' }, { platform: 'slack', userId: 'U2' })).toBe(true);
    expect(entries).toHaveLength(4);
    expect(answerOf(redline, { command: 'ask', text: 'nato' }, { platform: 'slack', userId: 'U1' }).kind).toBe('rate-limited');
  });

  it('gives autocomplete its own, higher limit, beyond which it offers nothing', async () => {
    const redline = await loadShippedRedline({ rateLimit: { count: 1, seconds: 60 }, autocompleteRateLimit: { count: 5, seconds: 60 } });
    const who = { platform: 'discord' as const, userId: 'U1' };
    answerOf(redline, { command: 'ask', text: 'nato' }, who);
    expect(answerOf(redline, { command: 'ask', text: 'nato' }, who).kind).toBe('rate-limited');
    const offered = Array.from({ length: 7 }, () => redline.autocomplete('nat', 5, undefined, who).length);
    expect(offered.slice(0, 5).every((n) => n > 0)).toBe(true);
    expect(offered.slice(5)).toEqual([0, 0]);
    expect(redline.autocomplete('nat', 5, undefined, { platform: 'discord', userId: 'U2' }).length).toBeGreaterThan(0);
  });
});
