import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../adapters/slack/limits.js';
import { runCli } from '../../../app/cli/cli.js';
import { buttonsOf, messageText, type Message } from '../../support/slack-check.js';
import { FakeSlack } from '../../support/fakes/slack.js';
import {
  blockActionsBody,
  postToSlackApp,
  signSlackRequest,
  slashCommandBody,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../../support/fakes/slack-requests.js';
import { CORPUS_DIR, until } from '../../support/helpers.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

/** Three replicas of the real app (Slack HTTP mode) sharing a real redis-server; requests spread round-robin. */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const LIMIT = 5;
const SLOW_DOWN = 'You are asking faster than redline answers';

interface Replica {
  child: ChildProcess;
  base: string;
  log: () => string;
}

let redis: RedisServer;
let fake: FakeSlack;
let dir: string;
let replicas: Replica[];
let turn = 0;
const next = () => replicas[turn++ % replicas.length]!;

async function startReplica(index: number): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      CORPUS_DIR: join(dir, 'corpus'),
      // Only the first replica watches the folder: the others hear of a change from it, through Redis.
      REDLINE_WATCH: index === 0 ? 'true' : 'false',
      REDLINE_FEEDBACK_LOG: join(dir, `feedback-${index}.jsonl`),
      REDLINE_RATE_LIMIT: `${LIMIT}/60`,
      REDIS_URL: redis.url,
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await until(() => /"port":(\d+)/.exec(stderr)?.[1], 20_000);
  await until(() => /platform started/.test(stderr), 20_000);
  return { child, base: `http://127.0.0.1:${port}`, log: () => stderr };
}

async function ask(replica: Replica, text: string, userId: string): Promise<Message> {
  const response = await postToSlackApp(`${replica.base}/slack/events`, slashCommandBody({ text, userId }), TEST_SIGNING_SECRET);
  expect(response.status).toBe(200);
  return (await response.json()) as Message;
}

/** How many of `count` requests from one user, spread round-robin, were answered rather than told to slow down. */
async function flood(userId: string, count: number): Promise<number> {
  let answered = 0;
  for (let i = 0; i < count; i++) if (!messageText(await ask(next(), 'nato', userId)).includes(SLOW_DOWN)) answered++;
  return answered;
}

const health = async (replica: Replica) => (await fetch(`${replica.base}/healthz`)).json() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-replicas-'));
  await cp(CORPUS_DIR, join(dir, 'corpus'), { recursive: true });
  [redis, fake] = await Promise.all([startRedis(), FakeSlack.start()]);
  replicas = await Promise.all([0, 1, 2].map(startReplica));
}, 60_000);

afterAll(async () => {
  for (const replica of replicas ?? []) replica.child.kill('SIGKILL');
  await redis?.kill();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('replicas sharing Redis (REDIS_URL)', () => {
  it('holds one user’s flood to one limit in total', async () => {
    expect(await flood('UFLOOD1', LIMIT * 3)).toBe(LIMIT);
    expect(await flood('UOTHER1', 1)).toBe(1);
  });

  it('brings the votes from every replica to `redline gaps`', async () => {
    for (const [i, replica] of replicas.entries()) {
      const message = await ask(replica, 'nato', `UVOTER${i}`);
      const id = `vote-${i}-${Date.now()}`;
      const body = blockActionsBody({
        actionId: ACTION_IDS.voteDown,
        value: buttonsOf(message).get(ACTION_IDS.voteDown)!.value,
        responseUrl: fake.responseUrl(id),
        userId: `UVOTER${i}`,
      });
      expect((await postToSlackApp(`${replica.base}/slack/events`, body, TEST_SIGNING_SECRET)).status).toBe(200);
      await fake.waitForResponses(id, 1);
    }
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const env = { REDIS_URL: redis.url, REDLINE_FEEDBACK_LOG: join(dir, 'none.jsonl') };
    expect(await runCli(['gaps', '--json'], { stdin: Readable.from([]), stdout, stderr: new PassThrough(), env })).toBe(0);
    const report = JSON.parse(out) as { gaps: Array<{ query: string; disliked: number }>; redis: string };
    expect(report.redis).toBe('read');
    expect(report.gaps.find((g) => g.query === 'nato')?.disliked).toBe(3);
  });

  it('posts a replayed signed Share once, whichever replicas it reaches', async () => {
    const message = await ask(replicas[0]!, 'nato', 'USHARER');
    const id = `share-${Date.now()}`;
    const body = blockActionsBody({
      actionId: ACTION_IDS.share,
      value: buttonsOf(message).get(ACTION_IDS.share)!.value,
      responseUrl: fake.responseUrl(id),
      userId: 'USHARER',
      userName: 'sharer',
    });
    const headers = signSlackRequest(TEST_SIGNING_SECRET, body);
    for (const replica of [...replicas, ...replicas])
      expect((await postToSlackApp(`${replica.base}/slack/events`, body, TEST_SIGNING_SECRET, headers)).status).toBe(200);
    await fake.waitForResponses(id, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responses.filter((r) => r.id === id && r.body.response_type === 'in_channel')).toHaveLength(1);
  });

  it('reports the same corpus version on every replica after a change on disk', async () => {
    const before = await Promise.all(replicas.map(health));
    expect(new Set(before.map((h) => h.corpusVersion)).size).toBe(1);
    await writeFile(
      join(dir, 'corpus', 'extra.md'),
      '---\ntitle: Extra\nsource: example.org\n---\n\nOne more paragraph about harbours.\n\nAnd another.\n',
    );
    const after = await until(async () => {
      const now = await Promise.all(replicas.map(health));
      return now.every((h) => h.corpusVersion !== before[0]!.corpusVersion) && new Set(now.map((h) => h.corpusVersion)).size === 1
        ? now
        : undefined;
    }, 30_000);
    expect(after.map((h) => h.documents)).toEqual([2, 2, 2]);
  }, 45_000);

  it('keeps answering when Redis dies (per-process limits, degraded), and shares again once it is back', async () => {
    await redis.kill();
    const down = await until(async () => {
      const now = await Promise.all(replicas.map(health));
      return now.every((h) => h.redis === 'down') ? now : undefined;
    }, 10_000);
    expect(down.map((h) => [h.ok, h.status])).toEqual([
      [true, 'degraded'],
      [true, 'degraded'],
      [true, 'degraded'],
    ]);
    expect((await fetch(`${replicas[0]!.base}/healthz`)).status).toBe(200);
    // Each replica now counts on its own: three limits' worth get through, and every request is answered.
    expect(await flood('UFLOOD2', LIMIT * 3)).toBe(LIMIT * 3);
    for (const replica of replicas) expect(replica.log().match(/redis: unreachable/g)).toHaveLength(1);

    await redis.restart();
    await until(async () => (await Promise.all(replicas.map(health))).every((h) => h.redis === 'ok' && h.status === 'ok'), 15_000);
    expect(await flood('UFLOOD3', LIMIT * 3)).toBe(LIMIT);
  });
});
