import type { ChannelPoster } from '../../src/briefings/post.js';
import type { Logger } from '../../src/log.js';
import type { RedlineService } from '../../src/service/service.js';
import type { Config } from '../config/config.js';
import type { SharedState } from '../replicas/redis.js';
import { Briefings, type BriefingsOptions } from './announcer.js';
import { RedisBriefingStore } from './redis-store.js';
import { briefingsFile, FileBriefingStore, type BriefingStore } from './store.js';

export { Briefings } from './announcer.js';
export type { BriefingStore } from './store.js';

/** The briefings' state: in Redis with `REDIS_URL` (shared by the replicas), else in a file beside the feedback log. */
export async function openBriefingStore(
  config: Pick<Config, 'feedbackLog'>,
  log: Logger,
  shared?: SharedState,
  now: () => number = Date.now,
): Promise<BriefingStore> {
  if (shared) return RedisBriefingStore.open(shared.connection, log, now);
  return new FileBriefingStore(briefingsFile(config.feedbackLog), log, now);
}

/** Starts announcements, digests and watches over the service's corpus, posting with `posters`. */
export function startBriefings(
  service: RedlineService,
  store: BriefingStore,
  posters: readonly ChannelPoster[],
  log: Logger,
  options: Partial<BriefingsOptions> = {},
): Briefings {
  const briefings = new Briefings({ store, posters, service, log, ...options });
  briefings.start();
  return briefings;
}
