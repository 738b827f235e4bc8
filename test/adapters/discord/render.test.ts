import { describe, expect, it } from 'vitest';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import { followUpsFor, NOT_FOUND_DOCUMENTS } from '../../../src/chat/follow-ups.js';
import { expectWithinLimits } from '../../support/discord-check.js';
import { passage, DOCUMENT, results, OPTIONS, renderAnswer } from '../../support/discord-answers.js';

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
  });
});
