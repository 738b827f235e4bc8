import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../app/config/config.js';
import { start, type Running } from '../../../app/main.js';
import { dayOf } from '../../../app/metrics/daily.js';
import { silentLogger } from '../../../src/log.js';
import { CORPUS_DIR } from '../../support/helpers.js';

export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
/** A document whose metadata and text are hostile: the page must show them as text. */
export const HOSTILE_TITLE = '<img src=x onerror="document.title=1"> & "Q"';
export const SKIPPED_FILE = 'scans/huge.txt';
/** Questions per day seeded into the daily counts file, days before today. */
export const SEEDED_DAYS = [
  { ago: 0, asked: 9, answered: 7, nothing: 2, up: 3, down: 1 },
  { ago: 1, asked: 14, answered: 10, nothing: 4, up: 2, down: 2 },
  { ago: 5, asked: 6, answered: 6, nothing: 0, up: 1, down: 0 },
  { ago: 12, asked: 11, answered: 5, nothing: 6, up: 0, down: 3 },
];
export const GAPS = [
  { query: 'bitcoin price', times: 3 },
  { query: '<b>weather</b> in hanoi', times: 2 },
];

export interface OperatorSite {
  running: Running;
  base: string;
  dir: string;
  close(): Promise<void>;
}

/** A source the site follows: nothing answers there (port 9, discard), so it is listed with its errors. */
export const SOURCE_URL = 'http://127.0.0.1:9/feed.xml';
export const SOURCE_TITLE = 'Ministry <feed> & news';

/**
 * redline started as `npm start` would, from a corpus folder with a hostile document and a file too
 * large to read, a feedback log of gaps, and daily counts of the last days.
 */
export async function startOperatorSite(env: Record<string, string> = {}): Promise<OperatorSite> {
  const dir = await mkdtemp(join(tmpdir(), 'redline-admin-'));
  const corpus = join(dir, 'corpus');
  await cp(CORPUS_DIR, corpus, { recursive: true });
  await writeFile(
    join(corpus, 'hostile.md'),
    `---\nid: hostile-notes\ntitle: ${JSON.stringify(HOSTILE_TITLE)}\nsource: "<script>alert(1)</script>"\nurl: ${JSON.stringify('https://example.org/a"><script>alert(2)</script>')}\n---\n\nThe quartermaster keeps <script>alert("x")</script> ledgers of every shipment.\n`,
  );
  // A source followed that cannot be reached: listed with its errors, its title kept as text.
  await writeFile(
    join(corpus, 'sources.yaml'),
    `sources:\n  - url: ${SOURCE_URL}\n    every: 1h\n    title: ${JSON.stringify(SOURCE_TITLE)}\n`,
  );
  await mkdir(join(corpus, 'scans'));
  await writeFile(join(corpus, SKIPPED_FILE), 'x'.repeat(80 * 1024));
  const feedbackLog = join(dir, 'feedback.jsonl');
  const now = Date.now();
  const entries = GAPS.flatMap(({ query, times }) =>
    Array.from({ length: times }, (_, i) => ({
      type: 'unanswered',
      at: new Date(now - i * 60_000).toISOString(),
      platform: 'slack',
      query,
    })),
  );
  entries.push({
    type: 'vote',
    at: new Date(now).toISOString(),
    platform: 'discord',
    query: 'nato',
    vote: 'down',
  } as (typeof entries)[number]);
  await writeFile(feedbackLog, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const daily = Object.fromEntries(SEEDED_DAYS.map(({ ago, ...counts }) => [dayOf(now - ago * 86_400_000), counts]));
  await writeFile(join(dir, 'feedback.daily.json'), JSON.stringify(daily));
  const config = loadConfig({
    CORPUS_DIR: corpus,
    PORT: '0',
    HOST: '127.0.0.1',
    REDLINE_FEEDBACK_LOG: feedbackLog,
    REDLINE_WATCH: 'false',
    REDLINE_CACHE_DIR: 'off',
    REDLINE_MAX_FILE_MB: '0.05',
    REDLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    ...env,
  });
  const running = await start(config, silentLogger);
  return {
    running,
    base: `http://127.0.0.1:${running.port}`,
    dir,
    async close() {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
