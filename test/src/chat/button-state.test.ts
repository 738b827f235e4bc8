import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeButtonState, encodeButtonState, type LongQueries } from '../../../src/chat/button-state.js';
import { QUERY_MAX_LENGTH } from '../../../src/request/commands.js';
import type { ButtonState } from '../../../src/chat/follow-ups.js';

describe('button state', () => {
  describe('encodeButtonState', () => {
    it('round-trips the action, the request and the passage shown', () => {
      const state: ButtonState = {
        action: 'next',
        request: { command: 'brief', text: 'nato <!here> & 50%|x', doc: 'red-line-russia-us', offset: 3 },
        shown: 'red-line-russia-us#s/1',
      };
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
        request: fc.record(
          {
            command: fc.constantFrom('ask', 'topics', 'brief', 'quote', 'help' as const),
            text: fc.string({ unit: 'binary', maxLength: 300 }),
            offset: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
            doc: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/), { nil: undefined }),
          },
          { requiredKeys: ['command', 'text'] },
        ),
        shown: fc.option(fc.stringMatching(/^[a-z0-9-]{1,30}#[a-z0-9-]{1,30}\/\d{1,2}$/), { nil: undefined }),
      });
      fc.assert(
        fc.property(states, fc.constantFrom(100, 2000), (state, max) => {
          const value = encodeButtonState(state as ButtonState, max);
          if (value === undefined) return;
          expect(value.length).toBeLessThanOrEqual(max);
          const decoded = decodeButtonState(value)!;
          expect(decoded.action).toBe(state.action);
          expect([decoded.request.command, decoded.request.offset, decoded.request.doc]).toEqual([
            state.request.command,
            state.request.offset,
            state.request.doc,
          ]);
          expect(state.request.text.startsWith(decoded.request.text)).toBe(true);
          if (decoded.shown !== undefined) expect(decoded.shown).toBe(state.shown);
          if (max === 2000) expect(decoded.shown).toBe(state.shown);
        }),
      );
    });
  });

  describe('encodeButtonState with long queries kept', () => {
    /** Keeps each text under the next number, as a store of long queries would. */
    function numbered(): Pick<LongQueries, 'keep'> & { kept: Map<string, string> } {
      const kept = new Map<string, string>();
      return { kept, keep: (text) => (kept.set(`k${kept.size}`, text), `k${kept.size - 1}`) };
    }
    const long = 'What did the foreign ministry spokeswoman say about the summit and the alliance last year?';

    it('keeps a query too long for the room and writes its key before the query cut at a word; a short query is not kept', () => {
      const queries = numbered();
      const state: ButtonState = { action: 'next', request: { command: 'ask', text: long, offset: 1 }, shown: 'a-document#a-section/12' };
      const value = encodeButtonState(state, 100, queries)!;
      expect(value.length).toBeLessThanOrEqual(100);
      expect(value.startsWith('rl2|n|a|1|||a-document#a-section/12|#k0|What did the')).toBe(true);
      const decoded = decodeButtonState(value)!;
      expect(decoded.queryKey).toBe('k0');
      expect(queries.kept.get('k0')).toBe(long);
      expect(long.startsWith(decoded.request.text)).toBe(true);
      expect(decoded.shown).toBe('a-document#a-section/12');
      expect(
        decodeButtonState(encodeButtonState({ action: 'next', request: { command: 'ask', text: 'nato', offset: 1 } }, 100, queries)),
      ).toEqual({ action: 'next', request: { command: 'ask', text: 'nato', offset: 1 } });
      expect(encodeButtonState(state, 2000, queries)).toBe(encodeButtonState(state, 2000));
      expect(queries.kept.size).toBe(1);
    });

    it('cuts the query as before when the store cannot keep it or gives a key a button cannot carry', () => {
      const state: ButtonState = { action: 'next', request: { command: 'ask', text: long } };
      const cut = encodeButtonState(state, 100)!;
      expect(encodeButtonState(state, 100, { keep: () => undefined })).toBe(cut);
      expect(encodeButtonState(state, 100, { keep: () => 'a|b' })).toBe(cut);
      expect(encodeButtonState(state, 100, { keep: () => 'x'.repeat(17) })).toBe(cut);
      expect(decodeButtonState(cut)!.queryKey).toBeUndefined();
    });

    it('reads back every query whole, by its key or as written, within the room (property)', () => {
      const states = fc.record({
        action: fc.constantFrom('previous', 'next', 'share', 'up', 'down', 'suggest' as const),
        request: fc.record(
          {
            command: fc.constantFrom('ask', 'brief', 'quote' as const),
            // Most queries here are longer than a custom_id leaves room for.
            text: fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ unit: 'binary', minLength: 40, maxLength: 500 })),
            offset: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
            passage: fc.option(fc.stringMatching(/^[a-z0-9-]{1,30}#[a-z0-9-]{1,30}\/\d{1,2}$/), { nil: undefined }),
          },
          { requiredKeys: ['command', 'text'] },
        ),
        shown: fc.option(fc.stringMatching(/^[a-z0-9-]{1,30}#[a-z0-9-]{1,30}\/\d{1,2}$/), { nil: undefined }),
      });
      fc.assert(
        fc.property(states, (state) => {
          const queries = numbered();
          const value = encodeButtonState(state as ButtonState, 100, queries);
          if (value === undefined) return;
          expect(value.length).toBeLessThanOrEqual(100);
          const decoded = decodeButtonState(value)!;
          const whole = decoded.queryKey === undefined ? decoded.request.text : queries.kept.get(decoded.queryKey);
          expect(whole).toBe(state.request.text.slice(0, QUERY_MAX_LENGTH * 2));
          expect(state.request.text.startsWith(decoded.request.text)).toBe(true);
          expect(decoded.request.passage).toBe(state.request.passage);
        }),
      );
    });
  });

  describe('decodeButtonState', () => {
    it('refuses values it did not write, older formats included', () => {
      for (const value of [
        '',
        'nope',
        '{}',
        '{"subcommand":"ask","query":"x","offset":0}',
        'rl1:p:0::nato',
        'rl2|z|a|0||||x',
        'rl2|n|z|0||||x',
        'rl2|n|a|-1||||x',
        'rl2|n|a|0|%E0%A4%A|||x',
      ]) {
        expect(decodeButtonState(value), value).toBeUndefined();
      }
    });
  });
});
