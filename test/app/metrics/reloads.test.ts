import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/config.js';
import { start, type Running } from '../../../app/main.js';
import { silentLogger } from '../../../src/log.js';
import { CORPUS_DIR, until } from '../../support/helpers.js';
import { parsePrometheus } from '../../support/prometheus.js';

let running: Running;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-reloads-'));
  await cp(CORPUS_DIR, join(dir, 'corpus'), { recursive: true });
  const config = loadConfig({
    CORPUS_DIR: join(dir, 'corpus'),
    PORT: '0',
    HOST: '127.0.0.1',
    REDLINE_ADMIN_TOKEN: 'reload-admin-token-0123456789',
    REDLINE_FEEDBACK_LOG: join(dir, 'f.jsonl'),
    REDLINE_CACHE_DIR: 'off',
  });
  running = await start(config, silentLogger);
}, 60_000);
afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

const scrape = async () => parsePrometheus(await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text());

describe('corpus metrics', () => {
  it('count a reload after a change, and one that failed, with the corpus size serving', async () => {
    expect((await scrape()).value('redline_corpus_documents')).toBe(1);
    await writeFile(
      join(dir, 'corpus', 'added.md'),
      '---\ntitle: Added\nsource: example.org\n---\n\nA ferry timetable for the northern islands.\n',
    );
    const loaded = await until(
      async () => {
        const m = await scrape();
        return m.value('redline_corpus_reloads_total', { result: 'ok' })! >= 1 ? m : undefined;
      },
      60_000,
      200,
    );
    expect(loaded.value('redline_corpus_documents')).toBe(2);
    expect(loaded.value('redline_corpus_reloads_total', { result: 'failed' })).toBe(0);
    // A document that cannot be read is skipped (counted), not a failed reload.
    await writeFile(join(dir, 'corpus', 'broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
    const skipped = await until(
      async () => {
        const m = await scrape();
        return m.value('redline_corpus_reloads_total', { result: 'ok' })! >= 2 ? m : undefined;
      },
      60_000,
      200,
    );
    expect(skipped.value('redline_corpus_skipped_files')).toBe(1);
    expect(skipped.value('redline_corpus_reloads_total', { result: 'failed' })).toBe(0);
    // A broken settings file fails the reload.
    await writeFile(join(dir, 'corpus', 'channels.yaml'), 'channels: [unclosed\n');
    const failed = await until(
      async () => {
        const m = await scrape();
        return m.value('redline_corpus_reloads_total', { result: 'failed' })! >= 1 ? m : undefined;
      },
      60_000,
      200,
    );
    // The last good corpus still serves.
    expect(failed.value('redline_corpus_documents')).toBe(2);
  }, 150_000);
});
