import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyCounts, dailyFile, fieldsOf } from '../../../app/metrics/daily.js';
import { FeedbackLog } from '../../../app/feedback/log.js';
import { SharedState } from '../../../app/replicas/redis.js';
import { silentLogger } from '../../../src/log.js';
import type { RequestEvent } from '../../../src/service/service.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';
import { until } from '../../support/helpers.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-06T10:00:00Z');
const event = (fields: Partial<RequestEvent>): RequestEvent => ({
  platform: 'slack',
  kind: 'ask',
  outcome: 'answered',
  ms: 1,
  asked: true,
  ...fields,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-daily-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DailyCounts', () => {
  describe('fieldsOf', () => {
    it('counts questions asked anew with their outcome, and votes; not page turns, help, topics or refused votes', () => {
      expect(fieldsOf(event({}))).toEqual(['asked', 'answered']);
      expect(fieldsOf(event({ outcome: 'nothing', kind: 'quote' }))).toEqual(['asked', 'nothing']);
      expect(fieldsOf(event({ outcome: 'rate-limited' }))).toEqual(['asked']);
      expect(fieldsOf(event({ asked: false }))).toEqual([]);
      expect(fieldsOf(event({ kind: 'help' }))).toEqual([]);
      expect(fieldsOf(event({ kind: 'topics' }))).toEqual([]);
      expect(fieldsOf(event({ kind: 'vote', vote: 'down', asked: false }))).toEqual(['down']);
      expect(fieldsOf(event({ kind: 'vote', vote: 'up', outcome: 'rate-limited', asked: false }))).toEqual([]);
    });
  });

  it('keeps the counts in a file beside the feedback log, with no query text, and reads them back after a restart', async () => {
    const file = dailyFile(join(dir, 'feedback.jsonl'));
    expect(file).toBe(join(dir, 'feedback.daily.json'));
    let now = NOW - 2 * DAY;
    const counts = await DailyCounts.open(file, { log: silentLogger, now: () => now });
    counts.observe(event({}));
    counts.observe(event({ outcome: 'nothing' }));
    now = NOW;
    for (let i = 0; i < 3; i++) counts.observe(event({}));
    counts.observe(event({ kind: 'vote', vote: 'up', asked: false }));
    await counts.flush();
    const text = await readFile(file, 'utf8');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['2026-12-04', '2026-12-06']);
    expect(text).not.toMatch(/query|nato/i);

    const reopened = await DailyCounts.open(file, { log: silentLogger, now: () => NOW });
    const days = await reopened.last(30);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toEqual({ day: '2026-12-06', asked: 3, answered: 3, nothing: 0, up: 1, down: 0 });
    expect(days.at(-3)).toEqual({ day: '2026-12-04', asked: 2, answered: 1, nothing: 1, up: 0, down: 0 });
    expect(days[0]!.day).toBe('2026-11-07');
    expect(days.slice(0, 27).every((d) => d.asked === 0)).toBe(true);
  });

  it('starts anew from a damaged file, and ignores values that are not counts', async () => {
    const file = join(dir, 'damaged.daily.json');
    await writeFile(file, '{"2026-12-06":{"asked":"lots","answered":-3,"up":2},"<script>":{"asked":9}}');
    const days = await (await DailyCounts.open(file, { log: silentLogger, now: () => NOW })).last(1);
    expect(days).toEqual([{ day: '2026-12-06', asked: 0, answered: 0, nothing: 0, up: 2, down: 0 }]);
    await writeFile(file, '{not json');
    expect((await (await DailyCounts.open(file, { log: silentLogger, now: () => NOW })).last(1))[0]!.asked).toBe(0);
  });

  describe('with Redis (REDIS_URL)', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    }, 20_000);
    afterAll(async () => {
      await redis?.kill();
    });

    const connect = () =>
      SharedState.connect({
        url: redis.url,
        log: silentLogger,
        limits: { ask: { count: 10, seconds: 30 }, autocomplete: { count: 60, seconds: 30 } },
        localFeedback: new FeedbackLog({ file: join(dir, 'shared.jsonl'), maxBytes: 1 << 20, log: silentLogger }),
        streamMax: 1000,
      });

    it('sums every replica’s counts, and counts in the file while Redis is down', async () => {
      const [a, b] = await Promise.all([connect(), connect()]);
      try {
        const one = await DailyCounts.open(join(dir, 'one.daily.json'), { log: silentLogger, shared: a, now: () => NOW });
        const two = await DailyCounts.open(join(dir, 'two.daily.json'), { log: silentLogger, shared: b, now: () => NOW });
        for (let i = 0; i < 4; i++) one.observe(event({}));
        for (let i = 0; i < 3; i++) two.observe(event({ outcome: 'nothing' }));
        two.observe(event({ kind: 'vote', vote: 'down', asked: false }));
        const today = await until(async () => {
          const d = (await one.last(2)).at(-1)!;
          return d.asked === 7 && d.down === 1 ? d : undefined;
        });
        expect(today).toEqual({ day: '2026-12-06', asked: 7, answered: 4, nothing: 3, up: 0, down: 1 });
        expect((await two.last(1))[0]).toEqual(today);

        await redis.kill();
        await until(() => a.status() === 'down' || undefined);
        one.observe(event({}));
        // Redis away: this replica's own counts, the file's included.
        expect((await one.last(1))[0]).toMatchObject({ asked: 1, answered: 1 });
        await one.flush();
        expect(JSON.parse(await readFile(join(dir, 'one.daily.json'), 'utf8'))['2026-12-06']).toMatchObject({ asked: 1 });
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }, 30_000);
  });
});
