// Sources followed, in the real app (the build when there is one): how long from a new item in a
// feed to its document being served (the bound: one poll interval plus 10 s), and how long replies
// take while a source with 100 new items is fetched and indexed, beside an idle baseline at the
// same rate (the bound: p99 under 100 ms). `npx tsx bench/sources.ts [--rounds 5] [--rate 50]`.
// `--loop`: in this process, how long the serving thread is held while a follower reads 100 new
// items with the page reader on that thread, or in its worker, beside idle (event-loop delay).
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SourceFollower } from '../app/briefings/follow.js';
import { inThreadReader, workerReader, type DocumentReader } from '../app/briefings/reader.js';
import { FileFollowState } from '../app/briefings/state.js';
import { silentLogger } from '../src/log.js';
import { FakeFeedServer, newsItem } from '../test/support/fakes/feeds.js';
import { FakeSlack } from '../test/support/fakes/slack.js';
import { postToSlackApp, slashCommandBody, TEST_SIGNING_SECRET } from '../test/support/fakes/slack-requests.js';
import { startApp, sleep, ROOT } from './app-process.js';
import { median, percentile, round } from './stats.js';

const EVERY_S = 10;
const QUERIES = ['nato', 'visa negotiations', 'harbour wall repairs', 'quote zakharova', 'brief nato', 'qwxzv plorb'];

interface LoadRow {
  mode: 'idle baseline' | '100 new items';
  requests: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  over_100ms: number;
  /** With items: from the items' arrival in the feed until all 100 are served. */
  all_served_s?: number;
}

/** Event-loop delay (ms) in this process while `work` runs: what a request arriving then would wait, at most. */
async function loopDelay(work: () => Promise<void>): Promise<{ p99_ms: number; max_ms: number; over_100ms_share: number; took_s: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const started = Date.now();
  histogram.enable();
  await work();
  histogram.disable();
  const ms = (ns: number) => round(ns / 1e6, 1);
  const over = [...histogram.percentiles].find(([, ns]) => ns > 100e6)?.[0];
  return {
    p99_ms: ms(histogram.percentile(99)),
    max_ms: ms(histogram.max),
    over_100ms_share: over === undefined ? 0 : round((100 - over) / 100, 4),
    took_s: round((Date.now() - started) / 1000, 1),
  };
}

