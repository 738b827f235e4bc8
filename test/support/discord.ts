import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../app/config/config.js';
import { startDiscord } from '../../adapters/discord/index.js';
import { HttpServer } from '../../adapters/http/server.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord.js';
import { loadShippedRedline } from './helpers.js';
import { MemoryLogger } from './log.js';

/** A configuration as `npm start` would read it from these variables. */
export function discordConfig(env: Record<string, string>): Config {
  return loadConfig({ REDLINE_WATCH: 'false', ...env });
}

/** Collects process warnings (discord.js reports deprecated options this way). */
export function collectWarnings(): { warnings: Error[]; stop(): void } {
  const warnings: Error[] = [];
  const listener = (warning: Error) => warnings.push(warning);
  process.on('warning', listener);
  return { warnings, stop: () => process.off('warning', listener) };
}

/** redline's gateway bot over the shipped corpus, started against a fresh fake Discord; `stop()` ends both. */
export async function startGatewayBot(log: Logger = new MemoryLogger()): Promise<{ fake: FakeDiscord; stop(): Promise<void> }> {
  const fake = await startFakeDiscord();
  const redline = await loadShippedRedline({ rateLimit: { count: 1000, seconds: 1 } });
  const config = discordConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId });
  const bot = await startDiscord(config, redline, log, new HttpServer(silentLogger));
  return {
    fake,
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}

/** Starts the gateway bot before the tests of the enclosing `describe` and stops it after them. */
export function useGatewayBot(log: Logger = new MemoryLogger()): { fake(): FakeDiscord } {
  let running: Awaited<ReturnType<typeof startGatewayBot>> | undefined;
  beforeAll(async () => {
    running = await startGatewayBot(log);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return { fake: () => running!.fake };
}
