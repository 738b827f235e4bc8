import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderConsoleAnswer } from '../../adapters/console/render.js';
import { renderAnswer as renderDiscordAnswer } from '../../adapters/discord/render.js';
import { renderSlackAnswer } from '../../adapters/slack/render.js';
import { replyToMessage } from '../../adapters/discord/messages.js';
import { parseRequest } from '../../src/request/parse.js';
import { silentLogger } from '../../src/log.js';
import { findRequest, mentionRequest } from '../../src/chat/conversation.js';
import { decodeButtonState } from '../../src/chat/button-state.js';
import type { ButtonState } from '../../src/chat/follow-ups.js';
import type { RedlineService } from '../../src/service/service.js';
import { expectNothingUnescaped, expectWithinLimits, visibleText } from '../support/discord-check.js';
import { buttonsOf, messageText, slackViolations } from '../support/slack-check.js';
import { loadShippedRedline } from '../support/helpers.js';

// Any text a person can type goes through the one grammar, the core and every platform's renderer.

// biome-ignore format: a word list reads best packed
const HOSTILE = [
  '@everyone', '@here', '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@&123>', '<#C1>', '<!subteam^S1>',
  '||spoiler||', '**bold**', '*b*', '_i_', '~s~', '`code`', '```', '`/', '`/redline', '> quote', '[link](http://x)', '<http://x|y>',
  'nato', 'zakharova', 'brief', 'quote', 'topics', 'help', 'visa', '\u202eRTL', 'مرحبا', '👋🏽', '\u0000', '\n', '&amp;',
];
const query = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((w) => w.join(' ')),
  fc.constantFrom(
    'x'.repeat(10_000),
    'nato '.repeat(2000),
    '\u0007\u001b[2J'.repeat(50),
    'nato expansion to the east and the visa negotiations deadlock and quote biden',
  ),
);

let redline: RedlineService;
beforeAll(async () => {
  redline = await loadShippedRedline({ rateLimit: { count: 1_000_000, seconds: 1 } });
});

/** What each button of a message would do when clicked, as the core's button state says. */
function slackActions(message: { blocks: unknown[] }): string[] {
  return [...buttonsOf(message).values()].map((b) => describeState(decodeButtonState(b.value)));
}

function discordActions(message: { components: Array<{ components: Array<{ custom_id: string; disabled?: boolean }> }> }): string[] {
  return message.components.flatMap((row) =>
    row.components.filter((b) => !b.disabled).map((b) => describeState(decodeButtonState(b.custom_id))),
  );
}

/** A button's state, but for its query text, which a 100-character custom id may have to cut (checked apart). */
function describeState(state: ButtonState | undefined): string {
  if (!state) return 'unreadable';
  const { command, doc, offset, passage } = state.request;
  return JSON.stringify([state.action, command, doc, offset ?? 0, passage, state.shown]);
}

/** Each Discord button's query is a Slack button's of the same kind, or the start of it. */
function expectSameQueries(
  slack: { blocks: unknown[] },
  discord: { components: Array<{ components: Array<{ custom_id: string; disabled?: boolean }> }> },
): void {
  const slackStates = [...buttonsOf(slack).values()].map((b) => decodeButtonState(b.value)!);
  for (const row of discord.components)
    for (const button of row.components.filter((b) => !b.disabled)) {
      const state = decodeButtonState(button.custom_id)!;
      const same = slackStates.filter((s) => describeState(s) === describeState(state));
      expect(same.some((s) => s.request.text.startsWith(state.request.text))).toBe(true);
    }
}

describe('any query, on every platform', () => {
  it('answers without an exception, within every limit, pinging nobody, and the same on each renderer', () => {
    fc.assert(
      fc.property(query, (text) => {
        const { answer, followUps } = redline.respond(parseRequest(text), { platform: 'slack', userId: 'U1' });
        const slack = renderSlackAnswer(answer, { command: 'redline', asked: text, followUps });
        expect(slackViolations(slack)).toEqual([]);
        const discord = renderDiscordAnswer(answer, { command: 'redline', followUps });
        expectWithinLimits(discord);
        expectNothingUnescaped(discord);
        const terminal = renderConsoleAnswer(answer);
        expect(terminal).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);

        // The same follow-ups on Slack and Discord: every button readable, and each runs again without a fault.
        const actions = slackActions(slack);
        expect(discordActions(discord).sort()).toEqual([...actions].sort());
        expect(actions).not.toContain('unreadable');
        expectSameQueries(slack, discord);
        for (const f of followUps) {
          if (f.kind === 'topics') continue;
          expect(redline.respond(f.state.request, { platform: 'discord', userId: 'U2' }).answer.kind).not.toBe('usage');
        }
        // "Nothing found" offers the topics on both platforms, and is never offered for sharing.
        if (followUps.some((f) => f.kind === 'topics')) {
          const topics = followUps.find((f) => f.kind === 'topics')!;
          if (topics.kind === 'topics') {
            const title = topics.topics.documents[0]!.document.title;
            expect(messageText(slack)).toContain(title);
            expect(discord.embeds.map((e) => visibleText(e.title ?? ''))).toContain(title);
          }
          expect(followUps.some((f) => f.kind === 'share')).toBe(false);
        }

        if (answer.kind === 'results' && answer.hits[0]) {
          // The same passage, and its source, on each platform.
          const { passage, document } = answer.hits[0];
          const opening = passage.text.slice(0, 60);
          expect(messageText(slack)).toContain(opening);
          expect(visibleText(discord.embeds[0]!.description!)).toContain(opening);
          expect(terminal).toContain(passage.text);
          for (const shown of [messageText(slack), JSON.stringify(discord.embeds[0]!.footer ?? {}) + discord.embeds[0]!.title, terminal])
            expect(shown).toContain(document.publisher ?? document.source);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('any message, on every conversational surface', () => {
  it('a mention (answered for everyone) and "Find in briefings" (privately) stay within every limit and ping nobody', () => {
    fc.assert(
      fc.property(query, fc.constantFrom('<@U0BOT> ', '<@400000000000000001> ', ''), (text, mention) => {
        const asked = [
          redline.respond(mentionRequest(mention + text), { platform: 'slack', userId: 'U3', channel: { id: 'C1' } }, { shared: true }),
          ...[findRequest(text)]
            .filter((r) => r !== undefined)
            .map((r) => redline.respond(r, { platform: 'discord', userId: 'U4', channel: { id: '1' } })),
        ];
        for (const { answer, followUps } of asked) {
          expect(slackViolations(renderSlackAnswer(answer, { command: 'redline', followUps }))).toEqual([]);
          const discord = renderDiscordAnswer(answer, { command: 'redline', followUps });
          expectWithinLimits(discord);
          expectNothingUnescaped(discord);
        }
        // A Discord message mentioning the bot goes the same way.
        const reply = replyToMessage(
          { content: mention + text, authorId: '5', fromBot: false, channel: { id: '1' }, direct: false, mentionsBot: true },
          { redline, log: silentLogger, command: 'redline' },
        )!;
        expectWithinLimits(reply);
        expectNothingUnescaped(reply);
        // A public answer offers nothing but votes.
        expect(asked[0]!.followUps.every((f) => f.kind === 'vote')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
