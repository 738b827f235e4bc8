import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeButtonState, encodeButtonState } from '../src/button-state.js';
import type { ButtonState } from '../src/follow-ups.js';

describe('button state', () => {
  describe('encodeButtonState', () => {
    it('round-trips the action, the request and the passage shown', () => {
      const state: ButtonState = { action: 'next', request: { command: 'brief', text: 'nato <!here> & 50%|x', doc: 'red-line-russia-us', offset: 3 }, shown: 'red-line-russia-us#s/1' };
      expect(decodeButtonState(encodeButtonState(state, 2000))).toEqual(state);
    });

    it('writes a looked-up passage once, and reads it back as the passage shown', () => {
      const state: ButtonState = { action: 'up', request: { command: 'ask', text: '', passage: 'doc#section/2' }, shown: 'doc#section/2' };
      const value = encodeButtonState(state, 100)!;
      expect(value.split('doc#section/2')).toHaveLength(2);
      expect(decodeButtonState(value)).toEqual(state);
    });

    it('never writes a character Slack would escape or a mention could start with', () => {
      const value = encodeButtonState({ action: 'share', request: { command: 'ask', text: '<!channel> & <@U1>', doc: '<#C1>' } }, 2000)!;
      expect(value).not.toMatch(/[<>&]/);
    });

    it('fits any state within the room given, shortening the query at a word, then dropping the passage shown (property)', () => {
      const states = fc.record({
        action: fc.constantFrom('previous', 'next', 'share', 'up', 'down', 'suggest' as const),
        request: fc.record({
          command: fc.constantFrom('ask', 'topics', 'brief', 'quote', 'help' as const),
          text: fc.string({ unit: 'binary', maxLength: 300 }),
          offset: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
          doc: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/), { nil: undefined }),
        }, { requiredKeys: ['command', 'text'] }),
        shown: fc.option(fc.stringMatching(/^[a-z0-9-]{1,30}#[a-z0-9-]{1,30}\/\d{1,2}$/), { nil: undefined }),
      });
      fc.assert(
        fc.property(states, fc.constantFrom(100, 2000), (state, max) => {
          const value = encodeButtonState(state as ButtonState, max);
          if (value === undefined) return;
          expect(value.length).toBeLessThanOrEqual(max);
          const decoded = decodeButtonState(value)!;
          expect(decoded.action).toBe(state.action);
          expect([decoded.request.command, decoded.request.offset, decoded.request.doc]).toEqual([state.request.command, state.request.offset, state.request.doc]);
          expect(state.request.text.startsWith(decoded.request.text)).toBe(true);
          if (decoded.shown !== undefined) expect(decoded.shown).toBe(state.shown);
          if (max === 2000) expect(decoded.shown).toBe(state.shown);
        }),
      );
    });
  });

  describe('decodeButtonState', () => {
    it('refuses values it did not write, older formats included', () => {
      for (const value of ['', 'nope', '{}', '{"subcommand":"ask","query":"x","offset":0}', 'rl1:p:0::nato', 'rl2|z|a|0||||x', 'rl2|n|z|0||||x', 'rl2|n|a|-1||||x', 'rl2|n|a|0|%E0%A4%A|||x']) {
        expect(decodeButtonState(value), value).toBeUndefined();
      }
    });
  });
});
