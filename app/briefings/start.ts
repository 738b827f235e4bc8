import type { Logger } from '../../src/log.js';
import { shortHash, type Source } from '../../src/briefings/sources.js';
import type { Config } from '../config/config.js';
import { sourcesOf } from '../corpus/index.js';
import { Lease } from '../replicas/lease.js';
import type { SharedState } from '../replicas/redis.js';
import type { SourceFollower } from './follow.js';
import { FileFollowState, RedisFollowState, SOURCE_KEYS, stateFileBeside, type FollowState } from './state.js';

/** How long a replica holds a source without renewing it: a replica that dies hands it on after this. */
export const SOURCE_LEASE_MS = 60_000;

/** The sources followed while the bot runs, started when `sources.yaml` first appears and updated as it changes. */
export interface Following {
  /** Applies the corpus's `sources.yaml` as loaded now (absent: no source followed). */
  update(extras: Map<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows the sources of the corpus's `sources.yaml`. The feed reader is loaded only once there
 * is one. With Redis the seen items and schedules are shared and one replica at a time fetches
 * each source (a lease); without it, the state is a file beside the feedback log.
 */
export function followSources(config: Config, log: Logger, shared?: SharedState): Following {
  let follower: SourceFollower | undefined;
  let following = '';
  let starting: Promise<SourceFollower> | undefined;
  const start = async (): Promise<SourceFollower> => {
    const { SourceFollower } = await import('./follow.js');
    const state: FollowState = shared
      ? new RedisFollowState(shared.client)
      : await FileFollowState.open(stateFileBeside(config.feedbackLog));
    follower = new SourceFollower({
      corpusDir: config.corpusDir,
      state,
      log,
      maxFileBytes: config.maxFileBytes,
      ...(shared ? { lease: (url: string) => new Lease(shared.client, `${SOURCE_KEYS.lease}${shortHash(url)}`, SOURCE_LEASE_MS) } : {}),
    });
    return follower;
  };
  return {
    async update(extras) {
      let sources: Source[] | undefined;
      try {
        sources = sourcesOf(extras, config.corpusDir);
      } catch (error) {
        // The corpus load reports it with the file and line; the sources followed stay as they were.
        return log.error({ err: { message: (error as Error).message } }, `sources: not changed: ${(error as Error).message}`);
      }
      if (!sources?.length && !follower && !starting) return;
      try {
        const running = follower ?? (await (starting ??= start()));
        running.update(sources ?? []);
        const now = JSON.stringify((sources ?? []).map(({ line: _line, ...source }) => source));
        if (now !== following) log.info({ sources: sources?.length ?? 0 }, `sources: following ${sources?.length ?? 0}`);
        following = now;
      } catch (error) {
        starting = undefined;
        log.error({ err: { message: (error as Error).message } }, `sources: cannot follow: ${(error as Error).message}`);
      }
    },
    async stop() {
      await (follower ?? (starting ? await starting.catch(() => undefined) : undefined))?.stop();
    },
  };
}
