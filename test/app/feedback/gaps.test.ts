import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../app/cli/cli.js';
import { FeedbackLog, MAX_QUERY_CHARS, parseFeedbackEntry, ROTATED_FILES } from '../../../app/feedback/log.js';
import { GapCounter, MAX_LINE_BYTES, readGaps, renderGaps } from '../../../app/feedback/gaps.js';
import type { FeedbackEntry } from '../../../src/service/service.js';
import { MemoryLogger } from '../../support/log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-gaps-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = '2026-01-02T03:04:05.678Z';
const unanswered = (query: string): FeedbackEntry => ({ type: 'unanswered', at, platform: 'slack', query });
const line = (entry: unknown) => `${JSON.stringify(entry)}\n`;

describe('parseFeedbackEntry', () => {
  it('accepts a well-formed entry and nothing else', () => {
    expect(parseFeedbackEntry(unanswered('bitcoin'))).toEqual(unanswered('bitcoin'));
    expect(parseFeedbackEntry({ type: 'vote', at, platform: 'discord', query: 'nato', vote: 'down', passageId: 'a#b/1' })).toMatchObject({
      vote: 'down',
    });
    for (const bad of [
      null,
      42,
      'text',
      [],
      {},
      { type: 'unanswered', platform: 'slack', query: 'no at' },
      { type: 'unanswered', at: 1767322245678, platform: 'slack', query: 'numeric at' },
      { type: 'unanswered', at: 'yesterday', platform: 'slack', query: 'x' },
      { type: 'gossip', at, platform: 'slack', query: 'x' },
      { type: 'unanswered', at, platform: 'irc', query: 'x' },
      { type: 'unanswered', at, platform: 'slack', query: 7 },
      { type: 'vote', at, platform: 'slack', query: 'x' },
      { type: 'vote', at, platform: 'slack', query: 'x', vote: 'sideways' },
      { type: 'unanswered', at, platform: 'slack', query: 'x', userId: { $gt: '' } },
    ])
      expect(parseFeedbackEntry(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('FeedbackLog', () => {
  describe('append', () => {
    it('writes entries as JSON lines, in order, cutting a long query and dropping a malformed entry', async () => {
      const file = join(dir, 'feedback.jsonl');
      const log = new MemoryLogger();
      const feedback = new FeedbackLog({ file, maxBytes: 1_000_000, log });
      feedback.append(unanswered('one'));
      feedback.append({ ...unanswered('two'), at: 'not a time' });
      feedback.append(unanswered('🦆'.repeat(2000)));
      feedback.append(unanswered('three'));
      await feedback.flush();
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as FeedbackEntry);
      expect(lines.map((l) => (l.query.length > 10 ? 'long' : l.query))).toEqual(['one', 'long', 'three']);
      expect([...lines[1]!.query]).toHaveLength(MAX_QUERY_CHARS);
      expect(log.find('warn', 'malformed entry')).toHaveLength(1);
    });

    it(`rotates past the size limit, keeping ${ROTATED_FILES} older files, and gaps reads them all`, async () => {
      const file = join(dir, 'feedback.jsonl');
      const feedback = new FeedbackLog({ file, maxBytes: 2048, log: new MemoryLogger() });
      for (let i = 0; i < 200; i++) {
        feedback.append(unanswered(`query number ${i % 3}`));
        await feedback.flush();
      }
      expect((await readdir(dir)).sort()).toEqual(['feedback.jsonl', 'feedback.jsonl.1', 'feedback.jsonl.2', 'feedback.jsonl.3']);
      for (const name of await readdir(dir)) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(2048);
      const kept = (await Promise.all((await readdir(dir)).map((n) => readFile(join(dir, n), 'utf8')))).join('').trim().split('\n').length;
      expect(kept).toBeLessThan(200);
      const report = await readGaps(file, 10);
      expect(report.read).toBe(kept);
      expect(report.gaps.reduce((n, g) => n + g.unanswered, 0)).toBe(kept);
    });
  });
});

describe('readGaps', () => {
  it('skips and counts bad lines of every kind, and never throws', async () => {
    const file = join(dir, 'feedback.jsonl');
    await writeFile(
      file,
      [
        line(unanswered('bitcoin')),
        line({ type: 'unanswered', platform: 'slack', query: 'no at' }),
        line({ type: 'unanswered', at: 12, platform: 'slack', query: 'numeric at' }),
        'torn {"type":\n',
        'null\n',
        '\u0000\u0001binary\n',
        `${'x'.repeat(MAX_LINE_BYTES * 3)}\n`,
        line({ type: 'vote', at, platform: 'discord', query: 'Bitcoin ', vote: 'down' }),
        line({ type: 'vote', at, platform: 'discord', query: 'nato', vote: 'up' }),
        '\n',
        `{"type":"unanswered","at":"${at}","platform":"slack","query":"${'y'.repeat(MAX_LINE_BYTES)}`,
      ].join(''),
    );
    const report = await readGaps(file, 10);
    expect(report).toEqual({ gaps: [{ query: 'bitcoin', unanswered: 1, disliked: 1, last: at }], read: 3, skipped: 7 });
    expect(renderGaps(report, file)).toContain('(7 malformed lines skipped)');
  });

  it('with REDIS_URL and Redis not answering, says so and reads the local log', async () => {
    const { createServer } = await import('node:net');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const file = join(dir, 'feedback.jsonl');
    await writeFile(file, line(unanswered('bitcoin')));
    const report = await readGaps(file, 10, { redisUrl: `redis://127.0.0.1:${port}` });
    expect(report).toMatchObject({ redis: 'unreachable', read: 1, gaps: [{ query: 'bitcoin', unanswered: 1 }] });
    expect(renderGaps(report, file)).toContain('Redis did not answer');
  });

  it('reports nothing for a log that does not exist yet', async () => {
    expect(await readGaps(join(dir, 'none.jsonl'), 10)).toEqual({ gaps: [], read: 0, skipped: 0 });
  });
});

describe('GapCounter', () => {
  it('keeps every frequent query, with its count, while holding a bounded number of rare ones', () => {
    const counter = new GapCounter(1000);
    let largest = 0;
    for (let i = 0; i < 50_000; i++) {
      counter.add(unanswered(i % 10 === 0 ? `frequent ${i % 30}` : `rare ${i}`));
      largest = Math.max(largest, counter.size);
    }
    const top = counter.top(3);
    expect(top.map((g) => g.query).sort()).toEqual(['frequent 0', 'frequent 10', 'frequent 20']);
    // Each was seen 1,667 times; lossy counting may be short by one per 1,000 entries.
    for (const gap of top) expect(gap.unanswered).toBeGreaterThanOrEqual(1667 - 50);
    expect(largest).toBeLessThanOrEqual(2 * 1000 + 3);
  });
});

describe('redline gaps', () => {
  it('exits 0 over a log with bad lines and reports what it skipped (--json)', async () => {
    const file = join(dir, 'feedback.jsonl');
    await writeFile(file, `${line(unanswered('bitcoin'))}{"at":5}\n${line({ type: 'unanswered', query: 'no at', platform: 'slack' })}`);
    await writeFile(`${file}.1`, line(unanswered('world cup')));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const code = await runCli(['gaps', '--json'], {
      stdin: Readable.from([]),
      stdout,
      stderr: new PassThrough(),
      env: { REDLINE_FEEDBACK_LOG: file },
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      gaps: [
        { query: 'world cup', unanswered: 1, disliked: 0, last: at },
        { query: 'bitcoin', unanswered: 1, disliked: 0, last: at },
      ],
      read: 2,
      skipped: 2,
    });
  });
});
