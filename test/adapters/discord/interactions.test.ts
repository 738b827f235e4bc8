import { beforeAll, describe, expect, it } from 'vitest';
import { completions, PASSAGE_CHOICE } from '../../../adapters/discord/autocomplete.js';
import {
  ERROR_REPLY,
  NO_WORDS_REPLY,
  respondToInteraction,
  USER_INSTALL_SHARE_REPLY,
  type InteractionDeps,
} from '../../../adapters/discord/interactions.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import { REDLINE_COMMAND } from '../../../src/request/commands.js';
import { createRedline, type RedlineService } from '../../../src/service/service.js';
import {
  asUserInstall,
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  messageCommandInteraction,
  pingInteraction,
} from '../../support/fakes/discord-interactions.js';
import { loadFixtureRedline, loadShippedRedline } from '../../support/helpers.js';
import { expectNothingUnescaped, expectWithinLimits, visibleText } from '../../support/discord-check.js';
import { MemoryLogger } from '../../support/log.js';

/** The platform-neutral handlers, called directly with interaction JSON (both modes use them). */

let redline: RedlineService;
let several: RedlineService;

beforeAll(async () => {
  redline = await loadShippedRedline({ rateLimit: { count: 1000, seconds: 1 } });
  several = await loadFixtureRedline({ rateLimit: { count: 1000, seconds: 1 } });
});

function deps(over: Partial<InteractionDeps> = {}): InteractionDeps {
  return { redline, log: new MemoryLogger(), command: 'redline', ...over };
}

function reply(interaction: Parameters<typeof respondToInteraction>[0], d = deps()): any {
  return respondToInteraction(interaction, d);
}

