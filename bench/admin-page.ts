// `npx tsx bench/admin-page.ts [--documents 9000] [--loads 15]`: how long the operator page takes to
// load over HTTP with a large corpus of small synthetic documents, a feedback log of gaps and 30 days
// of counts. Prints one JSON object: the medians (ms) and sizes of the plain page, a later page of
// the document table, and the page with a question tried.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config/config.js';
import { start } from '../app/main.js';
import { dayOf } from '../app/metrics/daily.js';
import { silentLogger } from '../src/log.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '9000' }, loads: { type: 'string', default: '15' } } });
const DOCUMENTS = Number(values.documents);
const LOADS = Number(values.loads);
const TOKEN = 'bench-admin-token-0123456789';
const WORDS =
  'harbour treaty budget council river grain tariff pipeline election summit vaccine satellite drought ferry archive census'.split(' ');

const dir = await mkdtemp(join(tmpdir(), 'redline-admin-bench-'));
try {
  const corpus = join(dir, 'corpus');
  await mkdir(corpus);
  // Small documents in a few folders, each with two sections of ordinary words.
  for (let i = 0; i < DOCUMENTS; i += 500)
    await Promise.all(
      Array.from({ length: Math.min(500, DOCUMENTS - i) }, (_, j) => {
        const n = i + j;
        const w = (k: number) => WORDS[(n * 7 + k * 3) % WORDS.length]!;
        const body = `---\ntitle: Report ${n} on the ${w(1)} and the ${w(2)}\nsource: example.org\nurl: https://example.org/reports/${n}\n---\n\nThe ${w(1)} of district ${n} met about the ${w(2)} and the ${w(3)}.\n\n## The ${w(4)}\n\nA note on the ${w(4)} and the ${w(5)} for district ${n}, filed with the ${w(6)}.\n`;
        return writeFile(join(corpus, `report-${n}.md`), body);
      }),
    );
  const feedbackLog = join(dir, 'feedback.jsonl');
  const now = Date.now();
  const lines = Array.from({ length: 5000 }, (_, i) =>
    JSON.stringify({
      type: 'unanswered',
      at: new Date(now - i * 60_000).toISOString(),
      platform: 'slack',
      query: `${WORDS[i % 11]} ${WORDS[(i * 5) % 13]} question ${i % 300}`,
    }),
  );
  await writeFile(feedbackLog, `${lines.join('\n')}\n`);
  const daily = Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [dayOf(now - i * 86_400_000), { asked: 40 + i, answered: 30 + i, nothing: 10, up: 5, down: 2 }]),
  );
  await writeFile(join(dir, 'feedback.daily.json'), JSON.stringify(daily));

  const config = loadConfig({
    CORPUS_DIR: corpus,
    PORT: '0',
    HOST: '127.0.0.1',
    REDLINE_FEEDBACK_LOG: feedbackLog,
    REDLINE_WATCH: 'false',
    REDLINE_CACHE_DIR: 'off',
    REDLINE_ADMIN_TOKEN: TOKEN,
  });
  const started = performance.now();
  const running = await start(config, silentLogger);
  const startMs = performance.now() - started;
  const base = `http://127.0.0.1:${running.port}`;
  // A server warms its word lists just after start-up: measured once that is done, as an operator would find it.
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const time = async (path: string) => {
    const t = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const html = await res.text();
    if (res.status !== 200 && !path.startsWith('/healthz')) throw new Error(`${path}: ${res.status}`);
    return { ms: performance.now() - t, bytes: Buffer.byteLength(html) };
  };
  const measure = async (path: string) => {
    const first = await time(path);
    const runs = [];
    for (let i = 0; i < LOADS; i++) runs.push(await time(path));
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    return {
      path,
      firstMs: Math.round(first.ms),
      medianMs: Math.round(median(ms) * 10) / 10,
      maxMs: Math.round(ms.at(-1)!),
      bytes: first.bytes,
    };
  };
  const rows = [
    await measure('/healthz'),
    await measure('/admin'),
    await measure('/admin?page=60'),
    await measure('/admin?q=treaty+budget'),
  ];
  await running.stop();
  process.stdout.write(
    `${JSON.stringify({ documents: DOCUMENTS, feedbackEntries: lines.length, loads: LOADS, startMs: Math.round(startMs), rows }, null, 2)}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
