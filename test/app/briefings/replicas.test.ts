import { webApi } from '@slack/bolt';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPoster } from '../../../adapters/slack/post.js';
import { Briefings } from '../../../app/briefings/announcer.js';
import { RedisBriefingStore } from '../../../app/briefings/redis-store.js';
import type { ChannelPoster } from '../../../src/briefings/post.js';
import { silentLogger } from '../../../src/log.js';
import type { CorpusIndex } from '../../../src/service/corpus-index.js';
import { briefingIndex, longDocument } from '../../support/briefings.js';
import { FakeSlack } from '../../support/fakes/slack.js';
import { until } from '../../support/helpers.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

// Two replicas (each its own Redis connection, store, engine and Slack Web API client) sharing a
// real redis-server and posting to the fake Slack; one clock for both, driven by the test.

const CHANNELS = `channels:
  C0BRIEF:
    announce: true
    digest: "0 9 * * *"
  C0ARCTIC:
    documents: [arctic-council, red-line-russia-us]
    announce: true
`;
const BASE_CHANNELS = CHANNELS.replace('[arctic-council, red-line-russia-us]', '[red-line-russia-us]');
/** Longer than a post takes on a loaded machine (a claim that expires mid-post lets another replica post too). */
const CLAIM_TTL_MS = 3000;

interface Replica {
  client: Redis;
  store: RedisBriefingStore;
  briefings: Briefings;
  kill(): void;
}

