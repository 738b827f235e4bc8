import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, fitMarkdown, fitPlain } from '../../../adapters/discord/markdown.js';
import { isWholeOrCut, unescapedSyntax, visibleText } from '../../support/discord-check.js';

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

  describe('fitMarkdown', () => {
    it('escapes line-start syntax only where a line starts, not after a bold word', () => {
      expect(fitMarkdown([{ text: 'Russia', bold: true }, { text: '-US talks\n- next' }], 100)).toBe('**Russia**-US talks\n\\- next');
      expect(fitMarkdown([{ text: '- first' }], 100)).toBe('\\- first');
    });

    it('escapes plain pieces as the text they join into, wherever they split', () => {
      // A highlight on white space alone leaves " " as a piece of its own before "# heading".
      expect(fitMarkdown([{ text: ' ' }, { text: '# heading' }], 100)).toBe(' \\# heading');
      expect(fitMarkdown([{ text: 'a\n ' }, { text: '> q' }], 100)).toBe('a\n \\> q');
      expect(fitMarkdown([{ text: 'x', bold: true }, { text: '\n' }, { text: '1. item' }], 100)).toBe('**x**\n1\\. item');
      expect(fitMarkdown([{ text: '@every' }, { text: 'one' }], 100)).toBe('@\u200beveryone');
    });

    it('escapes plain pieces exactly as their joined text (property)', () => {
      const plain = fc.array(fc.string({ unit: fc.constantFrom(' ', '\n', '#', '>', '-', '1', '.', '@', 'e', 'x', '*'), maxLength: 12 }), {
        maxLength: 6,
      });
      fc.assert(
        fc.property(plain, (texts) => {
          expect(
            fitMarkdown(
              texts.map((text) => ({ text })),
              10_000,
            ),
          ).toBe(escapeMarkdown(texts.join('')));
        }),
      );
    });

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
