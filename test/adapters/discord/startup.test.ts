import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.js';
import { startDiscord, type RunningDiscord } from '../../../adapters/discord/index.js';
import { shardOptions } from '../../../adapters/discord/gateway.js';
import { CredentialError } from '../../../adapters/credentials.js';
import { silentLogger } from '../../../src/log.js';
import type { RedlineService } from '../../../src/service/service.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fakes/discord.js';
import { commandInteraction } from '../../support/fakes/discord-interactions.js';
import { loadShippedRedline } from '../../support/helpers.js';
import { discordConfig } from '../../support/discord.js';

/** Starting the gateway bot: DISCORD_SHARDS (discord.js's internal sharding, one WebSocket per shard) and a rejected token. */

let redline: RedlineService;
let fake: FakeDiscord | undefined;
let bot: RunningDiscord | undefined;

beforeAll(async () => {
  redline = await loadShippedRedline();
});

afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = fake = undefined;
});

async function startSharded(shards: string, recommendedShards: number): Promise<FakeDiscord> {
  fake = await startFakeDiscord({ recommendedShards });
  const config = discordConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: shards });
  bot = await startDiscord(config, redline, silentLogger, new HttpServer(silentLogger));
  return fake;
}

function identifiedShards(fake: FakeDiscord): Array<[number, number]> {
  return fake.connections
    .flatMap((c) => c.received)
    .filter((f) => f.op === 2)
    .map((f) => f.d.shard as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

describe('discord gateway startup', () => {
  describe('shardOptions', () => {
    it('maps DISCORD_SHARDS to discord.js client options', () => {
      expect(shardOptions(undefined)).toEqual({});
      expect(shardOptions('auto')).toEqual({ shards: 'auto' });
      expect(shardOptions(3)).toEqual({ shardCount: 3 });
    });
  });

  describe('startDiscord', () => {
    it('with DISCORD_SHARDS=auto runs the shard count Discord recommends, and answers on any shard', async () => {
      const discord = await startSharded('auto', 2);
      expect(identifiedShards(discord)).toEqual([
        [0, 2],
        [1, 2],
      ]);
      const interaction = commandInteraction('nato');
      discord.dispatchInteraction(interaction, 1);
      const callback = await discord.waitForCallback(interaction.id);
      expect(callback.body.data.embeds[0].title).toMatch(/NATO/);
    });

    it('with DISCORD_SHARDS=3 runs three shards whatever Discord recommends', async () => {
      const discord = await startSharded('3', 1);
      expect(identifiedShards(discord)).toEqual([
        [0, 3],
        [1, 3],
        [2, 3],
      ]);
      const interaction = commandInteraction('visa');
      discord.dispatchInteraction(interaction, 2);
      expect((await discord.waitForCallback(interaction.id)).body.type).toBe(4);
    });

    it('names DISCORD_TOKEN when Discord rejects the token', async () => {
      fake = await startFakeDiscord();
      const config = discordConfig({ DISCORD_TOKEN: 'not.the.token', DISCORD_API_URL: fake.apiUrl });
      await expect(startDiscord(config, redline, silentLogger, new HttpServer(silentLogger))).rejects.toThrow(
        new CredentialError('discord.token', 'was rejected by Discord (401 Unauthorized)'),
      );
      expect(fake.connections).toEqual([]);
    });
  });
});