describe('discord interactions', () => {
  describe('respondToInteraction', () => {
    it('answers PING with PONG', () => {
      expect(reply(pingInteraction())).toEqual({ type: 1 });
    });

    it('when nothing is found: suggestions that keep the subcommand, the topics, as on Slack; a suggestion click runs it', () => {
      const { data } = reply(commandInteraction('brief qwxzv plorb'));
      expect(data.content).toMatch(/^Nothing in the corpus answers “qwxzv plorb”\. Try one of these:$/);
      const topics = redline.current().library.documents.map((d) => d.title);
      expect(data.embeds.map((e: { title: string }) => e.title)).toEqual(topics);
      const buttons = data.components.flatMap((row: { components: Array<{ custom_id: string; label: string }> }) => row.components);
      expect(buttons.length).toBeGreaterThan(0);
      for (const b of buttons) expect(decodeButtonState(b.custom_id)?.request.command).toBe('brief');
      const clicked = reply(buttonInteraction(buttons[0].custom_id));
      expect(clicked.type).toBe(7);
      expect(clicked.data.embeds[0].title).toMatch(/^Briefing: /);
    });

    it('gives the same question the same reply object while the corpus stays, so it is rendered and serialised once; each user is still counted', () => {
      const counted = createRedline(redline.current(), { now: Date.now, rateLimit: { count: 2, seconds: 60 } });
      const d = deps({ redline: counted });
      const ask = (userId: string) => respondToInteraction(commandInteraction('nato', { userId }), d);
      const first = ask('400000000000000001');
      expect(ask('400000000000000002')).toBe(first);
      expect(ask('400000000000000001')).toBe(first);
      // The third question of the first user is over the limit: a reply of its own, not the kept one.
      const limited = ask('400000000000000001') as { data: { content: string } };
      expect(limited).not.toBe(first);
      expect(limited.data.content).toMatch(/slow down|try again/i);
    });

    it('answers "Find in briefings" privately with the passages matching the message\'s words', () => {
      const found = reply(messageCommandInteraction('<@400000000000000001> what about NATO expansion? https://x.test/a'));
      expect([found.type, found.data.flags]).toEqual([4, 64]);
      const expected = redline.respond({ command: 'ask', text: 'what about NATO expansion?' }, { platform: 'console' });
      if (expected.answer.kind !== 'results' || !expected.answer.hits[0]) throw new Error('expected a hit');
      expect(visibleText(found.data.embeds[0].description)).toBe(expected.answer.hits[0].passage.text);
      expect(reply(messageCommandInteraction('<@400000000000000001> https://x.test/a')).data.content).toBe(NO_WORDS_REPLY);
    });

    it('reads options and the target message by their own names only, whatever names the payload holds', () => {
      const withOptions = commandInteraction('nato');
      withOptions.data.options = [
        { name: 'constructor', type: 3, value: 'x' },
        { name: '__proto__', type: 3, value: 'y' },
        ...withOptions.data.options!,
      ];
      expect(reply(withOptions).data.embeds[0].description).toMatch(/NATO/);
      // A target id that names an Object.prototype member finds no message, as any id the payload lacks.
      for (const targetId of ['constructor', '__proto__', 'toString']) {
        const find = messageCommandInteraction('nato');
        find.data.target_id = targetId;
        expect(reply(find).data.content, targetId).toBe(NO_WORDS_REPLY);
      }
    });

    it('keeps a Share private where redline is installed to the user but not to the server, and says why', () => {
      const first = reply(commandInteraction('nato'));
      const share = first.data.components[0].components.find((b: { label?: string }) => b.label === 'Share').custom_id;
      const refused = reply(asUserInstall(buttonInteraction(share)));
      expect([refused.type, refused.data.flags, refused.data.content]).toEqual([4, 64, USER_INSTALL_SHARE_REPLY]);
      expect(reply(buttonInteraction(share)).data.flags ?? 0).toBe(0);
    });

    it('answers an empty query with help derived from the command definition', () => {
      const { type, data } = reply(commandInteraction(undefined));
      expect([type, data.flags]).toEqual([4, 64]);
      for (const name of Object.keys(REDLINE_COMMAND.subcommands).filter((n) => n !== 'ask'))
        expect(data.content).toContain(`\`/redline ${name}`);
    });

    it('answers topics with one embed per document and a Share button', () => {
      const { data } = reply(commandInteraction('topics'), deps({ redline: several }));
      expect(data.embeds.map((e: { title: string }) => e.title)).toEqual(several.current().library.documents.map((d) => d.title));
      expect(data.components[0].components[0].label).toBe('Share');
      expectWithinLimits(data);
    });

    it('answers brief with every section of the article, cited', () => {
      const { data } = reply(commandInteraction('brief'));
      const [embed] = data.embeds;
      expect(embed.title).toMatch(/^Briefing: /);
      const sections = redline
        .current()
        .library.documents[0]!.sections.filter((s) => s.slug !== 'lead')
        .map((s) => s.title);
      for (const title of sections) expect(embed.description).toContain(`**${title.replace(/[*_~`|[\]<\\]/g, '\\$&')}**`);
      expectWithinLimits(data);
    });

    it('answers quote with a block quote and who said it', () => {
      const { data } = reply(commandInteraction('quote zakharova'));
      expect(data.embeds[0].description).toMatch(/^> /);
      expect(data.embeds[0].description).toMatch(/— \*\*[^*]*Zakharova/);
    });

    it('restricts to the doc option and links a document that has a URL', () => {
      const arctic = several.current().library.documentMeta('arctic-council')!;
      const { data } = reply(commandInteraction('shipping routes', { doc: 'arctic-council' }), deps({ redline: several }));
      expect(data.embeds[0].url.startsWith(`${arctic.url}#:~:text=`)).toBe(true);
      expect(data.embeds[0].author.url).toBe(arctic.url);
      expect(data.embeds[0].footer.text).toContain(arctic.title);
      expect(decodeButtonState(data.components[0].components.at(-1).custom_id)?.request.doc).toBe('arctic-council');
    });

    it('escapes a hostile query and pings nobody', () => {
      const { data } = reply(commandInteraction('@everyone <@&123> ||spoiler|| **nato** # `x`'));
      expectWithinLimits(data);
      expectNothingUnescaped(data);
      expect(data.content).toContain('@\u200beveryone \\<@&123> \\|\\|spoiler\\|\\| \\*\\*nato\\*\\*');
    });

    it('answers a query over the length limit with a usage note', () => {
      const { data } = reply(commandInteraction('nato '.repeat(1000)));
      expect(data.flags).toBe(64);
      expect(data.content).toMatch(/at most 200/);
      expectWithinLimits(data);
    });

    it('answers a command it does not define privately', () => {
      const { data } = reply(commandInteraction('nato', { name: 'other' }));
      expect(data).toEqual(expect.objectContaining({ content: 'This bot answers `/redline` only.', flags: 64 }));
    });

    it('answers a button from an unknown format privately', () => {
      const { type, data } = reply(buttonInteraction('legacy:next:2'));
      expect([type, data.flags]).toEqual([4, 64]);
      expect(data.content).toMatch(/run the command again/);
    });

    it('says "slow down" privately, without replacing the answer on screen, when the user is rate limited', async () => {
      const limited = await loadShippedRedline({ rateLimit: { count: 1, seconds: 60 } });
      const first = reply(commandInteraction('russia'), deps({ redline: limited }));
      const next = first.data.components[0].components[1].custom_id;
      const again = reply(buttonInteraction(next), deps({ redline: limited }));
      expect(again.type).toBe(4);
      expect(again.data).toEqual(expect.objectContaining({ flags: 64, content: expect.stringMatching(/^Slow down/) }));
    });

    it('logs a failing handler and answers with one private line', () => {
      const log = new MemoryLogger();
      const broken = {
        ...redline,
        handle: () => {
          throw new Error('boom');
        },
        respond: () => {
          throw new Error('boom');
        },
      };
      expect(reply(commandInteraction('nato'), deps({ redline: broken, log }))).toEqual({
        type: 4,
        data: { content: ERROR_REPLY, embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 },
      });
      expect(log.lines).toEqual([expect.objectContaining({ level: 'error', msg: 'discord: interaction handler failed' })]);
    });

    it('answers a failing autocomplete with no choices', () => {
      const broken = {
        ...redline,
        autocomplete: () => {
          throw new Error('boom');
        },
      };
      expect(reply(autocompleteInteraction('nato'), deps({ redline: broken }))).toEqual({ type: 8, data: { choices: [] } });
    });
  });

  describe('completions', () => {
    it('offers subcommands for their first letters', () => {
      expect(completions('bri', undefined, redline)[0]).toEqual({ name: 'brief', value: 'brief' });
    });

    it('keeps the subcommand in front of section titles', () => {
      const choices = completions('brief nato', undefined, redline);
      expect(choices.length).toBeGreaterThan(0);
      for (const choice of choices) expect(choice.value).toMatch(/^brief /);
    });

    it('stays within 25 choices of 1-100 characters, whatever is typed', () => {
      for (const typed of ['', 'a', 'the', 'x'.repeat(5000), 'russia nato ukraine us'.repeat(20), '@everyone <@&1>']) {
        const choices = completions(typed, undefined, redline);
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const { name, value } of choices) {
          expect(name.length).toBeGreaterThanOrEqual(1);
          expect(name.length).toBeLessThanOrEqual(100);
          expect(value.length).toBeGreaterThanOrEqual(1);
          expect(value.length).toBeLessThanOrEqual(100);
        }
      }
    });

    it('offers only choices of the doc option', () => {
      const choices = completions('ships', 'grain-corridor', several);
      const passages = choices.map((c) => several.current().library.passage(c.value.slice(PASSAGE_CHOICE.length))).filter(Boolean);
      expect(passages.length).toBeGreaterThan(0);
      for (const p of passages) expect(p!.documentId).toBe('grain-corridor');
    });
  });
});
