import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.js';
import { startDiscord, type RunningDiscord } from '../../../adapters/discord/index.js';
import { ERROR_REPLY } from '../../../adapters/discord/interactions.js';
import { PASSAGE_CHOICE } from '../../../adapters/discord/autocomplete.js';
import { KeptQueries } from '../../../app/replicas/long-queries.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import { silentLogger } from '../../../src/log.js';
import type { FeedbackEntry, Redline, RedlineService } from '../../../src/service/service.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../support/fakes/discord.js';
import { autocompleteInteraction, buttonInteraction, commandInteraction, USER_ID } from '../../support/fakes/discord-interactions.js';
import { loadShippedRedline, until } from '../../support/helpers.js';
import { collectWarnings, discordConfig } from '../../support/discord.js';
import { MemoryLogger } from '../../support/log.js';

/** The gateway bot: a real discord.js Client against the fake Discord on 127.0.0.1. */

let fake: FakeDiscord;
let bot: RunningDiscord;
let core: RedlineService;
let failNextHandle = false;
const feedback: FeedbackEntry[] = [];
const log = new MemoryLogger();
const prepared: string[] = [];
const warnings = collectWarnings();

function failIfAsked(): void {
  if (failNextHandle) {
    failNextHandle = false;
    throw new Error('injected fault');
  }
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  core = await loadShippedRedline({ recordFeedback: (entry) => feedback.push(entry), rateLimit: { count: 1000, seconds: 1 } });
  // The real core, with a switch that makes the next request throw (a handler fault).
  const redline: Redline = {
    respond(request, context, options) {
      failIfAsked();
      return core.respond(request, context, options);
    },
    loadedAt: () => core.loadedAt(),
    autocomplete: (typed, limit, doc) => core.autocomplete(typed, limit, doc),
    feedback: (entry, context) => core.feedback(entry, context),
    // Where the shared limits (Redis) would be asked; recorded to check the gateway asks before answering.
    async prepare(context, kind) {
      prepared.push(`${context.platform}:${context.userId}:${kind}`);
    },
  };
  const config = discordConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId });
  bot = await startDiscord(config, redline, log, new HttpServer(silentLogger), new KeptQueries());
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  warnings.stop();
});

/** Dispatches an interaction and waits for the bot's callback to it. */
async function roundTrip(interaction: { id: string }): Promise<RecordedRequest> {
  fake.dispatchInteraction(interaction);
  return fake.waitForCallback(interaction.id);
}

function buttonId(callback: RecordedRequest, labelOrEmoji: string): string {
  const buttons = (callback.body.data.components ?? []).flatMap((row: { components: any[] }) => row.components);
  const found = buttons.find((b: any) => b.label === labelOrEmoji || b.emoji?.name === labelOrEmoji);
  if (!found) throw new Error(`no button "${labelOrEmoji}" in ${JSON.stringify(buttons)}`);
  return found.custom_id;
}

