import { announcement } from '../../src/briefings/announce.js';
import { digest, type Arrival } from '../../src/briefings/digest.js';
import type { ChannelPoster, Post } from '../../src/briefings/post.js';
import { WATCH_HITS_MAX, watchHits } from '../../src/briefings/watches.js';
import { channelsWith, scopeOf } from '../../src/channels/channels.js';
import type { Logger } from '../../src/log.js';
import type { RedlineService } from '../../src/service/service.js';
import { dueRun } from './schedule.js';
import type { BriefingStore } from './store.js';

export interface BriefingsOptions {
  store: BriefingStore;
  /** Where posts go: Slack, Discord, or the console (which takes every channel). */
  posters: readonly ChannelPoster[];
  service: Pick<RedlineService, 'current'>;
  log: Logger;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Quiet time after the last arrival before posting, so a burst of documents is one announcement. Default 10 s. */
  burstMs?: number;
  /** How long a replica holds a post it claimed before another may take it over. Default 60 s. */
  claimTtlMs?: number;
  /** How far back arrivals are announced and watched (a replica that was down catches up this far). Default 24 h. */
  windowMs?: number;
  /** How often schedules and unfinished posts are looked at. Default 15 s. */
  tickMs?: number;
}

/** Passages one watch notification holds (the rest follow in the next). */
const WATCH_POST_MAX = WATCH_HITS_MAX * 3;

/**
 * Announcements, digests and watch notifications. Each corpus this process swaps in is compared
 * with the documents seen before (`corpusChanged`); every tick looks at what is due. Each post is
 * claimed first (see `BriefingStore`), so exactly one replica posts it, and again after a replica
 * died holding a claim.
 */
export class Briefings {
  private readonly now: () => number;
  private readonly burstMs: number;
  private readonly claimTtlMs: number;
  private readonly windowMs: number;
  private running: Promise<void> | undefined;
  private again = false;
  private timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** The library whose documents were last noted: a corpus swapped in by another path (a replica following), or a noting that failed (Redis away), is noted at the next run. */
  private noted: object | undefined;

  constructor(private readonly options: BriefingsOptions) {
    this.now = options.now ?? Date.now;
    this.burstMs = options.burstMs ?? 10_000;
    this.claimTtlMs = options.claimTtlMs ?? 60_000;
    this.windowMs = options.windowMs ?? 24 * 3600 * 1000;
  }

  /** Notes the documents of the corpus serving now (at start-up too: what arrived while it was down) and posts after the burst. */
  async corpusChanged(): Promise<Arrival[]> {
    const { library } = this.options.service.current();
    const arrived = await this.options.store.noteDocuments(
      library.documents.map((d) => d.id),
      this.now(),
    );
    this.noted = library;
    if (arrived.length) {
      this.options.log.info({ documents: arrived.map((a) => a.documentId) }, `briefings: ${arrived.length} new document(s)`);
      this.later(this.burstMs);
    }
    return arrived;
  }

