import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, DocumentMeta, Hit, Span } from '../../../src/types.js';
import { expectNothingUnescaped, expectWithinLimits, isWholeOrCut, visibleText } from '../../support/discord-check.js';
import { passage, DOCUMENT, results, OPTIONS, renderAnswer } from '../../support/discord-answers.js';

const HOSTILE = [
  '@everyone',
  '@here',
  '<@&123>',
  '<@123>',
  '<#456>',
  '<t:0:R>',
  '</redline:1>',
  '||spoiler||',
  '**bold**',
  '__u__',
  '~~s~~',
  '`code`',
  '```block```',
  '[link](https://x.y)',
  '# heading',
  '> quote',
  '-# small',
  '1. list',
  '\\',
  'NATO',
];

/** Text built from hostile fragments, ordinary words and any characters (astral ones included). */
const hostileText = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE),
        fc.string({ maxLength: 12 }),
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.constantFrom(' ', '\n', 'word'),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(' ').slice(0, maxLength));

const longText = fc.oneof(
  hostileText(400),
  hostileText(400).map((t) => `${t} ${'x'.repeat(5000)}`),
  fc.constant('a '.repeat(2600)),
  hostileText(400).map((t) => t.repeat(20)),
);

const spans = (text: string): fc.Arbitrary<Span[]> =>
  fc.array(
    fc.tuple(fc.integer({ min: -5, max: text.length + 5 }), fc.integer({ min: 0, max: 40 })).map(([s, n]) => [s, s + n] as Span),
    { maxLength: 8 },
  );

const hostileHit = longText.chain((text) =>
  fc.record({
    text: fc.constant(text),
    highlights: spans(text),
    section: hostileText(400),
    title: hostileText(3000),
    source: hostileText(400),
    publisher: fc.option(hostileText(3000), { nil: undefined }),
  }),
);

const sharer = fc.option(fc.constantFrom('400000000000000001', '<@&1>', ''), { nil: undefined });

describe('discord render', () => {
  describe('renderAnswer', () => {
    it('escapes hostile text in a hit, cuts 5,000 characters at a word boundary, and stays within every limit', () => {
      const hostile = `@everyone <@&123> ||spoiler|| **bold** _it_ ${'word '.repeat(1000)}`;
      const message = renderAnswer(
        results(
          [
            {
              passage: passage(hostile, { section: '# <@&123> @here' }),
              document: { ...DOCUMENT, title: '@everyone `x`' },
              score: 1,
              highlights: [[0, 9]],
            },
          ],
          {
            query: '@everyone ||x||',
          },
        ),
        OPTIONS,
      );
      expectWithinLimits(message);
      expectNothingUnescaped(message);
      const description = message.embeds[0]!.description!;
      expect(description.startsWith('**@\u200beveryone** \\<@&123> \\|\\|spoiler\\|\\| \\*\\*bold\\*\\* \\_it\\_ word')).toBe(true);
      expect(description.endsWith('word…')).toBe(true);
      expect(message.embeds[0]!.title).toBe('\\# \\<@&123> @\u200bhere');
      expect(message.content).toBe('The passage for “@\u200beveryone \\|\\|x\\|\\|”');
    });

    it('keeps any hit within every limit, escaped, and showing the passage as written (property)', () => {
      fc.assert(
        fc.property(hostileHit, hostileText(200), sharer, fc.nat({ max: 30 }), (h, query, sharedBy, offset) => {
          const document: DocumentMeta = {
            id: 'doc',
            title: h.title,
            source: h.source,
            ...(h.publisher ? { publisher: h.publisher } : {}),
          };
          const hit: Hit = { passage: passage(h.text, { section: h.section }), document, score: 1, highlights: h.highlights };
          const message = renderAnswer(results([hit], { query, total: offset + 2, offset }), {
            command: 'redline',
            ...(sharedBy !== undefined ? { sharedBy } : {}),
          });
          expectWithinLimits(message);
          expectNothingUnescaped(message, sharedBy ? [`<@${sharedBy}>`] : []);
          const oneLine = (t: string) => t.replace(/[\r\n\u2028\u2029]/g, ' ');
          expect(isWholeOrCut(visibleText(message.embeds[0]!.description!), oneLine(h.text))).toBe(true);
          expect(isWholeOrCut(visibleText(message.embeds[0]!.title!), oneLine(h.section))).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps briefs, quotes, topics, help and notes within every limit and escaped (property)', () => {
      const answers: fc.Arbitrary<Answer> = hostileHit.chain((h) => {
        const document: DocumentMeta = { id: 'doc', title: h.title, source: h.source };
        const p = passage(h.text, { section: h.section });
        return fc.oneof(
          fc.nat({ max: 30 }).map(
            (n): Answer => ({
              kind: 'brief',
              topic: h.section.slice(0, 200),
              items: Array.from({ length: n }, () => ({ passage: p, document, text: h.text, highlights: h.highlights })),
              documents: [document],
              suggestions: [h.section],
            }),
          ),
          fc.nat({ max: 12 }).map(
            (n): Answer => ({
              kind: 'quote',
              query: h.section.slice(0, 200),
              quotes: Array.from({ length: n }, () => ({
                text: h.text,
                speaker: h.section,
                role: h.source,
                passage: p,
                document,
                highlights: h.highlights,
              })),
              suggestions: [],
            }),
          ),
          fc.integer({ min: 1, max: 14 }).map(
            (n): Answer => ({
              kind: 'topics',
              documents: Array.from({ length: n }, (_, i) => ({
                document: { ...document, id: `d${i}` },
                sections: Array.from({ length: 40 }, () => ({ title: h.section, slug: 's', passages: 2 })),
              })),
            }),
          ),
          fc.constant<Answer>({
            kind: 'help',
            command: 'redline',
            documents: Array.from({ length: 30 }, () => document),
            examples: ['brief a section'],
          }),
          fc.constant<Answer>({ kind: 'usage', message: h.text }),
          fc.constant<Answer>({ kind: 'rate-limited', retryAfterSeconds: 12 }),
        );
      });
      fc.assert(
        fc.property(answers, sharer, (answer, sharedBy) => {
          const message = renderAnswer(answer, { command: 'redline', ...(sharedBy !== undefined ? { sharedBy } : {}) });
          expectWithinLimits(message);
          expectNothingUnescaped(message, sharedBy ? [`<@${sharedBy}>`] : []);
        }),
        { numRuns: 200 },
      );
    });
  });
});
