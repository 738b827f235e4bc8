import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, SECTION_TEXT_MAX } from '../../../adapters/slack/limits.js';
import { renderSlackAnswer } from '../../../adapters/slack/render.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import type { RedlineService } from '../../../src/service/service.js';
import type { DocumentMeta } from '../../../src/types.js';
import { followUpsOf, loadShippedRedline, answerOf } from '../../support/helpers.js';
import { buttonsOf, messageText, slackViolations } from '../../support/slack-check.js';
import { HOSTILE, plainDocument, hitOf, results, render } from '../../support/slack-answers.js';

describe('renderSlackAnswer', () => {
  let redline: RedlineService;
  beforeAll(async () => {
    redline = await loadShippedRedline({ rateLimit: { count: 1000, seconds: 1 } });
  });

  describe('results', () => {
    it('shows the passage that answers, with its source and the question echoed', () => {
      const answer = answerOf(redline, { command: 'ask', text: 'nato', limit: 1 }, { platform: 'slack' });
      if (answer.kind !== 'results') throw new Error(`expected results, got ${answer.kind}`);
      const hit = answer.hits[0]!;
      expect(hit.passage.text).toMatch(/NATO/);
      const message = render(answer, { command: 'redline', asked: 'nato' });
      const text = messageText(message);
      expect(text).toContain('/redline nato');
      expect(text).toContain(hit.passage.text);
      expect(text).toContain(hit.document.title);
      expect(text).toContain(hit.document.source);
      expect(text).toContain(`¶ ${hit.passage.paragraph}`);
      expect(slackViolations(message)).toEqual([]);
    });

    it('bolds exactly the highlighted words', () => {
      const message = render(
        results([
          hitOf('Russia and NATO talk about NATO.', [
            [11, 15],
            [27, 31],
          ]),
        ]),
        { command: 'redline' },
      );
      const section = (message.blocks[0] as { text: { text: string } }).text.text;
      expect(section).toBe('Russia and *NATO* talk about *NATO*.');
    });

    it('merges overlapping highlights and ignores spans outside the text', () => {
      const message = render(
        results([
          hitOf('one two three', [
            [4, 7],
            [5, 13],
            [40, 50],
            [3, 3],
          ]),
        ]),
        { command: 'redline' },
      );
      expect((message.blocks[0] as { text: { text: string } }).text.text).toBe('one *two three*');
    });

    it('links the title only when the document has a URL', () => {
      const linked = render(results([hitOf('text', [], { ...plainDocument, url: 'https://example.org/a?b=1|x' })]), { command: 'redline' });
      const citation = JSON.stringify(linked.blocks[1]);
      // The title links to the passage itself: the document's URL with a text fragment of its words.
      expect(citation).toContain('<https://example.org/a?b=1%7Cx#:~:text=text|A title>');
      const unlinked = render(results([hitOf('text')]), { command: 'redline' });
      expect(JSON.stringify(unlinked.blocks[1])).not.toContain('<http');
    });

    it('never links a URL that is not http(s)', () => {
      const message = render(results([hitOf('text', [], { ...plainDocument, url: 'javascript:alert(1)' })]), { command: 'redline' });
      expect(JSON.stringify(message)).not.toContain('javascript:');
    });

    it('offers Next on the first page, Previous and Next in the middle, Previous on the last', () => {
      const hit = hitOf('text');
      const ids = (offset: number) => [...buttonsOf(render(results([hit], { total: 3, offset }), { command: 'redline' })).keys()];
      expect(ids(0)).toEqual([ACTION_IDS.next, ACTION_IDS.share, ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
      expect(ids(1)).toEqual([ACTION_IDS.previous, ACTION_IDS.next, ACTION_IDS.share, ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
      expect(ids(2)).toEqual([ACTION_IDS.previous, ACTION_IDS.share, ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
    });

    it('puts the next request in the Next button and the passage in the vote buttons', () => {
      const message = render(
        results([hitOf('text', [], plainDocument, { id: 'doc#s/4' })], { total: 3, offset: 1, query: 'nato', doc: 'doc' }),
        {
          command: 'redline',
        },
      );
      const buttons = buttonsOf(message);
      expect(decodeButtonState(buttons.get(ACTION_IDS.next)!.value)).toEqual({
        action: 'next',
        request: { command: 'ask', text: 'nato', doc: 'doc', offset: 2 },
      });
      expect(decodeButtonState(buttons.get(ACTION_IDS.previous)!.value)).toEqual({
        action: 'previous',
        request: { command: 'ask', text: 'nato', doc: 'doc' },
      });
      expect(decodeButtonState(buttons.get(ACTION_IDS.voteDown)!.value)).toMatchObject({ request: { text: 'nato' }, shown: 'doc#s/4' });
    });

    it('has no paging or share buttons once shared, and says who shared it', () => {
      const message = render(results([hitOf('text')], { total: 3 }), { command: 'redline', asked: 'nato', sharedBy: 'alice' });
      expect([...buttonsOf(message).keys()]).toEqual([ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
      expect(messageText(message)).toContain('alice shared: /redline nato');
    });

    it('offers suggestions as buttons that run them, and the topics, when nothing answers', () => {
      const answer = answerOf(redline, { command: 'ask', text: 'qwxzv plorb' }, { platform: 'slack' });
      const topics = answerOf(redline, { command: 'topics', text: '' }, { platform: 'slack' });
      if (answer.kind !== 'results' || topics.kind !== 'topics') throw new Error('unexpected answer kinds');
      expect(answer.total).toBe(0);
      expect(answer.suggestions.length).toBeGreaterThan(0);
      const message = renderSlackAnswer(answer, { command: 'redline', asked: 'qwxzv plorb', followUps: followUpsOf(answer, { topics }) });
      const suggestionButtons = [...buttonsOf(message)].filter(([id]) => id.startsWith(ACTION_IDS.suggest));
      expect(suggestionButtons.length).toBeGreaterThan(0);
      for (const [, { text, value }] of suggestionButtons) {
        expect(answer.suggestions).toContain(text);
        expect(decodeButtonState(value)).toEqual({ action: 'suggest', request: { command: 'ask', text } });
      }
      for (const section of topics.documents[0]!.sections) expect(messageText(message)).toContain(section.title);
      expect(slackViolations(message)).toEqual([]);
    });
  });

  describe('other answers', () => {
    it('renders help, topics, brief and quote through the same path within every limit', () => {
      for (const text of ['help', 'topics', 'brief', 'brief nato', 'quote zakharova', 'quote nobody-at-all']) {
        const [command, ...rest] = text.split(' ');
        const answer = answerOf(redline, { command: command as 'help', text: rest.join(' ') }, { platform: 'slack' });
        const message = render(answer, { command: 'redline', asked: text });
        expect(slackViolations(message), text).toEqual([]);
        expect(message.blocks.length, text).toBeGreaterThan(1);
      }
    });

    it('lists every subcommand in help', () => {
      const answer = render(
        { kind: 'help', command: 'ask-me', documents: [plainDocument], examples: ['brief arctic shipping'] },
        { command: 'ask-me' },
      );
      expect(messageText(answer)).toContain('/ask-me brief arctic shipping');
      for (const sub of ['topics', 'brief', 'quote', 'help']) expect(messageText(answer)).toContain(`/ask-me ${sub}`);
    });

    it('quotes the exact sentence with its speaker', () => {
      const answer = answerOf(redline, { command: 'quote', text: 'zakharova' }, { platform: 'slack' });
      if (answer.kind !== 'quote' || !answer.quotes.length) throw new Error('expected a quote');
      const text = messageText(render(answer, { command: 'redline' }));
      expect(text).toContain(answer.quotes[0]!.text);
      if (answer.quotes[0]!.speaker) expect(text).toContain(answer.quotes[0]!.speaker);
    });

    it('says when to try again after a rate limit', () => {
      const message = render({ kind: 'rate-limited', retryAfterSeconds: 12 }, { command: 'redline' });
      expect(messageText(message)).toContain('12 s');
    });
  });

  describe('hostile input', () => {
    it('echoes mentions, formatting and links as text that cannot ping or format', () => {
      for (const asked of HOSTILE) {
        const message = render(results([]), { command: 'redline', asked });
        expect(slackViolations(message), asked).toEqual([]);
        const echo = (message.blocks[0] as { elements: Array<{ text: string }> }).elements[0]!.text;
        expect(echo).not.toMatch(/[<>*_~`]/);
      }
    });

    it('keeps a 5,000-character passage within the section limit, cut at a word', () => {
      const words = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
      const message = render(results([hitOf(words, [[0, 2]])]), { command: 'redline', asked: 'x'.repeat(5000) });
      expect(slackViolations(message)).toEqual([]);
      const section = (message.blocks[1] as { text: { text: string } }).text.text;
      expect(section.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
      expect(section).toMatch(/ w\d+…$/);
    });

    it('keeps emoji and right-to-left text whole', () => {
      const text = 'שלום 👋🏽 مرحبا NATO 🇺🇦 '.repeat(300);
      const message = render(results([hitOf(text)]), { command: 'redline', asked: text });
      expect(slackViolations(message)).toEqual([]);
      for (const block of message.blocks) expect(JSON.stringify(block)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    });

    it('never lets a corpus document ping or break a link', () => {
      const document: DocumentMeta = {
        id: '<!here>',
        title: '<!channel> *x*',
        source: '<@U1>',
        publisher: 'a & b',
        url: 'https://x.test/<!here>',
      };
      const message = render(results([hitOf('<!subteam^S1> hi', [[0, 13]], document, { section: '<@U2>' })], { total: 2 }), {
        command: 'redline',
      });
      expect(slackViolations(message)).toEqual([]);
      expect(messageText(message)).toContain('<!subteam^S1> hi');
    });
  });
});