describe('briefings across replicas sharing Redis', () => {
  let redis: RedisServer;
  let slack: FakeSlack;
  let now = Date.parse('2026-12-07T08:00:00Z');
  let index: CorpusIndex;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    [redis, slack] = await Promise.all([startRedis(), FakeSlack.start()]);
    slack.channels = { member: ['C0BRIEF', 'C0ARCTIC'] };
  }, 30_000);
  afterAll(async () => {
    for (const r of replicas) r.kill();
    await slack.close();
    await redis.kill();
  });

  async function replica(poster?: ChannelPoster, claimTtlMs = CLAIM_TTL_MS): Promise<Replica> {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const store = await RedisBriefingStore.open(client, silentLogger, () => now);
    const web = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const briefings = new Briefings({
      store,
      posters: [poster ?? slackPoster(web, silentLogger)],
      service: { current: () => index },
      log: silentLogger,
      now: () => now,
      burstMs: 10_000,
      claimTtlMs,
    });
    const made: Replica = {
      client,
      store,
      briefings,
      kill() {
        briefings.stop();
        void store.close();
        client.disconnect();
      },
    };
    replicas.push(made);
    return made;
  }

  const kinds = (channel: string) => slack.posted(channel).map((m) => String(m.text).split(':')[0]);

  it('announces a new document, fires a watch and lists it in the next digest, each exactly once, whichever replica runs', async () => {
    index = await briefingIndex({ channels: BASE_CHANNELS });
    const [a, b] = [await replica(), await replica()];
    await Promise.all([a.briefings.corpusChanged(), b.briefings.corpusChanged()]);
    await Promise.all([a.briefings.run(), b.briefings.run()]);
    expect(slack.posted()).toEqual([]);
    // A watch saved on one replica is seen by the other (Redis, then a message to every replica).
    a.store.add({ platform: 'slack', id: 'C0ARCTIC' }, 'northern sea route');
    await until(() => b.store.topics({ platform: 'slack', id: 'C0ARCTIC' }).length === 1);

    now += 30 * 60_000;
    index = await briefingIndex({ channels: CHANNELS, withFixtures: true });
    const arrived = await Promise.all([a.briefings.corpusChanged(), b.briefings.corpusChanged()]);
    // Each document arrives once, on whichever replica noted it first.
    expect(
      arrived
        .flat()
        .map((x) => x.documentId)
        .sort(),
    ).toEqual(['arctic-council', 'grain-corridor']);
    now += 11_000;
    await Promise.all([a.briefings.run(), b.briefings.run(), a.briefings.run(), b.briefings.run()]);
    expect(kinds('C0BRIEF')).toEqual(['2 new documents']);
    expect(kinds('C0ARCTIC').sort()).toEqual(['New document', 'New on “northern sea route”']);

    now = Date.parse('2026-12-08T09:00:30Z');
    await Promise.all([a.briefings.run(), b.briefings.run()]);
    await Promise.all([a.briefings.run(), b.briefings.run()]);
    expect(kinds('C0BRIEF')).toEqual(['2 new documents', 'Digest']);
    expect(JSON.stringify(slack.posted('C0BRIEF')[1])).toMatch(/Arctic Council.*grain corridor|grain corridor.*Arctic Council/is);
  }, 60_000);

  it('again when the replica that claimed a post dies before posting it: another posts it once its claim expires', async () => {
    const earlier = slack.posted('C0BRIEF').length;
    const claimed: string[] = [];
    // This replica claims, then hangs in the post, and is killed there.
    const doomed = await replica({ platform: 'slack', post: (channel) => (claimed.push(channel), new Promise(() => {})) });
    const survivor = await replica();
    survivor.store.add({ platform: 'slack', id: 'C0BRIEF' }, 'harbour dredging');
    await until(() => doomed.store.topics({ platform: 'slack', id: 'C0BRIEF' }).length === 1);

    now += 60 * 60_000;
    index = await briefingIndex({ channels: CHANNELS, withFixtures: true, extra: [longDocument(4, 'harbour-works')] });
    expect((await doomed.briefings.corpusChanged()).map((x) => x.documentId)).toEqual(['harbour-works']);
    now += 11_000;
    void doomed.briefings.run();
    await until(() => claimed.length > 0);
    doomed.kill();
    expect(claimed).toEqual(['C0BRIEF']);
    const fresh = () =>
      slack
        .posted('C0BRIEF')
        .slice(earlier)
        .map((m) => String(m.text).split(':')[0]);
    // The dead replica's claim on the announcement still holds; the watch it never reached is the survivor's.
    await survivor.briefings.run();
    expect(fresh()).toEqual(['New on “harbour dredging”']);
    await new Promise((r) => setTimeout(r, CLAIM_TTL_MS + 100));
    await survivor.briefings.run();
    await survivor.briefings.run();
    expect(fresh().sort()).toEqual(['New document', 'New on “harbour dredging”']);
    expect(kinds('C0ARCTIC')).toHaveLength(2);

    now = Date.parse('2026-12-09T09:00:30Z');
    await survivor.briefings.run();
    await survivor.briefings.run();
    expect(fresh().sort()).toEqual(['Digest', 'New document', 'New on “harbour dredging”']);
    const digest = JSON.stringify(slack.posted('C0BRIEF').at(-1));
    expect(digest).toContain('harbour-works');
    expect(digest).not.toContain('Arctic Council');
  }, 60_000);

  it('keeps a claim alive while a slow post is under way, so no other replica posts it too', async () => {
    const earlier = slack.posted('C0BRIEF').length;
    const web = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const real = slackPoster(web, silentLogger);
    // A post that takes several claim lifetimes (Slack slow, a Retry-After waited out).
    const slow = await replica(
      { platform: 'slack', post: async (channel, post) => (await new Promise((r) => setTimeout(r, 1200)), real.post(channel, post)) },
      200,
    );
    const quick = await replica(undefined, 200);
    now += 60 * 60_000;
    index = await briefingIndex({
      channels: CHANNELS,
      withFixtures: true,
      extra: [longDocument(4, 'harbour-works'), longDocument(2, 'dock-levy')],
    });
    await slow.briefings.corpusChanged();
    now += 11_000;
    const posting = slow.briefings.run();
    await new Promise((r) => setTimeout(r, 500));
    await quick.briefings.run();
    await new Promise((r) => setTimeout(r, 300));
    await quick.briefings.run();
    await posting;
    // One announcement (the slow replica's), and one notification for the channel's watch (whichever replica claimed it).
    expect(
      slack
        .posted('C0BRIEF')
        .slice(earlier)
        .map((m) => String(m.text).split(':')[0])
        .sort(),
    ).toEqual(['New document', 'New on “harbour dredging”']);
  }, 60_000);
});
