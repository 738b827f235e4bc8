import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceFollower } from '../../../app/briefings/follow.js';
import { RedisFollowState, SOURCE_KEYS } from '../../../app/briefings/state.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { watchCorpus } from '../../../app/corpus/watch.js';
import { Lease } from '../../../app/replicas/lease.js';
import { shortHash, type Source } from '../../../src/briefings/sources.js';
import { silentLogger } from '../../../src/log.js';
import { createRedline } from '../../../src/service/service.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeFeedServer, newsItem, recordingLogger } from '../../support/fakes/feeds.js';
import { until } from '../../support/helpers.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

/** Replicas sharing a real redis-server follow one feed: each new item becomes exactly one document, also when one replica dies mid-way. */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MIN = 60_000;
let redis: RedisServer;
let server: FakeFeedServer;
let dir: string;
let corpus: string;
const clients: Redis[] = [];
const followers: SourceFollower[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.kill());
beforeEach(async () => {
  const flush = new Redis(redis.url);
  await flush.flushall();
  flush.disconnect();
  dir = await mkdtemp(join(tmpdir(), 'redline-follow-replicas-'));
  corpus = join(dir, 'corpus');
  await mkdir(corpus);
  await writeFile(join(corpus, 'base.md'), '---\ntitle: Base\nsource: example.org\n---\n\nA document that was there before.\n');
  server = await new FakeFeedServer().start();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(followers.splice(0).map((f) => f.stop()));
  for (const client of clients.splice(0)) client.disconnect();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function replica(clock: FakeClock, leaseMs = 5000, log = recordingLogger()): SourceFollower {
  const client = new Redis(redis.url);
  clients.push(client);
  const follower = new SourceFollower({
    corpusDir: corpus,
    state: new RedisFollowState(client),
    log,
    clock,
    timeoutMs: 5000,
    lease: (url) => new Lease(client, `${SOURCE_KEYS.lease}${shortHash(url)}`, leaseMs),
    leaseCheckMs: Math.round(leaseMs / 3),
  });
  followers.push(follower);
  return follower;
}

const documents = async () => (await readdir(corpus)).filter((n) => n.endsWith('.html')).sort();

describe('sources followed by replicas sharing Redis', () => {
  it('one replica fetches each new item, once, and the corpus serves it after the live reload', async () => {
    const feed: Source = { url: `${server.origin}/rss`, everyMs: 10 * MIN, line: 1 };
    const clocks = [new FakeClock(), new FakeClock()];
    const [a, b] = clocks.map((clock) => replica(clock));
    // (Both read pages in their worker thread, as the app does.)
    const loaded = await loadCorpusDir(corpus);
    const redline = createRedline(loaded.index, { now: Date.now });
    const watcher = watchCorpus(corpus, redline, () => loadCorpusDir(corpus), silentLogger, loaded, { debounceMs: 50 });
    try {
      server.add(newsItem('one', 'quarterly'));
      const step = async (ms: number) => {
        for (const clock of clocks) clock.advance(ms);
        await Promise.all([a!.idle(), b!.idle()]);
      };
      a!.update([feed]);
      b!.update([feed]);
      await step(0);
      expect(await documents()).toHaveLength(1);
      expect(server.count('/rss')).toBe(1);
      server.add(newsItem('two', 'breakwater'));
      await step(5 * MIN);
      await step(5 * MIN);
      expect(server.count('/rss')).toBe(2);
      expect(await documents()).toHaveLength(2);
      expect([server.count('/items/one'), server.count('/items/two')]).toEqual([1, 1]);
      const served = () => {
        const { answer } = redline.respond({ command: 'ask', text: 'breakwater wall' }, { platform: 'cli' }, { paged: false });
        return answer.kind === 'results' ? answer.hits[0]?.passage.documentId : undefined;
      };
      expect(await until(() => served()?.match(/^harbour-report-two-/)?.[0], 10_000)).toBe('harbour-report-two-');
    } finally {
      watcher.close();
    }
  }, 60_000);

  it('a replica killed mid-way hands the source on: the next holder reads what is left, and no item is written twice', async () => {
    const feed = `${server.origin}/json`;
    for (const slug of ['one', 'two', 'three', 'four']) server.add(newsItem(slug, `${slug}fold`));
    const held = server.hold('/items/three');
    const leaseMs = 1500;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/follow-replica.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', CORPUS_DIR: corpus, REDIS_URL: redis.url, SOURCE_URL: feed, LEASE_MS: String(leaseMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    // Items come oldest first: one and two are written, then the replica waits on three's page.
    await held.seen;
    expect(await documents()).toHaveLength(2);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    held.release();

    const clock = new FakeClock();
    const log = recordingLogger();
    const b = replica(clock, leaseMs, log);
    b.update([{ url: feed, everyMs: 10 * MIN, line: 1 }]);
    clock.advance(0);
    await b.idle();
    // The dead replica's lease has not expired yet: nothing is fetched.
    expect(server.count('/json')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 200));
    clock.advance(leaseMs);
    await b.idle();
    expect(server.count('/json')).toBe(2);
    const files = await documents();
    expect(files).toHaveLength(4);
    expect(files.map((f) => f.replace(/-[0-9a-f]{8}\.html$/, ''))).toEqual([
      'harbour-report-four',
      'harbour-report-one',
      'harbour-report-three',
      'harbour-report-two',
    ]);
    expect(['one', 'two', 'four'].map((slug) => server.count(`/items/${slug}`))).toEqual([1, 1, 1]);
    expect(out).toContain('replica started');
  }, 60_000);
});
