import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeButton, encodeButton, type ButtonState } from '../../../adapters/discord/custom-id.js';
import { escapeMarkdown, fitMarkdown, fitPlain, highlightPieces } from '../../../adapters/discord/markdown.js';
import { isWholeOrCut, unescapedSyntax, visibleText } from './check.js';

describe('discord markdown', () => {
  describe('escapeMarkdown', () => {
    it('escapes formatting, links and mention tags, and defuses mass mentions', () => {
      expect(escapeMarkdown('**b** _i_ ~~s~~ `c` ||sp|| [l](u) <@&123> <#1> \\')).toBe(
        '\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\| \\[l\\](u) \\<@&123> \\<#1> \\\\',
      );
      expect(escapeMarkdown('@everyone and @here')).toBe('@\u200beveryone and @\u200bhere');
    });

    it('escapes block syntax only at the start of a line', () => {
      expect(escapeMarkdown('# h\n> q\n-# s\n1. l\na # b > c - d')).toBe('\\# h\n\\> q\n\\-# s\n1\\. l\na # b > c - d');
    });

    it('leaves ordinary text alone', () => {
      expect(escapeMarkdown("NATO's eastward expansion (2021): 50%!")).toBe("NATO's eastward expansion (2021): 50%!");
    });

    it('shows any text as written and leaves no syntax unescaped (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
          const escaped = escapeMarkdown(text);
          expect(unescapedSyntax(escaped).filter((f) => !f.startsWith('*'))).toEqual([]);
          if (!text.includes('\u200b')) expect(visibleText(escaped)).toBe(text);
        }),
      );
    });
  });

  describe('highlightPieces', () => {
    it('merges overlapping spans, clamps them, and keeps spaces outside bold', () => {
      expect(highlightPieces('red line here', [[4, 9], [0, 3], [2, 5], [40, 50]])).toEqual([{ text: 'red line', bold: true }, { text: ' ' }, { text: 'here' }]);
    });
  });

  describe('fitMarkdown', () => {
    it('cuts at a word boundary, closing an open bold', () => {
      expect(fitMarkdown([{ text: 'one two ' }, { text: 'three four', bold: true }], 18)).toBe('one two **three**…');
    });

    it('cuts a single word longer than the limit inside it, never splitting an escape or an astral character', () => {
      expect(fitMarkdown([{ text: 'x'.repeat(5000) }], 4096)).toBe(`${'x'.repeat(4095)}…`);
      expect(fitMarkdown([{ text: '*'.repeat(10) }], 6)).toBe('\\*\\*…');
      expect(fitMarkdown([{ text: '😀😀😀' }], 4)).toBe('😀…');
    });

    it('stays within the limit and shows a prefix of the text (property)', () => {
      const pieces = fc.array(fc.record({ text: fc.string({ unit: 'binary', maxLength: 80 }), bold: fc.boolean() }), { maxLength: 12 });
      fc.assert(
        fc.property(pieces, fc.integer({ min: 1, max: 400 }), (raw, max) => {
          const text = raw.map((p) => p.text).join('');
          fc.pre(!text.includes('\u200b'));
          const fitted = fitMarkdown(raw, max);
          expect(fitted.length).toBeLessThanOrEqual(max);
          expect(isWholeOrCut(visibleText(fitted), text)).toBe(true);
        }),
      );
    });
  });

  describe('fitPlain', () => {
    it('cuts plain text at a word boundary', () => {
      expect(fitPlain('A document title that is long', 16)).toBe('A document…');
      expect(fitPlain('short', 16)).toBe('short');
    });
  });
});

describe('discord custom ids', () => {
  describe('encodeButton', () => {
    it('round-trips a state', () => {
      const state: ButtonState = { action: 'page', offset: 3, text: 'brief nato: expansion', doc: 'red-line-russia-us' };
      expect(decodeButton(encodeButton(state)!)).toEqual(state);
    });

    it('fits any state within 100 characters, shortening only the text (property)', () => {
      const states = fc.record({
        action: fc.constantFrom('page', 'ask', 'share', 'up', 'down' as const),
        offset: fc.nat({ max: 999 }),
        text: fc.string({ unit: 'binary', maxLength: 300 }),
        doc: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,60}$/), { nil: undefined }),
      });
      fc.assert(
        fc.property(states, (state) => {
          const id = encodeButton(state);
          if (id === undefined) return;
          expect(id.length).toBeLessThanOrEqual(100);
          const decoded = decodeButton(id)!;
          expect(decoded).toMatchObject({ action: state.action, offset: state.offset });
          expect(decoded.doc).toBe(state.doc || undefined);
          expect(state.text.startsWith(decoded.text)).toBe(true);
        }),
      );
    });
  });

  describe('decodeButton', () => {
    it('refuses ids it did not write', () => {
      expect(decodeButton('something-else')).toBeUndefined();
      expect(decodeButton('rl1:z:0::nato')).toBeUndefined();
      expect(decodeButton('rl0:p:0::nato')).toBeUndefined();
    });
  });
});
