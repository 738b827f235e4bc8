import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../../src/service/service.js';
import { loadShippedRedline } from '../../support/helpers.js';

describe('createRedline', () => {
  describe('observe', () => {
    it('hears of every request answered: its platform, kind, outcome and time, never its text', async () => {
      const events: RequestEvent[] = [];
      let clock = 0;
      const redline = await loadShippedRedline({
        rateLimit: { count: 2, seconds: 30 },
        observe: (e) => events.push(e),
        monotonic: () => (clock += 5),
      });
      redline.respond({ command: 'ask', text: 'nato' }, { platform: 'slack', userId: 'U1' }, { paged: false });
      redline.respond({ command: 'ask', text: 'xylophone quokka' }, { platform: 'discord', userId: 'U1' });
      redline.respond({ command: 'ask', text: 'nato', offset: 3 }, { platform: 'discord', userId: 'U1' });
      redline.respond({ command: 'topics', text: '' }, { platform: 'discord', userId: 'U1' });
      redline.feedback({ query: 'nato', vote: 'up' }, { platform: 'slack', userId: 'U2' });
      redline.respond({ command: 'ask', text: 'nato' }, { platform: 'cli' }, { paged: false });
      expect(events).toEqual([
        { platform: 'slack', kind: 'ask', outcome: 'answered', ms: 5, asked: true },
        { platform: 'discord', kind: 'ask', outcome: 'nothing', ms: 5, asked: true },
        { platform: 'discord', kind: 'ask', outcome: 'answered', ms: 5, asked: false },
        { platform: 'discord', kind: 'topics', outcome: 'rate-limited', ms: 5, asked: true },
        { platform: 'slack', kind: 'vote', outcome: 'answered', ms: 0, asked: false, vote: 'up' },
        { platform: 'cli', kind: 'ask', outcome: 'answered', ms: 5, asked: false },
      ]);
      expect(JSON.stringify(events)).not.toMatch(/nato|xylophone/);
    });

    it('hears of a request that failed as an error, and the error still reaches the caller', async () => {
      const events: RequestEvent[] = [];
      const redline = await loadShippedRedline({ observe: (e) => events.push(e) });
      const broken = {
        ...redline.current(),
        context: {
          ...redline.current().context,
          examples: () => {
            throw new Error('examples broke');
          },
        },
      };
      redline.replace(broken);
      expect(() => redline.respond({ command: 'help', text: '' }, { platform: 'slack' }, { paged: false })).toThrow('examples broke');
      expect(events).toEqual([expect.objectContaining({ platform: 'slack', kind: 'help', outcome: 'error' })]);
    });
  });
});
