import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Briefings } from '../../../app/briefings/announcer.js';
import { FileBriefingStore } from '../../../app/briefings/store.js';
import { silentLogger } from '../../../src/log.js';
import type { CorpusIndex } from '../../../src/service/corpus-index.js';
import { createRedline } from '../../../src/service/service.js';
import { briefingIndex, recordingPoster } from '../../support/briefings.js';

const CHANNELS = `channels:
  C0BRIEF:
    announce: true
    digest: "0 9 * * *"
    timezone: UTC
  C0ARCTIC:
    documents: [arctic-council, red-line-russia-us]
    announce: true
  C0QUIET: [red-line-russia-us]
`;
/** The same settings before the new documents arrive (channels.yaml may only name documents the corpus has). */
const BASE_CHANNELS = CHANNELS.replace('[arctic-council, red-line-russia-us]', '[red-line-russia-us]');
const HOUR = 3600_000;

describe('Briefings (announcements, digests and watches on one process, with a fake clock)', () => {
  let dir: string;
  let now: number;
  let index: CorpusIndex;
  const service = { current: () => index };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redline-briefings-'));
    now = Date.parse('2026-12-07T08:00:00Z');
  });
  afterEach(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));

  const engine = (poster = recordingPoster()) => {
    const store = new FileBriefingStore(join(dir, 'redline-briefings.json'), silentLogger, () => now);
    const briefings = new Briefings({
      store,
      posters: [poster.poster],
      service,
      log: silentLogger,
      now: () => now,
      burstMs: 10_000,
      claimTtlMs: 60_000,
    });
    return { store, briefings, ...poster };
  };

  it('announces a new document once in each channel whose scope has it, adds it to the next digest once, and fires a watch once per passage', async () => {
    index = await briefingIndex({ channels: BASE_CHANNELS });
    const { store, briefings, posts } = engine();
    // The first corpus ever seen is the baseline: nothing is announced, and the digest's schedule starts now.
    expect(await briefings.corpusChanged()).toEqual([]);
    await briefings.run();
    expect(posts).toEqual([]);
    store.add({ platform: 'slack', id: 'C0ARCTIC' }, 'northern sea route');
    store.add({ platform: 'slack', id: 'C0QUIET' }, 'northern sea route');

    now += HOUR / 2;
    index = await briefingIndex({ channels: CHANNELS, withFixtures: true });
    expect((await briefings.corpusChanged()).map((a) => a.documentId).sort()).toEqual(['arctic-council', 'grain-corridor']);
    // Within the burst: nothing yet (more documents may follow).
    await briefings.run();
    expect(posts).toEqual([]);
    now += 11_000;
    await briefings.run();
    await briefings.run();
    const announced = posts.filter((p) => p.post.kind === 'announcement');
    expect(announced.map((p) => [p.channel, p.post.kind === 'announcement' && p.post.documents.map((d) => d.document.id)])).toEqual([
      ['C0BRIEF', ['arctic-council', 'grain-corridor']],
      ['C0ARCTIC', ['arctic-council']],
    ]);
    // The watch fires in C0ARCTIC (the new document answers it); C0QUIET's scope has no new document.
    const watched = posts.filter((p) => p.post.kind === 'watch');
    expect(watched.map((p) => p.channel)).toEqual(['C0ARCTIC']);
    expect(watched[0]!.post.kind === 'watch' && watched[0]!.post.hits[0]!.passage.text).toMatch(/Northern Sea Route/);

    // The digest at 09:00 the next day lists both, once; the one after has nothing new and posts nothing.
    now = Date.parse('2026-12-08T09:00:30Z');
    await briefings.run();
    await briefings.run();
    const digests = posts.filter((p) => p.post.kind === 'digest');
    expect(digests.map((p) => [p.channel, p.post.kind === 'digest' && p.post.documents.map((d) => d.document.id).sort()])).toEqual([
      ['C0BRIEF', ['arctic-council', 'grain-corridor']],
    ]);
    now = Date.parse('2026-12-09T09:00:30Z');
    await briefings.run();
    expect(posts.filter((p) => p.post.kind === 'digest')).toHaveLength(1);
    briefings.stop();
    await store.close();

    // After a restart (a new store on the same file): the watch is still there, nothing is posted again.
    const again = engine();
    expect(again.store.topics({ platform: 'slack', id: 'C0ARCTIC' })).toEqual(['northern sea route']);
    expect(await again.briefings.corpusChanged()).toEqual([]);
    now += HOUR;
    await again.briefings.run();
    expect(again.posts).toEqual([]);
    const saved = JSON.parse(await readFile(join(dir, 'redline-briefings.json'), 'utf8')) as { lastDigest: Record<string, number> };
    expect(saved.lastDigest.C0BRIEF).toBe(Date.parse('2026-12-09T09:00:00Z'));
    again.briefings.stop();
    await again.store.close();
  });

  it('gives a rate-limited post back and posts it once the platform allows; a refusal is not retried', async () => {
    index = await briefingIndex({ channels: BASE_CHANNELS });
    let refuse: 'rate' | 'channel' | undefined = 'rate';
    const { store, briefings, posts } = engine(
      recordingPoster('slack', () =>
        refuse === 'rate'
          ? { ok: false, error: 'ratelimited', retryAfterSeconds: 1 }
          : refuse === 'channel'
            ? { ok: false, error: 'not_in_channel' }
            : { ok: true },
      ),
    );
    await briefings.corpusChanged();
    index = await briefingIndex({ channels: CHANNELS, withFixtures: true });
    await briefings.corpusChanged();
    now += 11_000;
    await briefings.run();
    expect(posts.map((p) => p.channel)).toEqual(['C0BRIEF', 'C0ARCTIC']);
    refuse = 'channel';
    await briefings.run();
    expect(posts.map((p) => p.channel)).toEqual(['C0BRIEF', 'C0ARCTIC', 'C0BRIEF', 'C0ARCTIC']);
    await briefings.run();
    expect(posts).toHaveLength(4);
    briefings.stop();
    await store.close();
  });

  it('notes a corpus swapped in by another path (a replica following another, a noting that failed) at its next run', async () => {
    index = await briefingIndex({ channels: BASE_CHANNELS });
    const { store, briefings, posts } = engine();
    await briefings.run();
    index = await briefingIndex({ channels: CHANNELS, withFixtures: true });
    await briefings.run();
    expect(posts).toEqual([]);
    now += 11_000;
    await briefings.run();
    expect(posts.map((p) => p.channel)).toEqual(['C0BRIEF', 'C0ARCTIC']);
    briefings.stop();
    await store.close();
  });

  it('answers /redline watch in a channel through the same store the notifications read', async () => {
    index = await briefingIndex({ channels: BASE_CHANNELS });
    const { store, briefings } = engine();
    const redline = createRedline(index, { now: Date.now, watches: store });
    const answer = redline.respond(
      { command: 'watch', text: 'grain exports' },
      { platform: 'discord', userId: 'U1', channel: { id: '400000000000000001' } },
    ).answer;
    expect(answer).toMatchObject({ kind: 'watches', topics: ['grain exports'] });
    expect(store.watches()).toMatchObject([{ platform: 'discord', id: '400000000000000001', topic: 'grain exports', since: now }]);
    briefings.stop();
    await store.close();
  });
});
