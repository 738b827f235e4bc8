import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderConsoleAnswer } from '../adapters/console/render.js';
import { renderAnswer as renderDiscordAnswer } from '../adapters/discord/render.js';
import { renderSlackAnswer } from '../adapters/slack/render.js';
import { parseRequest } from '../src/answer.js';
import type { RedlineService } from '../src/service.js';
import { expectNothingUnescaped, expectWithinLimits, visibleText } from './adapters/discord/check.js';
import { messageText, slackViolations } from './adapters/slack/check.js';
import { loadShippedRedline } from './helpers.js';

// Any text a person can type goes through the one grammar, the core and every platform's renderer.

const HOSTILE = [
  '@everyone', '@here', '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@&123>', '<#C1>', '<!subteam^S1>',
  '||spoiler||', '**bold**', '*b*', '_i_', '~s~', '`code`', '```', '> quote', '[link](http://x)', '<http://x|y>',
  'nato', 'zakharova', 'brief', 'quote', 'topics', 'help', 'visa', '\u202eRTL', 'مرحبا', '👋🏽', '\u0000', '\n', '&amp;',
];
const query = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((w) => w.join(' ')),
  fc.constantFrom('x'.repeat(10_000), 'nato '.repeat(2000), '\u0007\u001b[2J'.repeat(50)),
);

let redline: RedlineService;
beforeAll(async () => {
  redline = await loadShippedRedline({ rateLimit: { count: 1_000_000, seconds: 1 } });
});

describe('any query, on every platform', () => {
  it('answers without an exception, within every limit, pinging nobody, and the same on each renderer', () => {
    fc.assert(
      fc.property(query, (text) => {
        const answer = redline.handle(parseRequest(text), { platform: 'slack', userId: 'U1' });
        const slack = renderSlackAnswer(answer, { command: 'redline', asked: text });
        expect(slackViolations(slack)).toEqual([]);
        const discord = renderDiscordAnswer(answer, { text, command: 'redline' });
        expectWithinLimits(discord);
        expectNothingUnescaped(discord);
        const terminal = renderConsoleAnswer(answer);
        expect(terminal).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);

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
