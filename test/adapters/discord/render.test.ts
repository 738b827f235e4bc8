import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAnswer as renderBare, type RenderOptions } from '../../../adapters/discord/render.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import { followUpsFor, NOT_FOUND_DOCUMENTS } from '../../../src/chat/follow-ups.js';
import type { Answer, DocumentMeta, Hit, Passage, Span } from '../../../src/types.js';
import { followUpsOf } from '../../support/helpers.js';
import { expectNothingUnescaped, expectWithinLimits, isWholeOrCut, visibleText } from '../../support/discord-check.js';

/** Tiny inline fixtures: a passage and its document, with whatever text a test needs. */
function passage(text: string, fields: Partial<Passage> = {}): Passage {
  return {
    id: 'doc#section/2',
    documentId: 'doc',
    section: 'A section',
    sectionSlug: 'section',
    sectionIndex: 1,
    paragraph: 2,
    part: 1,
    order: 3,
    text,
    start: 0,
    end: text.length,
    sentences: [[0, text.length]],
    ...fields,
  };
}

const DOCUMENT: DocumentMeta = { id: 'doc', title: 'A document', source: 'example.org', publisher: 'Example Press' };

function results(hits: Hit[], fields: Partial<Extract<Answer, { kind: 'results' }>> = {}): Answer {
  return { kind: 'results', query: 'nato', hits, total: hits.length, offset: 0, suggestions: [], ...fields };
}

const OPTIONS: RenderOptions = { command: 'redline' };

/** Renders with the follow-ups the core gives the answer. */
function renderAnswer(answer: Answer, options: RenderOptions) {
  return renderBare(answer, { followUps: followUpsOf(answer, { shared: options.sharedBy !== undefined }), ...options });
}

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
    it('shows a hit as an embed: section title, bold matches, footer citation, source as author', () => {
      const text = "NATO's eastward expansion is one of the most serious issues.";
      const message = renderAnswer(
        results(
          [
            {
              passage: passage(text),
              document: DOCUMENT,
              score: 1,
              highlights: [
                [0, 4],
                [16, 25],
              ],
            },
          ],
          { total: 3 },
        ),
        OPTIONS,
      );
      expect(message.content).toBe('Result 1 of 3 for “nato”');
      expect(message.embeds[0]).toMatchObject({
        title: 'A section',
        description: "**NATO**'s eastward **expansion** is one of the most serious issues.",
        footer: { text: 'A document · ¶ 2 · Example Press' },
        author: { name: 'example.org' },
      });
      expect(message.embeds[0]!.url).toBeUndefined();
    });

    it('links the document only when it has a URL', () => {
      const document = { ...DOCUMENT, url: 'https://example.org/a' };
      const message = renderAnswer(results([{ passage: passage('Text.'), document, score: 1, highlights: [] }]), OPTIONS);
      // The title links to the passage (a text fragment of its words), the source to the document.
      expect(message.embeds[0]!.url).toBe('https://example.org/a#:~:text=Text.');
      expect(message.embeds[0]!.author).toEqual({ name: 'example.org', url: 'https://example.org/a' });
    });

    it('gives stateless buttons that redo the query at the right offset', () => {
      const message = renderAnswer(
        results([{ passage: passage('Text.'), document: DOCUMENT, score: 1, highlights: [] }], { total: 5, offset: 2, doc: 'doc' }),
        OPTIONS,
      );
      const states = message.components[0]!.components.map((b) => decodeButtonState(b.custom_id));
      const at = (offset: number) => ({ command: 'ask', text: 'nato', doc: 'doc', offset });
      expect(states).toEqual([
        { action: 'previous', request: at(1) },
        { action: 'next', request: at(3) },
        { action: 'share', request: at(2) },
        { action: 'up', request: at(2), shown: 'doc#section/2' },
        { action: 'down', request: at(2), shown: 'doc#section/2' },
      ]);
    });

    it('names who shared without paging buttons', () => {
      const message = renderAnswer(results([{ passage: passage('Text.'), document: DOCUMENT, score: 1, highlights: [] }], { total: 4 }), {
        ...OPTIONS,
        sharedBy: '400000000000000001',
      });
      expect(message.content).toBe('Shared by <@400000000000000001>: “nato”');
      expect(message.components[0]!.components.map((b) => b.emoji?.name)).toEqual(['👍', '👎']);
    });

    it('offers suggestions as buttons when nothing answers', () => {
      const message = renderAnswer(results([], { query: 'natto', suggestions: ['nato', 'NATO expansion'] }), OPTIONS);
      expect(message.content).toBe('Nothing in the corpus answers “natto”. Try one of these:');
      expect(message.components[0]!.components.map((b) => [b.label, decodeButtonState(b.custom_id)?.request.text])).toEqual([
        ['nato', 'nato'],
        ['NATO expansion', 'NATO expansion'],
      ]);
    });

    it('lists the first few documents when nothing answers, and points to topics for the rest', () => {
      const documents = Array.from({ length: 12 }, (_, i) => ({
        document: { ...DOCUMENT, id: `d${i}`, title: `Document ${i}` },
        sections: [{ title: 'Part', slug: 'part', passages: 2 }],
      }));
      const nothing = results([], { query: 'qwxzv' });
      const message = renderAnswer(nothing, {
        ...OPTIONS,
        followUps: followUpsFor(nothing, { command: 'ask', text: 'qwxzv' }, { topics: { kind: 'topics', documents } }),
      });
      expect(message.embeds.map((e) => e.title)).toEqual(documents.slice(0, NOT_FOUND_DOCUMENTS).map((d) => d.document.title));
      expect(message.content).toBe(
        `Nothing in the corpus answers “qwxzv”. Here is what the corpus covers:\n…and ${12 - NOT_FOUND_DOCUMENTS} more documents: \`/redline topics\` lists them.`,
      );
      expectWithinLimits(message);
      const few = renderAnswer(nothing, {
        ...OPTIONS,
        followUps: followUpsFor(
          nothing,
          { command: 'ask', text: 'qwxzv' },
          { topics: { kind: 'topics', documents: documents.slice(0, 2) } },
        ),
      });
      expect(few.content).toBe('Nothing in the corpus answers “qwxzv”. Here is what the corpus covers:');
      expect(few.embeds).toHaveLength(2);
    });

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
