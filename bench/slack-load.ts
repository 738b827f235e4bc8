import { fileURLToPath } from 'node:url';
import { App, HTTPReceiver } from '@slack/bolt';
import { HttpServer } from '../adapters/http/server.js';
import { boltLogger, SLACK_EVENTS_PATH } from '../adapters/slack/app.js';
import { startSlack } from '../adapters/slack/index.js';
import { loadConfig } from '../app/config/config.js';
import { silentLogger } from '../src/log.js';
import { createRedline } from '../src/service/service.js';
import type { CorpusIndex } from '../src/service/corpus-index.js';
import { indexCorpusDir } from '../app/corpus/index.js';
import { FakeSlack } from '../test/support/fakes/slack.js';
import { signSlackRequest, slashCommandBody, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/fakes/slack-requests.js';
import {
  LOAD_QUERIES,
  LOAD_RATE_LIMIT,
  LOAD_USERS,
  measureSideBySide,
  recordReplies,
  type LoadBenchOptions,
  type LoadRequest,
  type SideBySide,
  type SignRequests,
} from './http-load.js';

export interface SlackBenchOptions extends LoadBenchOptions {
  /** The corpus redline serves; default the shipped corpus folder. */
  index?: CorpusIndex;
  /** Its name in the report. Default `article`. */
  corpus?: string;
  /** Replies redline keeps (0: each request answered anew; default the service's). */
  keptReplies?: number;
}

/** redline's Slack HTTP mode beside bare Bolt apps on the same receiver and server: one acks a constant, one acks redline's own replies. */
export interface SlackBenchResult extends SideBySide {
  endpoint: 'slack';
}

const CORPUS_DIR = fileURLToPath(new URL('../corpus', import.meta.url));

/** Signed slash commands from many users against redline's Slack HTTP mode and, in the same run, a bare Bolt app. */
export async function benchSlackHttp(opts: SlackBenchOptions): Promise<SlackBenchResult> {
  const fake = await FakeSlack.start();
  const servers: HttpServer[] = [];
  try {
    const redline = await startRedlineSlack(fake, servers, opts.index, opts.keptReplies);
    const constant = { response_type: 'ephemeral', text: 'ok' };
    const baseline = await startBareBolt(fake, servers, () => constant);
    const requests = slashCommands();
    // redline's reply to each query, recorded once: the second baseline acks it, so both send the same bytes.
    const recorded = await recordReplies(redline, requests(Math.floor(Date.now() / 1000)).slice(0, LOAD_QUERIES.length));
    const replies = new Map(LOAD_QUERIES.map((q, i) => [q, JSON.parse(recorded.bodies[i]!) as Record<string, unknown>]));
    const sameSize = await startBareBolt(fake, servers, (text) => replies.get(text) ?? constant);
    const replyBytes = { redline: recorded.meanBytes, baseline: JSON.stringify(constant).length };
    return {
      endpoint: 'slack',
      ...(await measureSideBySide({ redline, baseline, sameSize }, requests, { ...opts, corpus: opts.corpus ?? 'article', replyBytes })),
    };
  } finally {
    await Promise.all(servers.map((s) => s.close(1000)));
    await fake.close();
  }
}

/** One slash command per simulated user, signed as sent at the given second. */
export function slashCommands(): SignRequests {
  const bodies = Array.from({ length: LOAD_USERS }, (_, i) =>
    slashCommandBody({ text: LOAD_QUERIES[i % LOAD_QUERIES.length]!, userId: `U${String(i).padStart(6, '0')}` }),
  );
  return (timestampSec) =>
    bodies.map(
      (body): LoadRequest => ({
        method: 'POST',
        path: SLACK_EVENTS_PATH,
        headers: signSlackRequest(TEST_SIGNING_SECRET, body, timestampSec),
        body,
      }),
    );
}

export async function startRedlineSlack(
  fake: FakeSlack,
  servers: HttpServer[],
  index?: CorpusIndex,
  keptReplies?: number,
): Promise<string> {
  const redline = createRedline(index ?? (await indexCorpusDir(CORPUS_DIR)), {
    now: Date.now,
    rateLimit: LOAD_RATE_LIMIT,
    ...(keptReplies === undefined ? {} : { keptReplies }),
  });
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    LOG_LEVEL: 'error',
  });
  // The load tool cycles through signed requests it made once: replays are served, not acknowledged-and-skipped.
  const http = new HttpServer(silentLogger, { seen: { claim: () => true } });
  servers.push(http);
  const address = await http.listen(0, '127.0.0.1');
  await startSlack(config, redline, silentLogger, http, { retryConfig: { retries: 0 } });
  return `http://127.0.0.1:${address.port}`;
}

/** Bolt's HTTPReceiver (signature check and all) on the same kind of server, acking what `reply` gives for the command's text (no answering). */
export async function startBareBolt(
  fake: FakeSlack,
  servers: HttpServer[],
  reply: (text: string) => Record<string, unknown>,
): Promise<string> {
  const logger = boltLogger(silentLogger, 'error');
  const receiver = new HTTPReceiver({ signingSecret: TEST_SIGNING_SECRET, endpoints: SLACK_EVENTS_PATH, logger });
  const app = new App({
    token: TEST_BOT_TOKEN,
    receiver,
    logger,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    deferInitialization: true,
    convoStore: false,
  });
  app.command('/redline', async function ackPrepared({ command, ack }) {
    await ack(reply(command.text));
  });
  await app.init();
  const http = new HttpServer(silentLogger);
  servers.push(http);
  http.route('POST', SLACK_EVENTS_PATH, (req, res) => receiver.requestListener(req, res));
  const address = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${address.port}`;
}