  /** Starts looking at schedules and unfinished posts every `tickMs`. */
  start(): void {
    const tick = setInterval(() => void this.run(), this.options.tickMs ?? 15_000);
    tick.unref();
    this.timers.add(tick);
    void this.corpusChanged().then(
      () => this.run(),
      (error: unknown) => this.failed(error),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** One look at everything due: announcements and watches once a burst is over, digests by their schedules. One at a time. */
  async run(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.runOnce();
        } catch (error) {
          this.failed(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runOnce(): Promise<void> {
    if (this.noted !== this.options.service.current().library) await this.corpusChanged();
    const t = this.now();
    const recent = await this.options.store.arrivals(t - this.windowMs);
    const latest = Math.max(0, ...recent.map((a) => a.at));
    if (recent.length && latest > t - this.burstMs) this.later(latest + this.burstMs - t);
    else if (recent.length) {
      await this.announce(recent);
      await this.watch(recent);
    }
    await this.digests(t);
  }

  private async announce(recent: Arrival[]): Promise<void> {
    const { library, channels } = this.options.service.current();
    for (const { key } of channelsWith(channels, (s) => s.announce)) {
      const poster = this.posterFor(key);
      if (!poster) continue;
      const scope = scopeOf(channels, { id: key });
      const ids = recent.map((a) => a.documentId).filter((id) => library.documentMeta(id) && (!scope || scope.includes(id)));
      const prefix = `announce:${key}:`;
      const claimed = await this.options.store.claim(
        ids.map((id) => prefix + id),
        this.claimTtlMs,
      );
      const post = claimed.length
        ? announcement(
            library,
            claimed.map((k) => k.slice(prefix.length)),
            scope,
          )
        : undefined;
      if (post) await this.deliver(poster, key, post, claimed);
    }
  }

  private async watch(recent: Arrival[]): Promise<void> {
    const { library, channels } = this.options.service.current();
    for (const watch of this.options.store.watches()) {
      const poster = this.posterFor(watch.id, watch.platform);
      if (!poster) continue;
      const documents = recent.filter((a) => a.at >= watch.since).map((a) => a.documentId);
      const hits = watchHits(library, watch.topic, documents, scopeOf(channels, { id: watch.id }));
      if (!hits.length) continue;
      const keyOf = (passageId: string) => `watch:${watch.platform}:${watch.id}:${watch.topic}:${passageId}`;
      const claimed = new Set(
        await this.options.store.claim(
          hits.map((h) => keyOf(h.passage.id)),
          this.claimTtlMs,
        ),
      );
      const fresh = hits.filter((h) => claimed.has(keyOf(h.passage.id)));
      const shown = fresh.slice(0, WATCH_POST_MAX);
      // What one notification cannot hold is given back and follows in the next.
      await this.options.store.release(fresh.slice(WATCH_POST_MAX).map((h) => keyOf(h.passage.id)));
      if (fresh.length > shown.length) this.later(0);
      if (shown.length)
        await this.deliver(
          poster,
          watch.id,
          { kind: 'watch', topic: watch.topic, hits: shown },
          shown.map((h) => keyOf(h.passage.id)),
        );
    }
  }

  private async digests(t: number): Promise<void> {
    const { store } = this.options;
    const { library, channels } = this.options.service.current();
    for (const { key, settings } of channelsWith(channels, (s) => s.digest !== undefined)) {
      const poster = this.posterFor(key);
      if (!poster) continue;
      const last = await store.lastDigest(key);
      // A schedule seen for the first time starts now: its first digest covers what arrives from here on.
      if (last === undefined) {
        await store.setLastDigest(key, t, true);
        continue;
      }
      const due = dueRun(settings.digest!, settings.timezone, last, t);
      if (due === undefined) continue;
      const [claimed] = await store.claim([`digest:${key}:${due}`], this.claimTtlMs);
      if (!claimed) continue;
      const post = digest(library, await store.arrivals(last), { since: last, until: due }, scopeOf(channels, { id: key }));
      if (post && !(await this.deliver(poster, key, post, [claimed], () => store.setLastDigest(key, due)))) continue;
      if (!post) {
        await store.setLastDigest(key, due);
        await store.finish([claimed]);
      }
    }
  }

  /** Posts; done (and `after`) when posted or refused for good, given back for a rate limit. True unless given back. */
  private async deliver(poster: ChannelPoster, channel: string, post: Post, keys: string[], after?: () => Promise<void>): Promise<boolean> {
    const { store, log } = this.options;
    let result;
    // While the post is under way the claims are kept alive; only a replica that died lets them expire.
    const heartbeat = setInterval(() => void store.extend(keys, this.claimTtlMs).catch(() => {}), Math.max(50, this.claimTtlMs / 3));
    heartbeat.unref();
    this.timers.add(heartbeat);
    try {
      result = await poster.post(channel, post);
    } catch (error) {
      result = { ok: false as const, error: (error as Error).message, retryAfterSeconds: 30 };
    } finally {
      clearInterval(heartbeat);
      this.timers.delete(heartbeat);
    }
    if (!result.ok && result.retryAfterSeconds !== undefined) {
      await store.release(keys);
      this.later(result.retryAfterSeconds * 1000);
      return false;
    }
    await after?.();
    await store.finish(keys);
    if (result.ok) log.info({ platform: poster.platform, channel, kind: post.kind }, `briefings: posted the ${post.kind} in ${channel}`);
    return true;
  }

  /** Slack and Discord by the channel's id (Discord's are numbers), the console for any channel when it is the one poster. */
  private posterFor(channel: string, platform?: 'slack' | 'discord'): ChannelPoster | undefined {
    const { posters } = this.options;
    const wanted = platform ?? (/^\d{15,25}$/.test(channel) ? 'discord' : 'slack');
    return posters.find((p) => p.platform === wanted) ?? posters.find((p) => p.platform === 'console');
  }

  private later(ms: number): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.run();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private failed(error: unknown): void {
    this.options.log.warn({ err: { message: (error as Error).message } }, `briefings: ${(error as Error).message}`);
  }
}