async function loopBench(rounds: number): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  for (let round = 0; round < rounds; round++) {
    for (const mode of ['idle', 'reader on the serving thread', 'reader in a worker'] as const) {
      const dir = await mkdtemp(join(tmpdir(), 'redline-bench-loop-'));
      const feeds = await new FakeFeedServer().start();
      for (let i = 0; i < 100; i++) feeds.add(newsItem(`loop-${i}`, `loopword${i}`));
      const reader: DocumentReader = mode === 'reader in a worker' ? workerReader() : inThreadReader;
      // The worker starts before the measure: a running app has it from its first page on.
      if (mode === 'reader in a worker')
        await reader
          .read({
            corpusDir: dir,
            name: 'warm.html',
            bytes: new TextEncoder().encode('<p>warm</p>'),
            url: 'https://x.example/',
            meta: {},
            write: false,
          })
          .catch(() => {});
      const follower = new SourceFollower({
        corpusDir: dir,
        state: await FileFollowState.open(join(dir, 'state.json')),
        log: silentLogger,
        reader,
      });
      const measured = await loopDelay(async () => {
        if (mode === 'idle') {
          await sleep(3000);
          return;
        }
        follower.update([{ url: `${feeds.origin}/rss`, everyMs: 3600_000, line: 1 }]);
        await sleep(10);
        await follower.idle();
      });
      rows.push({ round, mode, ...measured });
      await follower.stop();
      await feeds.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.table(rows);
  for (const mode of ['idle', 'reader on the serving thread', 'reader in a worker']) {
    const of = rows.filter((r) => r.mode === mode);
    console.log(
      JSON.stringify({
        mode,
        median_p99_ms: median(of.map((r) => r.p99_ms as number)),
        median_max_ms: median(of.map((r) => r.max_ms as number)),
        took_s: of.map((r) => r.took_s),
      }),
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, rate: { type: 'string', default: '50' }, loop: { type: 'boolean' } },
  });
  const rounds = Number(values.rounds);
  if (values.loop) return loopBench(rounds);
  const rate = Number(values.rate);
  const dir = await mkdtemp(join(tmpdir(), 'redline-bench-sources-'));
  const corpus = join(dir, 'corpus');
  await cp(join(ROOT, 'corpus'), corpus, { recursive: true });
  const feeds = await new FakeFeedServer().start();
  await writeFile(join(corpus, 'sources.yaml'), `sources:\n  - url: ${feeds.origin}/rss\n    every: ${EVERY_S}s\n`);
  const slack = await FakeSlack.start();
  const app = await startApp(slack, { CORPUS_DIR: corpus, REDLINE_WATCH: 'true', REDLINE_FEEDBACK_LOG: join(dir, 'feedback.jsonl') });
  const base = `http://127.0.0.1:${app.port}`;
  const documents = async () => ((await (await fetch(`${base}/healthz`)).json()) as { documents: number }).documents;
  let serial = 0;
  const waitFor = async (count: number, limitMs: number) => {
    const end = Date.now() + limitMs;
    while ((await documents()) < count) {
      if (Date.now() > end) throw new Error(`bench sources: ${count} documents not served within ${limitMs} ms`);
      await sleep(25);
    }
  };
  try {
    await sleep(EVERY_S * 1000 + 2000);
    // 1. Item to served: an item appears at a random point of the poll interval.
    const latencies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = await documents();
      await sleep(Math.random() * EVERY_S * 1000);
      feeds.add(newsItem(`latency-${round}`, `latencyword${round}`));
      const start = Date.now();
      await waitFor(before + 1, (EVERY_S + 60) * 1000);
      latencies.push(Date.now() - start);
    }
    console.log(
      JSON.stringify({
        item_to_served_ms: latencies,
        median_ms: median(latencies),
        max_ms: Math.max(...latencies),
        bound_ms: EVERY_S * 1000 + 10_000,
      }),
    );

    // 2. Replies while 100 new items are fetched and indexed, beside an idle baseline at the same rate.
    const load = async (mode: LoadRow['mode'], until: () => Promise<boolean>): Promise<LoadRow> => {
      const times: Array<Promise<number>> = [];
      const started = Date.now();
      while (!(await Promise.race([until(), sleep(0).then(() => false)]))) {
        for (let i = 0; i < Math.max(1, Math.round(rate / 10)); i++) {
          const body = slashCommandBody({ text: QUERIES[serial % QUERIES.length]!, userId: `U${serial++ % 50}` });
          const t = performance.now();
          times.push(
            postToSlackApp(`${base}/slack/events`, body, TEST_SIGNING_SECRET).then(
              async (r) => (await r.arrayBuffer(), performance.now() - t),
            ),
          );
        }
        await sleep(100);
      }
      const ms = (await Promise.all(times)).sort((a, b) => a - b);
      return {
        mode,
        requests: ms.length,
        p50_ms: round(percentile(ms, 50), 1),
        p99_ms: round(percentile(ms, 99), 1),
        max_ms: round(ms[ms.length - 1] ?? 0, 1),
        over_100ms: ms.filter((m) => m > 100).length,
        ...(mode === '100 new items' ? { all_served_s: round((Date.now() - started) / 1000, 1) } : {}),
      };
    };
    const rows: LoadRow[] = [];
    for (let round = 0; round < rounds; round++) {
      const idleEnd = Date.now() + 15_000;
      rows.push(await load('idle baseline', async () => Date.now() > idleEnd));
      const before = await documents();
      for (let i = 0; i < 100; i++) feeds.add(newsItem(`bulk-${round}-${i}`, `bulkword${round}x${i}`));
      rows.push(await load('100 new items', async () => (await documents()) >= before + 100));
    }
    console.table(rows);
    for (const mode of ['idle baseline', '100 new items'] as const) {
      const of = rows.filter((r) => r.mode === mode);
      console.log(
        JSON.stringify({
          mode,
          median_p99_ms: median(of.map((r) => r.p99_ms)),
          median_max_ms: median(of.map((r) => r.max_ms)),
          over_100ms: of.map((r) => r.over_100ms),
          all_served_s: of.map((r) => r.all_served_s).filter(Boolean),
        }),
      );
    }
  } finally {
    app.child.kill('SIGTERM');
    await app.exited;
    await Promise.all([feeds.close(), slack.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
