import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeFeedServer, newsItem } from '../../support/fakes/feeds.js';
import { runRedline, until } from '../../support/helpers.js';

/** The real app (`app/main.ts`) follows the corpus's sources.yaml: items become documents it serves. */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let corpus: string;
let server: FakeFeedServer;
let child: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-served-'));
  corpus = join(dir, 'corpus');
  await mkdir(corpus);
  await writeFile(join(corpus, 'base.md'), '---\ntitle: Base\nsource: example.org\n---\n\nA document that was there before.\n');
  server = await new FakeFeedServer().start();
});
afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm start with sources.yaml', () => {
  it('fetches the feed at start-up, serves its items, and serves a new one at the next poll', async () => {
    server.add(newsItem('one', 'quarterly'));
    await writeFile(
      join(corpus, 'sources.yaml'),
      `sources:\n  - url: ${server.origin}/rss\n    every: 10s\n    publisher: Harbour Board\n`,
    );
    const env = {
      PATH: process.env.PATH ?? '',
      CORPUS_DIR: corpus,
      REDLINE_FEEDBACK_LOG: join(dir, 'feedback.jsonl'),
      DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const port = await until(() => /"port":(\d+)/.exec(stderr)?.[1], 30_000);
    const documents = async () => ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { documents: number }).documents;
    expect(await until(async () => ((await documents()) === 2 ? 2 : undefined), 60_000, 100)).toBe(2);
    expect(server.requests.find((r) => r.path === '/items/one')!.headers['user-agent']).toMatch(/^redline\//);

    // Under the test runner the corpus worker loads through tsx (seconds); bench/sources.ts measures the build.
    server.add(newsItem('two', 'breakwater'));
    expect(await until(async () => ((await documents()) === 3 ? 3 : undefined), 60_000, 100)).toBe(3);
    expect(server.count('/items/two')).toBe(1);

    // The state is beside the feedback log, and `redline sources` reads it.
    expect(JSON.parse(await readFile(join(dir, 'redline-sources.json'), 'utf8')).sources[`${server.origin}/rss`].seen).toHaveLength(2);
    const report = JSON.parse(
      (await runRedline(['sources', '--json'], { env: { CORPUS_DIR: corpus, REDLINE_FEEDBACK_LOG: join(dir, 'feedback.jsonl') } })).out,
    );
    expect(report.sources[0]).toMatchObject({ url: `${server.origin}/rss`, every: '10s', publisher: 'Harbour Board', items: 2, errors: 0 });
    expect(stderr).not.toMatch(/"level":50/);
  }, 180_000);
});