describe('discord gateway', () => {
  describe('startDiscord', () => {
    it('identifies with the Guilds intent only and without compression', () => {
      const identify = fake.connections.flatMap((c) => c.received).find((f) => f.op === 2)!;
      // Guilds, GuildMessages, DirectMessages: none privileged (GuildMembers, GuildPresences, MessageContent stay off).
      expect(identify.d.intents).toBe(1 | (1 << 9) | (1 << 12));
      expect(identify.d.compress).toBe(false);
      expect(identify.d.shard).toEqual([0, 1]);
      const gatewayBot = fake.requests.find((r) => r.path === '/gateway/bot')!;
      expect(gatewayBot.headers.authorization).toBe(`Bot ${fake.token}`);
    });
  });

  describe('command', () => {
    it('answers /redline nato privately with the NATO passage, its source and buttons', async () => {
      const expected = core.current().library.search('nato', { limit: 1 }).hits[0]!;
      const callback = await roundTrip(commandInteraction('nato'));
      expect(callback.query.get('with_response')).toBe('false');
      expect(callback.body.type).toBe(4);
      const data = callback.body.data;
      expect(data.flags).toBe(64);
      expect(data.allowed_mentions).toEqual({ parse: [] });
      expect(data.embeds).toHaveLength(1);
      const [embed] = data.embeds;
      expect(embed.title).toBe(expected.passage.section);
      expect(embed.title).toMatch(/NATO/);
      expect(embed.description).toContain('**NATO');
      expect(embed.description.replaceAll('*', '')).toBe(expected.passage.text);
      expect(embed.footer.text).toBe(`${expected.document.title} · ¶ ${expected.passage.paragraph} · ${expected.document.publisher}`);
      expect(embed.author.name).toBe(expected.document.source);
      expect(embed.url).toBeUndefined(); // the shipped article has no URL: none is invented
      expect(data.content).toMatch(/^Result 1 of \d+ for “nato”$/);
      const labels = data.components[0].components.map((b: any) => b.label ?? b.emoji.name);
      expect(labels).toEqual(['◂', '▸', 'Share', '👍', '👎']);
    });

    it('asks the shared rate limits about the user before answering, as the HTTP endpoint does', async () => {
      prepared.length = 0;
      await roundTrip(commandInteraction('visa'));
      await roundTrip(autocompleteInteraction('vis'));
      expect(prepared).toEqual([`discord:${USER_ID}:ask`, `discord:${USER_ID}:autocomplete`]);
    });

    it('answers an unknown query with suggestions as buttons', async () => {
      const callback = await roundTrip(commandInteraction('zqxj wvkp'));
      expect(callback.body.type).toBe(4);
      expect(callback.body.data.flags).toBe(64);
      expect(callback.body.data.content).toMatch(/^Nothing in the corpus answers “zqxj wvkp”\. Try one of these:/);
      const suggestion = callback.body.data.components[0].components[0];
      const clicked = await roundTrip(buttonInteraction(suggestion.custom_id));
      expect(clicked.body.type).toBe(7);
      const expected = core.current().library.search(suggestion.label, { limit: 1 }).hits[0]!;
      expect(clicked.body.data.embeds[0].title).toBe(expected.passage.section);
    });
  });

  describe('autocomplete', () => {
    it('offers at most 25 choices, each name and value 1-100 characters, matching what is typed', async () => {
      const callback = await roundTrip(autocompleteInteraction('nat'));
      expect(callback.body.type).toBe(8);
      const { choices } = callback.body.data;
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThanOrEqual(1);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeGreaterThanOrEqual(1);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
      expect(choices.some((c: { name: string }) => /nato/i.test(c.name))).toBe(true);
    });

    it('answers a submitted choice key with exactly that passage', async () => {
      const choices = (await roundTrip(autocompleteInteraction('moscow demanding withdrawal'))).body.data.choices;
      const key = choices.find((c: { value: string }) => c.value.startsWith(PASSAGE_CHOICE))!;
      const passage = core.current().library.passage(key.value.slice(PASSAGE_CHOICE.length))!;
      const callback = await roundTrip(commandInteraction(key.value));
      expect(callback.body.data.embeds[0].description.replaceAll('*', '')).toBe(passage.text);
      expect(callback.body.data.content).toBe('');
    });
  });

  describe('buttons', () => {
    it('pages with ▸ and ◂ by updating the message', async () => {
      const first = await roundTrip(commandInteraction('russia'));
      const next = await roundTrip(buttonInteraction(buttonId(first, '▸')));
      expect(next.body.type).toBe(7);
      expect(next.body.data.flags).toBeUndefined();
      expect(next.body.data.allowed_mentions).toEqual({ parse: [] });
      expect(next.body.data.content).toMatch(/^Result 2 of \d+ for “russia”$/);
      const second = core.current().library.search('russia', { offset: 1, limit: 1 }).hits[0]!;
      expect(next.body.data.embeds[0].description.replaceAll('*', '')).toBe(second.passage.text);
      const back = await roundTrip(buttonInteraction(buttonId(next, '◂')));
      expect(back.body.type).toBe(7);
      expect(back.body.data.embeds).toEqual(first.body.data.embeds);
    });

    it('pages a query too long for a custom_id as a whole, and votes name it whole', async () => {
      const query = 'what did the foreign ministry spokeswoman say about ukraine joining the alliance, and what would it mean for moscow';
      const first = await roundTrip(commandInteraction(query));
      expect(first.body.data.content).toMatch(/^Result 1 of \d+ for “/);
      const id = buttonId(first, '▸');
      expect(id.length).toBeLessThanOrEqual(100);
      expect(decodeButtonState(id)!.request.text.length).toBeLessThan(query.length);
      const next = await roundTrip(buttonInteraction(id));
      expect(next.body.data.content).toMatch(new RegExp(`^Result 2 of \\d+ for “${query}”$`));
      const vote = await roundTrip(buttonInteraction(buttonId(first, '👍')));
      expect(vote.body.data.flags).toBe(64);
      expect(feedback.at(-1)).toEqual(expect.objectContaining({ type: 'vote', vote: 'up', query }));
    });

    it('shares publicly, naming who shared without pinging anyone', async () => {
      const first = await roundTrip(commandInteraction('nato'));
      const shared = await roundTrip(buttonInteraction(buttonId(first, 'Share')));
      expect(shared.body.type).toBe(4);
      expect(shared.body.data.flags ?? 0).toBe(0);
      expect(shared.body.data.content).toBe(`Shared by <@${USER_ID}>: “nato”`);
      expect(shared.body.data.allowed_mentions).toEqual({ parse: [] });
      expect(shared.body.data.embeds).toEqual(first.body.data.embeds);
      // withResponse: the posted message's id goes to the log.
      expect(shared.query.get('with_response')).toBe('true');
      const logged = await until(() => log.lines.find((l) => l.msg === 'discord: answer shared'));
      expect(logged.fields.messageId).toMatch(/^\d+$/);
    });

    it('records 👍 and 👎 with the passage shown, and thanks privately', async () => {
      const first = await roundTrip(commandInteraction('visa'));
      const shown = core.current().library.search('visa', { limit: 1 }).hits[0]!.passage.id;
      for (const [emoji, vote] of [
        ['👍', 'up'],
        ['👎', 'down'],
      ] as const) {
        const before = feedback.length;
        const thanks = await roundTrip(buttonInteraction(buttonId(first, emoji)));
        expect(thanks.body.type).toBe(4);
        expect(thanks.body.data.flags).toBe(64);
        expect(thanks.body.data.content).toMatch(/^Thanks/);
        expect(feedback.slice(before)).toEqual([
          expect.objectContaining({ type: 'vote', vote, query: 'visa', passageId: shown, platform: 'discord' }),
        ]);
      }
    });
  });

  describe('faults', () => {
    it('logs a handler error and answers with a one-line private message', async () => {
      failNextHandle = true;
      const callback = await roundTrip(commandInteraction('nato'));
      expect(callback.body).toEqual({ type: 4, data: expect.objectContaining({ content: ERROR_REPLY, flags: 64, embeds: [] }) });
      expect(ERROR_REPLY).not.toContain('\n');
      expect(log.lines.some((l) => l.level === 'error' && l.msg === 'discord: interaction handler failed')).toBe(true);
    });

    it('logs a refused callback and sends the one-line notice instead', async () => {
      const interaction = commandInteraction('nato');
      fake.failNext({
        method: 'POST',
        path: new RegExp(`^/interactions/${interaction.id}/`),
        status: 400,
        body: { message: 'Invalid Form Body', code: 50035 },
      });
      fake.dispatchInteraction(interaction);
      await fake.waitForRequest((r) => fake.callbacks(interaction.id).length === 2 && r === fake.callbacks(interaction.id)[1]);
      const [refused, notice] = fake.callbacks(interaction.id);
      expect(refused!.body.data.embeds).toHaveLength(1);
      expect(notice!.body.data).toEqual(expect.objectContaining({ content: ERROR_REPLY, flags: 64 }));
      expect(log.lines.some((l) => l.level === 'error' && l.msg === 'discord: sending the answer failed')).toBe(true);
    });

    it('waits out a 429 on the callback and then answers', async () => {
      const interaction = commandInteraction('nato');
      fake.rateLimitNext(new RegExp(`^/interactions/${interaction.id}/`), 0.2);
      fake.dispatchInteraction(interaction);
      await fake.waitForRequest((r) => fake.callbacks(interaction.id).length === 2 && r === fake.callbacks(interaction.id)[1]);
      const [limited, answered] = fake.callbacks(interaction.id);
      expect(answered!.body).toEqual(limited!.body);
      expect(answered!.body.data.embeds).toHaveLength(1);
    });

    it('resumes after the connection drops mid-session and answers the next interaction', async () => {
      const before = fake.liveConnections()[0]!;
      const { id: sessionId, seq: lastSeq } = before.session!;
      fake.dropConnections();
      const resume = await fake.waitForFrame(6, 10_000);
      expect(resume.d.session_id).toBe(sessionId);
      expect(resume.d.seq).toBe(lastSeq);
      const [after] = await fake.waitForSessions(1, 10_000);
      expect(after!.socket).not.toBe(before.socket);
      expect(after!.received.some((f) => f.op === 2)).toBe(false); // resumed, not identified again
      const callback = await roundTrip(commandInteraction('nato'));
      expect(callback.body.data.embeds[0].title).toMatch(/NATO/);
      expect(log.lines.some((l) => l.msg === 'discord: shard resumed')).toBe(true);
    });

    it('logged no deprecation warnings', () => {
      expect(warnings.warnings.filter((w) => w.name === 'DeprecationWarning' || /deprecat/i.test(w.message))).toEqual([]);
      expect(log.lines.filter((l) => /deprecat/i.test(l.msg + JSON.stringify(l.fields)))).toEqual([]);
    });
  });
});
