import type { HttpServer } from '../http/server.js';
import type { DiscordOptions } from './options.js';
import type { Logger } from '../../src/log.js';
import type { LongQueries } from '../../src/chat/button-state.js';
import type { Redline } from '../../src/service/service.js';
import { mountInteractionsEndpoint } from './http.js';
import type { InteractionDeps } from './interactions.js';
import type { ChannelPoster } from '../../src/briefings/post.js';

export { registerCommands, describeRegistration, RegisterError, type Registration } from './register.js';
export { discordCommand } from './command.js';

/** A running Discord adapter. */
export interface RunningDiscord {
  /** Posts announcements, digests and watch notifications as channel messages (with the bot token only). */
  poster?: ChannelPoster;
  /** Disconnects the gateway bot (the HTTP endpoint closes with the project's HTTP server). */
  stop(): Promise<void>;
}

/**
 * Starts Discord as configured: the gateway bot when `DISCORD_TOKEN` is set, the HTTP interactions
 * endpoint (`POST /discord/interactions` on `httpServer`) when `DISCORD_PUBLIC_KEY` is set, or both.
 * `queries` keeps the queries too long for a button's custom_id; without it a button cuts them at a word.
 */
export async function startDiscord(
  config: DiscordOptions,
  redline: Redline,
  log: Logger,
  httpServer: HttpServer,
  queries?: LongQueries,
): Promise<RunningDiscord> {
  const deps: InteractionDeps = { redline, log, command: config.command, ...(queries ? { queries } : {}) };
  if (!config.discord.token && !config.discord.publicKey) throw new Error('discord: neither DISCORD_TOKEN nor DISCORD_PUBLIC_KEY is set');
  if (config.discord.publicKey) {
    mountInteractionsEndpoint(httpServer, { publicKey: config.discord.publicKey, deps });
    log.info({ path: '/discord/interactions' }, 'discord: interactions endpoint mounted');
  }
  if (!config.discord.token) return { stop: async () => {} };
  // discord.js is slow to import: only a gateway deployment pays for it.
  const { startGateway } = await import('./gateway.js');
  const gateway = await startGateway(config, deps, { firstTime: (key) => httpServer.firstTime(key) });
  const { createRest, discordPoster } = await import('./post.js');
  const poster = discordPoster(await createRest(config.discord.token, config.discord.apiUrl), log);
  return { poster, stop: () => gateway.stop() };
}
