import type { ChannelPoster } from '../src/briefings/post.js';
import { CredentialError } from '../adapters/credentials.js';
import type { HttpServer } from '../adapters/http/server.js';
import type { RedlineService } from '../src/service/service.js';
import { ConfigError, configErrorOf, type Config } from './config/config.js';
import type { Logger } from './log.js';
import { KeptQueries } from './replicas/long-queries.js';
import type { SharedState } from './replicas/redis.js';

/** A platform that has started; `stop` lets requests in flight finish. */
export interface RunningPlatform {
  stop(): Promise<void>;
  /** How it posts in a channel by itself (announcements, digests, watches), when it can. */
  poster?: ChannelPoster;
}

/** The platforms the configuration names, which of them started and which failed (the rest keep serving). */
export interface Platforms {
  expected: string[];
  started: string[];
  failed: string[];
  running: RunningPlatform[];
}

/** The chat platforms the configuration names, before any is started. */
export function expectedPlatforms(config: Config): string[] {
  return [...(config.slack.mode ? ['slack'] : []), ...(config.discord.token || config.discord.publicKey ? ['discord'] : [])];
}

/**
 * Starts each configured platform on the one HTTP server (each loaded only when configured). A
 * credential the platform refuses stops start-up naming its variable; any other failure is logged
 * and the other platforms keep serving. `platforms` is filled as they start, for `/healthz`.
 */
export async function startPlatforms(
  config: Config,
  redline: RedlineService,
  http: HttpServer,
  log: Logger,
  shared: SharedState | undefined,
  platforms: Platforms,
): Promise<void> {
  const launch = async (name: string, load: () => Promise<RunningPlatform>) => {
    try {
      platforms.running.push(await load());
      platforms.started.push(name);
      log.info({ platform: name }, 'platform started');
    } catch (error) {
      if (error instanceof CredentialError) throw configErrorOf(error);
      if (error instanceof ConfigError) throw error;
      platforms.failed.push(name);
      log.error({ platform: name, err: { message: (error as Error).message } }, `platform failed to start: ${(error as Error).message}`);
    }
  };
  await Promise.all([
    config.slack.mode
      ? launch('slack', async () =>
          (await import('../adapters/slack/index.js')).startSlack(config, redline, log.child({ platform: 'slack' }), http),
        )
      : undefined,
    config.discord.token || config.discord.publicKey
      ? launch('discord', async () =>
          (await import('../adapters/discord/index.js')).startDiscord(
            config,
            redline,
            log.child({ platform: 'discord' }),
            http,
            new KeptQueries(shared),
          ),
        )
      : undefined,
  ]);
}
