import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceFollower, type FollowOptions } from '../../../app/briefings/follow.js';
import { FileFollowState } from '../../../app/briefings/state.js';
import { inThreadReader } from '../../../app/briefings/reader.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { createRedline } from '../../../src/service/service.js';
import type { Source } from '../../../src/briefings/sources.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeFeedServer, newsItem, recordingLogger } from '../../support/fakes/feeds.js';

const MIN = 60_000;
let dir: string;
let corpus: string;
let server: FakeFeedServer;
let clock: FakeClock;
const followers: SourceFollower[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-follow-'));
  corpus = join(dir, 'corpus');
  await import('node:fs/promises').then((fs) => fs.mkdir(corpus));
  await writeFile(join(corpus, 'base.md'), '---\ntitle: Base\nsource: example.org\n---\n\nA document that was there before.\n');
  server = await new FakeFeedServer().start();
  clock = new FakeClock();
});
afterEach(async () => {
  await Promise.all(followers.splice(0).map((f) => f.stop()));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const source = (path: string, extra: Partial<Source> = {}): Source => ({
  url: `${server.origin}${path}`,
  everyMs: 30 * MIN,
  line: 1,
  ...extra,
});

async function follower(options: Partial<FollowOptions> = {}): Promise<SourceFollower> {
  const state = await FileFollowState.open(join(dir, 'redline-sources.json'));
  // Pages are read on this thread unless a test asks for the worker (it takes seconds to start under tsx).
  const made = new SourceFollower({
    corpusDir: corpus,
    state,
    log: recordingLogger(),
    clock,
    timeoutMs: 1000,
    reader: inThreadReader,
    ...options,
  });
  followers.push(made);
  return made;
}

async function run(f: SourceFollower, ms = 0): Promise<void> {
  clock.advance(ms);
  await f.idle();
}

const documents = async () => (await readdir(corpus)).filter((n) => n.endsWith('.html')).sort();

describe('SourceFollower', () => {
  it('fetches each feed at start-up and writes every item (read in the worker) as a document the corpus serves, with the feed’s metadata', async () => {
    server.add(newsItem('one', 'quarterly'));
    server.add(newsItem('two', 'breakwater'));
    const { workerReader } = await import('../../../app/briefings/reader.js');
    const f = await follower({ reader: workerReader() });
    f.update([source('/rss', { publisher: 'Harbour Board', source: 'harbour.example' })]);
    await run(f);
    const files = await documents();
    expect(files).toHaveLength(2);
    expect(files.every((name) => /^harbour-report-(one|two)-[0-9a-f]{8}\.html$/.test(name))).toBe(true);
    const sidecar = await readFile(join(corpus, files.find((n) => n.includes('two'))! + '.yaml'), 'utf8');
    expect(sidecar).toContain('publisher: "Harbour Board"');
    expect(sidecar).toContain(`url: "${server.origin}/items/two"`);
    const loaded = await loadCorpusDir(corpus);
    const answer = createRedline(loaded.index, { now: Date.now }).respond(
      { command: 'ask', text: 'breakwater wall repairs' },
      { platform: 'cli' },
      { paged: false },
    ).answer;
    expect(answer.kind).toBe('results');
    if (answer.kind === 'results') expect(answer.hits[0]!.passage.documentId).toMatch(/^harbour-report-two-/);
    expect(server.requests.find((r) => r.path === '/rss')!.headers['user-agent']).toMatch(/^redline\/\d+\.\d+\.\d+ \(\+feed reader\)$/);
  }, 60_000);

  it('polls again after the interval with a conditional GET, reads only the new item, and nothing on 304', async () => {
    server.add(newsItem('one', 'quarterly'));
    const f = await follower();
    f.update([source('/atom', { everyMs: 10 * MIN })]);
    await run(f);
    expect(await documents()).toHaveLength(1);
    await run(f, 10 * MIN);
    expect(server.requests.filter((r) => r.path === '/atom').map((r) => r.status)).toEqual([200, 304]);
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"v2"');
    server.add(newsItem('two', 'breakwater'));
    await run(f, 5 * MIN);
    expect(server.count('/atom')).toBe(2);
    await run(f, 5 * MIN);
    expect(await documents()).toHaveLength(2);
    expect(server.count('/items/one')).toBe(1);
    expect(server.count('/items/two')).toBe(1);
  });

  it('never fetches an item again after a restart (the state file remembers it)', async () => {
    server.add(newsItem('one', 'quarterly'));
    const first = await follower();
    first.update([source('/json')]);
    await run(first);
    await first.stop();
    server.touch();
    const second = await follower();
    second.update([source('/json')]);
    await run(second);
    expect(server.count('/json')).toBe(2);
    expect(server.count('/items/one')).toBe(1);
    expect(await documents()).toHaveLength(1);
  });

  it('logs a failing or malformed source, backs off, and keeps following the others', async () => {
    server.add(newsItem('one', 'quarterly'));
    const log = recordingLogger();
    const f = await follower({ log });
    f.update([source('/error', { everyMs: 10 * MIN }), source('/malformed', { everyMs: 10 * MIN }), source('/rss', { everyMs: 10 * MIN })]);
    await run(f);
    expect(await documents()).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('/error failed (the server answered 500)'))).toBe(true);
    expect(log.lines.some((l) => l.includes('/malformed failed (not a feed'))).toBe(true);
    // After two failures in a row, the next try waits twice the interval.
    await run(f, 10 * MIN);
    expect(server.count('/error')).toBe(2);
    await run(f, 10 * MIN);
    expect(server.count('/error')).toBe(2);
    expect(server.count('/rss')).toBe(3);
    await run(f, 10 * MIN);
    expect(server.count('/error')).toBe(3);
  });

  it('does not wait for a slow source before reading the others', async () => {
    server.add(newsItem('one', 'quarterly'));
    server.slowMs = 800;
    const f = await follower({ timeoutMs: 5000 });
    f.update([source('/slow'), source('/rss')]);
    clock.advance(0);
    await expect.poll(() => documents(), { timeout: 700, interval: 20 }).toHaveLength(1);
    expect(server.requests.some((r) => r.path === '/slow')).toBe(false);
    await f.idle();
    expect(server.count('/slow')).toBe(1);
  });

  it('leaves out an item whose page is 200 MB without reading it whole, and does not fetch it again', async () => {
    server.add({ ...newsItem('huge', 'enormous') });
    server.add(newsItem('one', 'quarterly'));
    const log = recordingLogger();
    const f = await follower({ log, maxFileBytes: 100 * 1024 * 1024 });
    f.update([source('/rss', { everyMs: 10 * MIN })]);
    await run(f);
    expect(await documents()).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('/items/huge left out (is over the size limit of 100 MB'))).toBe(true);
    server.touch();
    await run(f, 10 * MIN);
    expect(server.count('/items/huge')).toBe(1);
  });

  it('tries an item whose page failed again at the next poll, though the feed has not changed, and gives up after three tries', async () => {
    server.add(newsItem('one', 'quarterly'));
    server.add(newsItem('flaky', 'intermittent'));
    server.failing.add('/items/flaky');
    const f = await follower();
    f.update([source('/rss', { everyMs: 10 * MIN })]);
    await run(f);
    expect(await documents()).toHaveLength(1);
    await run(f, 10 * MIN);
    // No conditional GET was kept while an item waits: the feed is read whole again.
    expect(server.requests.filter((r) => r.path === '/rss').map((r) => r.status)).toEqual([200, 200]);
    server.failing.delete('/items/flaky');
    await run(f, 10 * MIN);
    expect(await documents()).toHaveLength(2);
    expect(server.count('/items/flaky')).toBe(3);
    await run(f, 10 * MIN);
    expect(server.requests.filter((r) => r.path === '/rss').map((r) => r.status)).toEqual([200, 200, 200, 304]);

    server.add(newsItem('broken', 'never'));
    server.failing.add('/items/broken');
    for (let i = 0; i < 4; i++) await run(f, 10 * MIN);
    expect(server.count('/items/broken')).toBe(3);
  });

  it('follows a web page as one item: a new version replaces its document', async () => {
    const f = await follower();
    f.update([source('/page', { everyMs: 10 * MIN })]);
    await run(f);
    const [file] = await documents();
    expect(file).toMatch(/^page-[0-9a-f]{8}\.html$/);
    server.pageText = 'The committee met again and cut the dredging budget by a third after the auditors reported.';
    server.touch();
    await run(f, 10 * MIN);
    expect(await documents()).toEqual([file]);
    expect(await readFile(join(corpus, file!), 'utf8')).toContain('auditors');
  });

  it('stops following a source dropped from the list, and starts one added', async () => {
    server.add(newsItem('one', 'quarterly'));
    const f = await follower();
    f.update([source('/rss', { everyMs: 10 * MIN })]);
    await run(f);
    f.update([source('/json', { everyMs: 10 * MIN })]);
    await run(f, 10 * MIN);
    expect(server.count('/rss')).toBe(1);
    expect(server.count('/json')).toBe(1);
    expect(f.sources().map((s) => s.url)).toEqual([`${server.origin}/json`]);
  });
});
