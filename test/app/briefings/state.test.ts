import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileFollowState, MAX_SEEN_PER_SOURCE, RedisFollowState, stateFileBeside, type FollowState } from '../../../app/briefings/state.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

let redis: RedisServer;
let client: Redis;
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client.disconnect();
  await redis.kill();
});

const status = { url: 'https://a.example/feed', lastFetch: '2026-12-06T12:00:00.000Z', etag: '"v2"', items: 3, errors: 1, failures: 0 };

async function roundTrip(open: () => Promise<FollowState>): Promise<void> {
  const state = await open();
  expect(await state.seen(status.url, ['x', 'y'])).toEqual(new Set());
  await state.markSeen(status.url, 'x');
  await state.markSeen('https://b.example/feed', 'y');
  await state.setStatus(status);
  const again = await open();
  expect(await again.seen(status.url, ['x', 'y'])).toEqual(new Set(['x']));
  expect(await again.seen('https://b.example/feed', ['x', 'y'])).toEqual(new Set(['y']));
  expect(await again.status(status.url)).toEqual(status);
  expect(await again.statuses()).toEqual([status]);
}

describe('FileFollowState', () => {
  it('keeps seen items and statuses across restarts, in the file beside the feedback log', async () => {
    const file = stateFileBeside(join(dir, 'redline-feedback.jsonl'));
    expect(file).toBe(join(dir, 'redline-sources.json'));
    await roundTrip(() => FileFollowState.open(file));
    expect(JSON.parse(await readFile(file, 'utf8')).sources[status.url].seen).toEqual(['x']);
    // Written aside and renamed: no temporary file is left.
    expect(await readdir(dir)).toEqual(['redline-sources.json']);
  });

  it('keeps the latest items of a source, not every one ever seen', async () => {
    const state = await FileFollowState.open(join(dir, 's.json'));
    for (let i = 0; i < MAX_SEEN_PER_SOURCE + 2; i++) void state.markSeen(status.url, `k${i}`);
    await state.markSeen(status.url, 'last');
    const again = await FileFollowState.open(join(dir, 's.json'));
    expect(await again.seen(status.url, ['k0', 'k1', 'k2', 'k3', 'last'])).toEqual(new Set(['k3', 'last']));
  });

  it('refuses a file that is not its state, naming it', async () => {
    await writeFile(join(dir, 'bad.json'), '{"sources": [1, 2]}');
    await expect(FileFollowState.open(join(dir, 'bad.json'))).rejects.toThrow(`${join(dir, 'bad.json')}: not the sources state`);
    await writeFile(join(dir, 'bad.json'), 'not json');
    await expect(FileFollowState.open(join(dir, 'bad.json'))).rejects.toThrow(/unreadable JSON/);
  });
});

describe('RedisFollowState', () => {
  it('keeps seen items and statuses in Redis, shared by every replica', async () => {
    await client.flushall();
    await roundTrip(async () => new RedisFollowState(client));
    const other = new Redis(redis.url);
    try {
      expect(await new RedisFollowState(other).seen(status.url, ['x'])).toEqual(new Set(['x']));
    } finally {
      other.disconnect();
    }
  });
});

describe('FileFollowState writes', () => {
  it('reports a write that fails, and writes again once it can', async () => {
    const { mkdir } = await import('node:fs/promises');
    const file = join(dir, 's.json');
    const state = await FileFollowState.open(file);
    // A folder where the file should be: the rename fails, as on a full or read-only disk.
    await mkdir(join(file, 'in-the-way'), { recursive: true });
    await expect(state.markSeen(status.url, 'a')).rejects.toThrow(`${file}: cannot be written`);
    await rm(file, { recursive: true });
    await state.markSeen(status.url, 'b');
    expect(await (await FileFollowState.open(file)).seen(status.url, ['a', 'b'])).toEqual(new Set(['a', 'b']));
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
