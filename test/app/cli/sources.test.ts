import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollowState, RedisFollowState } from '../../../app/briefings/state.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { runRedline } from '../../support/helpers.js';
import { startRedis } from '../../support/redis-server.js';

let dir: string;
let corpus: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-sources-cli-'));
  corpus = join(dir, 'corpus');
  await mkdir(corpus);
  await writeFile(join(corpus, 'base.md'), '---\ntitle: Base\nsource: example.org\n---\n\nA document that was there before.\n');
  env = { CORPUS_DIR: corpus, REDLINE_FEEDBACK_LOG: join(dir, 'feedback.jsonl') };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const yaml = 'sources:\n  - url: https://a.example/feed.xml\n    every: 10m\n    publisher: A News\n  - url: https://b.example/page\n';

describe('redline sources', () => {
  it('--json lists each source with its last fetch, items and errors', async () => {
    await writeFile(join(corpus, 'sources.yaml'), yaml);
    const state = await FileFollowState.open(join(dir, 'redline-sources.json'));
    await state.setStatus({
      url: 'https://a.example/feed.xml',
      title: 'A feed',
      lastFetch: '2026-12-06T12:00:00.000Z',
      items: 4,
      errors: 2,
      failures: 1,
      lastError: { at: '2026-12-06T12:00:00.000Z', message: 'the server answered 500' },
    });
    const { code, out } = await runRedline(['sources', '--json'], { env });
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.file).toBe(join(corpus, 'sources.yaml'));
    expect(report.state).toBe(join(dir, 'redline-sources.json'));
    expect(report.sources).toEqual([
      {
        url: 'https://a.example/feed.xml',
        every: '10m',
        publisher: 'A News',
        feedTitle: 'A feed',
        lastFetch: '2026-12-06T12:00:00.000Z',
        nextFetch: '2026-12-06T12:10:00.000Z',
        items: 4,
        errors: 2,
        failures: 1,
        lastError: { at: '2026-12-06T12:00:00.000Z', message: 'the server answered 500' },
      },
      { url: 'https://b.example/page', every: '30m', items: 0, errors: 0, failures: 0 },
    ]);
    const text = await runRedline(['sources'], { env });
    expect(text.code).toBe(0);
    expect(text.out).toContain('2026-12-06 12:00 UTC');
    expect(text.out).toMatch(/10m\s+4\s+2\s+https:\/\/a\.example\/feed\.xml \(A feed\)/);
    expect(text.out).toContain('last error 2026-12-06 12:00 UTC: the server answered 500');
    expect(text.out).toMatch(/never\s+30m\s+0\s+0\s+https:\/\/b\.example\/page/);
  });

  it('says so when the corpus follows no source', async () => {
    const { code, out } = await runRedline(['sources'], { env });
    expect(code).toBe(0);
    expect(out).toMatch(/^No sources followed/);
  });

  it('exits 1 naming the file and line of a mistake, and 2 for a usage error', async () => {
    await writeFile(join(corpus, 'sources.yaml'), 'sources:\n  - url: https://a.example/feed.xml\n    every: 2s\n');
    const bad = await runRedline(['sources'], { env });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${join(corpus, 'sources.yaml')}:3: "every" must be a duration from 10s to 7d`);
    expect((await runRedline(['sources', 'now'], { env })).code).toBe(2);
    expect((await runRedline(['sources', '--fast'], { env })).code).toBe(2);
  });

  it('reads the replicas’ state from Redis with REDIS_URL', async () => {
    const redis = await startRedis();
    const client = new Redis(redis.url);
    try {
      await writeFile(join(corpus, 'sources.yaml'), yaml);
      await new RedisFollowState(client).setStatus({
        url: 'https://b.example/page',
        lastFetch: '2026-12-06T11:00:00.000Z',
        items: 1,
        errors: 0,
        failures: 0,
      });
      const report = JSON.parse((await runRedline(['sources', '--json'], { env: { ...env, REDIS_URL: redis.url } })).out);
      expect(report).toMatchObject({ state: 'redis', redis: 'read' });
      expect(report.sources[1]).toMatchObject({ url: 'https://b.example/page', items: 1, lastFetch: '2026-12-06T11:00:00.000Z' });
    } finally {
      client.disconnect();
      await redis.kill();
    }
  });
});

describe('sources.yaml in the corpus folder', () => {
  it('is a setting, not a document; a mistake in it fails the load with its file and line', async () => {
    await writeFile(join(corpus, 'sources.yaml'), yaml);
    const loaded = await loadCorpusDir(corpus);
    expect(loaded.index.library.documents.map((d) => d.id)).toEqual(['base']);
    expect(loaded.extras.get('sources.yaml')).toBe(yaml);
    await writeFile(join(corpus, 'sources.yaml'), 'sources:\n  - url: https://a.example/feed.xml\n    colour: red\n');
    await expect(loadCorpusDir(corpus)).rejects.toThrow(`${join(corpus, 'sources.yaml')}:3: unknown key "colour"`);
  });
});
