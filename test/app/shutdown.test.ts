import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/limits.js';
import { buttonsOf, type Message } from '../support/slack-check.js';
import { FakeSlack } from '../support/fakes/slack.js';
import {
  blockActionsBody,
  postToSlackApp,
  slashCommandBody,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../support/fakes/slack-requests.js';
import { CORPUS_DIR, until } from '../support/helpers.js';

/** SIGTERM to the real `npm start` entry point while it is busy: nothing accepted is dropped. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      CORPUS_DIR,
      REDLINE_FEEDBACK_LOG: '/dev/null',
      REDLINE_WATCH: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await until(() => /"port":(\d+)/.exec(stderr)?.[1], 15_000);
  await until(() => /platform started/.test(stderr), 15_000);
  return { child, exited, base: `http://127.0.0.1:${port}`, port: Number(port) };
}

/** One request on a connection of its own: the status, or the error code the client saw. */
function oneShot(port: number, path: string, body: string, headers: Record<string, string>): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(body);
  });
}

describe('shutdown (SIGTERM)', () => {
  it('answers every request it accepted from clients that open a connection per request, and exits 0', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    // A balancer needs a drain longer than its check takes; on a loaded test machine that can be a second.
    const app = await startMain({ DISCORD_PUBLIC_KEY: hex, REDLINE_DRAIN_MS: '2000' });
    let n = 0;
    const ping = () => {
      const body = JSON.stringify({ id: String(++n), type: 1, application_id: '1', token: 't', version: 1 });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      return oneShot(app.port, '/discord/interactions', body, {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      });
    };
    // Ten clients behind a load balancer that checks /healthz every 25 ms and stops routing here when it fails.
    const outcomes: Array<number | string> = [];
    let routing = true;
    const balancer = (async () => {
      while (routing) {
        const health = await new Promise<number | string>((resolve) =>
          request({ host: '127.0.0.1', port: app.port, path: '/healthz', agent: false }, (res) => (res.resume(), resolve(res.statusCode!)))
            .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
            .end(),
        );
        if (health !== 200) routing = false;
        else await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const clients = Array.from({ length: 10 }, async () => {
      while (routing) outcomes.push(await ping());
    });
    await until(() => outcomes.length >= 40, 10_000);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    await Promise.all([balancer, ...clients]);
    // Every request that reached the process was answered: none reset, none refused.
    expect(outcomes.filter((o) => o !== 200)).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(40);
  });

  it('finishes a Share (the channel post, then removing the private copy) before it exits', async () => {
    const fake = await FakeSlack.start();
    try {
      const app = await startMain({
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      });
      const events = `${app.base}/slack/events`;
      const message = (await (await postToSlackApp(events, slashCommandBody({ text: 'nato' }), TEST_SIGNING_SECRET)).json()) as Message;
      fake.responseDelayMs = 800;
      const id = `share-${Date.now()}`;
      const body = blockActionsBody({
        actionId: ACTION_IDS.share,
        value: buttonsOf(message).get(ACTION_IDS.share)!.value,
        responseUrl: fake.responseUrl(id),
        userName: 'alice',
      });
      expect((await postToSlackApp(events, body, TEST_SIGNING_SECRET)).status).toBe(200);
      // The channel post has reached Slack, which has not answered yet: now the process is told to stop.
      await until(() => fake.responses.some((r) => r.id === id), 5000);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      const posted = fake.responses.filter((r) => r.id === id).map((r) => r.body);
      expect(posted.map((p) => (p.delete_original ? 'delete' : p.response_type))).toEqual(['in_channel', 'delete']);
    } finally {
      await fake.close();
    }
  });
});
