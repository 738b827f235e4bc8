import { HttpServer } from '../../../adapters/http/server.js';
import { startSlack, type SlackPlatform } from '../../../adapters/slack/index.js';
import { loadConfig } from '../../../app/config/config.js';
import { MemoryLogger } from '../log.js';
import type { SeenRequests } from '../../../src/service/recent.js';
import type { FeedbackEntry, Redline, RedlineOptions, RedlineService } from '../../../src/service/service.js';
import { loadShippedRedline } from '../helpers.js';
import { FakeSlack } from './slack.js';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-requests.js';

export interface SlackHarnessOptions {
  mode: 'http' | 'socket';
  /** Options of the real Redline over the shipped corpus (a generous rate limit unless given). */
  redlineOptions?: Partial<RedlineOptions>;
  /** Replaces parts of the Redline, e.g. a `handle` that throws. */
  wrap?: (redline: RedlineService) => Redline;
  /** Where the HTTP server remembers requests seen (a replica sharing Redis). Default: in process. */
  seen?: SeenRequests;
  /** A fake Slack already running (replicas of one app). Default: a new one, closed with the harness. */
  fake?: FakeSlack;
}

/** redline's Slack adapter, started for real against a `FakeSlack`, on a `HttpServer` bound to 127.0.0.1. */
export interface SlackHarness {
  fake: FakeSlack;
  http: HttpServer;
  /** `http://127.0.0.1:<port>/slack/events` */
  eventsUrl: string;
  slack: SlackPlatform;
  redline: RedlineService;
  feedback: FeedbackEntry[];
  log: MemoryLogger;
  close(): Promise<void>;
}

/** Starts the fake Slack, the HTTP server and redline's Slack adapter; `close()` stops all three. */
export async function startSlackHarness(options: SlackHarnessOptions): Promise<SlackHarness> {
  const fake = options.fake ?? (await FakeSlack.start());
  const log = new MemoryLogger();
  const http = new HttpServer(log, options.seen ? { seen: options.seen } : {});
  const feedback: FeedbackEntry[] = [];
  try {
    const address = await http.listen(0, '127.0.0.1');
    const redline = await loadShippedRedline({
      rateLimit: { count: 1000, seconds: 1 },
      recordFeedback: (entry) => feedback.push(entry),
      ...options.redlineOptions,
    });
    const config = loadConfig({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      ...(options.mode === 'http' ? { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET } : { SLACK_APP_TOKEN: TEST_APP_TOKEN }),
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: 'debug',
    });
    const slack = await startSlack(config, options.wrap ? options.wrap(redline) : redline, log, http, {
      retryConfig: { retries: 0 },
      requestTimeoutMs: 2000,
      connectTimeoutMs: 5000,
    });
    return {
      fake,
      http,
      eventsUrl: `http://127.0.0.1:${address.port}/slack/events`,
      slack,
      redline,
      feedback,
      log,
      async close() {
        await slack.stop();
        await http.close(500);
        if (!options.fake) await fake.close();
      },
    };
  } catch (error) {
    await http.close(0);
    if (!options.fake) await fake.close();
    throw error;
  }
}
