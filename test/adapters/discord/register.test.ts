import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordCommand, discordMessageCommand } from '../../../adapters/discord/command.js';
import { describeRegistration, RegisterError, registerCommands } from '../../../adapters/discord/register.js';
import { registerFromCli } from '../../../app/cli/register-discord.js';
import { REDLINE_COMMAND } from '../../../src/request/commands.js';
import { CredentialError } from '../../../adapters/credentials.js';
import { configErrorOf } from '../../../app/config/config.js';
import type { Document } from '../../../src/types.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fakes/discord.js';
import { CORPUS_DIR, loadFixtureRedline, loadShippedDocuments } from '../../support/helpers.js';
import { discordConfig } from '../../support/discord.js';

/** `redline register`: one bulk PUT of the command, derived from REDLINE_COMMAND, to the fake Discord. */

let fake: FakeDiscord;
let shipped: Document[];
let several: Document[];

beforeAll(async () => {
  fake = await startFakeDiscord();
  shipped = await loadShippedDocuments();
  several = (await loadFixtureRedline()).current().library.documents;
});

afterAll(async () => {
  await fake?.close();
});

function config(extra: Record<string, string> = {}) {
  return discordConfig({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, ...extra });
}

describe('discord register', () => {
  describe('discordCommand', () => {
    it('derives the query option from REDLINE_COMMAND', () => {
      const command = discordCommand('redline', shipped);
      const { query } = REDLINE_COMMAND.options;
      expect(command).toEqual({
        type: 1,
        name: 'redline',
        description: REDLINE_COMMAND.description,
        options: [
          { type: 3, name: 'query', description: query.description, required: true, max_length: query.maxLength, autocomplete: true },
        ],
        // Declared, not Discord's defaults: server and user installs; servers, the bot's DMs, other DMs.
        integration_types: [0, 1],
        contexts: [0, 1, 2],
      });
    });

    it('adds the doc option, with the document ids as choices, when there are several documents', () => {
      const doc = discordCommand('redline', several).options![1]!;
      expect(doc).toEqual({
        type: 3,
        name: 'doc',
        description: REDLINE_COMMAND.options.doc.description,
        required: false,
        choices: several.map((d) => ({ name: d.title, value: d.id })),
      });
    });

    it('makes doc a free string when there are more than 25 documents', () => {
      const many = Array.from({ length: 26 }, (_, i) => ({ id: `doc-${i}`, title: `Document ${i}` }));
      const doc = discordCommand('redline', many).options![1]!;
      expect(doc).toEqual({ type: 3, name: 'doc', description: REDLINE_COMMAND.options.doc.description, required: false, max_length: 100 });
    });

    it('keeps every description within 100 characters', () => {
      const command = discordCommand('redline', several);
      for (const text of [command.description, ...command.options!.map((o) => o.description)]) expect(text.length).toBeLessThanOrEqual(100);
    });
  });

  describe('registerCommands', () => {
    it('PUTs the command to the guild when DISCORD_GUILD_ID is set', async () => {
      const registration = await registerCommands(config({ DISCORD_GUILD_ID: '200000000000000001', REDLINE_COMMAND: 'brief-me' }), several);
      const put = fake.requests.at(-1)!;
      expect(put.method).toBe('PUT');
      expect(put.path).toBe(`/applications/${fake.applicationId}/guilds/200000000000000001/commands`);
      expect(put.headers.authorization).toBe(`Bot ${fake.token}`);
      expect(put.body).toEqual([discordCommand('brief-me', several), discordMessageCommand()]);
      expect(put.body[1]).toEqual({ type: 3, name: 'Find in briefings', integration_types: [0, 1], contexts: [0, 1, 2] });
      expect(registration.scope).toBe('guild');
      const [slash, onMessage] = registration.commands;
      expect(slash!.id).toMatch(/^\d+$/);
      expect(describeRegistration(registration)).toBe(
        `Registered /brief-me (query, doc) id ${slash!.id}; "Find in briefings" (on messages) id ${onMessage!.id} in guild 200000000000000001.\n` +
          'Once it works, `register --global` makes it global and removes this guild copy.',
      );
    });

    it('PUTs the command globally without a guild', async () => {
      const registration = await registerCommands(config(), shipped);
      expect(fake.requests.at(-1)!.path).toBe(`/applications/${fake.applicationId}/commands`);
      expect(fake.commands.get('global')![0]).toMatchObject(discordCommand('redline', shipped));
      expect(registration.scope).toBe('global');
    });

    it('says which variable is missing', async () => {
      const noToken = discordConfig({ DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl });
      await expect(registerCommands(noToken, shipped)).rejects.toThrow(
        new CredentialError('discord.token', 'is not set; registering the command needs the bot token'),
      );
      const noApplication = discordConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
      await expect(registerCommands(noApplication, shipped)).rejects.toThrow(
        new CredentialError('discord.applicationId', 'is not set; registering the command needs the application id'),
      );
    });

    it('reports a rejected token as a configuration error', async () => {
      const wrong = config({ DISCORD_TOKEN: 'bad.token.value' });
      const error = await registerCommands(wrong, shipped).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CredentialError);
      // The shell names the variable to fix.
      expect(configErrorOf(error as CredentialError).message).toBe('DISCORD_TOKEN: was rejected by Discord (401 Unauthorized)');
      expect((error as Error).message).not.toContain('bad.token.value');
    });

    it('reports an unknown application id', async () => {
      const error = await registerCommands(config({ DISCORD_APPLICATION_ID: '999999999999999999' }), shipped).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegisterError);
      expect((error as RegisterError).status).toBe(404);
      expect((error as Error).message).toMatch(
        /^discord register: Discord knows no application 999999999999999999 .*check DISCORD_APPLICATION_ID/,
      );
    });

    it('waits out a 429 and registers', async () => {
      const before = fake.requests.length;
      fake.rateLimitNext(/\/commands$/, 0.05, 'PUT');
      const registration = await registerCommands(config(), shipped);
      expect(fake.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'PUT', 'PUT']);
      expect(registration.commands).toHaveLength(2);
    });

    it("reads the application's commands first and keeps those redline does not own, updating its own in place", async () => {
      const guild = '200000000000000002';
      const other = { type: 1, name: 'poll', description: 'Another bot feature of this application' };
      fake.commands.set(guild, [{ id: '777', application_id: fake.applicationId, version: '1', ...other }]);
      const first = await registerCommands(config({ DISCORD_GUILD_ID: guild }), shipped);
      expect(first.kept).toEqual(['poll']);
      expect(fake.commands.get(guild)!.map((c) => c.name)).toEqual(['poll', 'redline', 'Find in briefings']);
      expect(fake.commands.get(guild)![0]!.id).toBe('777');
      expect(describeRegistration(first)).toContain('Kept the application\'s other commands: "poll".');
      const again = await registerCommands(config({ DISCORD_GUILD_ID: guild }), shipped);
      expect(again.commands.map((c) => c.id)).toEqual(first.commands.map((c) => c.id));
      expect(fake.commands.get(guild)).toHaveLength(3);
    });

    it('registers globally with --global and removes its own guild copy, keeping the rest', async () => {
      const guild = '200000000000000003';
      await registerCommands(config({ DISCORD_GUILD_ID: guild }), shipped);
      fake.commands.set(guild, [{ id: '778', type: 1, name: 'poll', description: 'x' }, ...fake.commands.get(guild)!]);
      const registration = await registerCommands(config({ DISCORD_GUILD_ID: guild }), shipped, fetch, { global: true });
      expect(registration.scope).toBe('global');
      expect(fake.commands.get('global')!.map((c) => c.name)).toContain('redline');
      expect(fake.commands.get(guild)!.map((c) => c.name)).toEqual(['poll']);
      expect(describeRegistration(registration)).toContain(`Removed redline's copy from guild ${guild}`);
    });
  });

  describe('registerFromCli', () => {
    it('reads the corpus, registers and prints one line', async () => {
      let printed = '';
      const stdout = new Writable({ write: (chunk, _enc, done) => ((printed += String(chunk)), done()) });
      const status = await registerFromCli(config({ CORPUS_DIR }), { stdout });
      expect(status).toBe(0);
      expect(printed).toMatch(/^Registered \/redline \(query\) id \d+; "Find in briefings" \(on messages\) id \d+ globally/);
    });
  });
});
