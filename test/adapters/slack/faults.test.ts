import { describe, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.js';
import { FAILURE_NOTICE } from '../../../adapters/slack/listeners.js';
import { ACTION_IDS, BUTTON_VALUE_MAX } from '../../../adapters/slack/limits.js';
import { encodeButtonState } from '../../../src/chat/button-state.js';
import { startSlack } from '../../../adapters/slack/index.js';
import { CredentialError } from '../../../adapters/credentials.js';
import { configErrorOf, loadConfig } from '../../../app/config/config.js';
import { FakeSlack } from '../../support/fakes/slack.js';
import { startSlackHarness } from '../../support/fakes/slack-harness.js';
import { MemoryLogger } from '../../support/log.js';
import {
  blockActionsBody,
  postToSlackApp,
  slashCommandBody,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../../support/fakes/slack-requests.js';
import { loadShippedRedline } from '../../support/helpers.js';
import { messageText } from '../../support/slack-check.js';
import { command, type Reply } from '../../support/slack.js';

describe('Slack HTTP mode faults', () => {
  it('logs a listener error and answers with one private line', async () => {
    const harness = await startSlackHarness({
      mode: 'http',
      wrap: (redline) => ({
        ...redline,
        handle() {
          throw new Error('index exploded');
        },
        respond() {
          throw new Error('index exploded');
        },
      }),
    });
    try {
      const reply = await command(harness, 'nato');
      expect(reply.response_type).toBe('ephemeral');
      expect(messageText(reply)).toBe(FAILURE_NOTICE);
      const logged = harness.log.find('error', 'slash command failed');
      expect(logged).toHaveLength(1);
      expect(String((logged[0]!.fields.err as Error).message)).toBe('index exploded');

      const id = 'broken-page';
      const value = encodeButtonState({ action: 'next', request: { command: 'ask', text: 'nato', offset: 1 } }, BUTTON_VALUE_MAX)!;
      await postToSlackApp(
        harness.eventsUrl,
        blockActionsBody({ actionId: ACTION_IDS.next, value, responseUrl: harness.fake.responseUrl(id) }),
        TEST_SIGNING_SECRET,
      );
      const [notice] = await harness.fake.waitForResponses(id);
      expect(messageText(notice!.body as Reply)).toBe(FAILURE_NOTICE);
    } finally {
      await harness.close();
    }
  });

  it('answers a user over the rate limit with when to try again, and other users normally', async () => {
    const harness = await startSlackHarness({ mode: 'http', redlineOptions: { rateLimit: { count: 2, seconds: 60 } } });
    try {
      await command(harness, 'nato', { userId: 'U1' });
      await command(harness, 'nato', { userId: 'U1' });
      expect(messageText(await command(harness, 'nato', { userId: 'U1' }))).toMatch(/try again in \d+ s/i);
      expect(messageText(await command(harness, 'nato', { userId: 'U2' }))).toContain('NATO');
    } finally {
      await harness.close();
    }
  });

  it('answers 503 once stopped', async () => {
    const harness = await startSlackHarness({ mode: 'http' });
    try {
      await harness.slack.stop();
      const response = await postToSlackApp(harness.eventsUrl, slashCommandBody({ text: 'nato' }), TEST_SIGNING_SECRET);
      expect(response.status).toBe(503);
    } finally {
      await harness.close();
    }
  });
});

describe('startSlack', () => {
  async function tryStart(env: Record<string, string>, fake?: FakeSlack): Promise<unknown> {
    const http = new HttpServer(new MemoryLogger());
    try {
      const config = loadConfig({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, ...env });
      const slack = await startSlack(config, await loadShippedRedline(), new MemoryLogger(), http, {
        retryConfig: { retries: 0 },
        requestTimeoutMs: 1000,
      });
      await slack.stop();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await http.close(0);
      await fake?.close();
    }
  }

  it('stops start-up naming SLACK_BOT_TOKEN when Slack refuses the token', async () => {
    const fake = await FakeSlack.start({ botToken: 'xoxb-the-right-one' });
    const error = await tryStart({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: fake.apiUrl }, fake);
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).credential).toBe('slack.botToken');
    expect(configErrorOf(error as CredentialError).variable).toBe('SLACK_BOT_TOKEN');
    expect((error as Error).message).not.toContain(TEST_BOT_TOKEN);
  });

  it('fails quickly, with the cause, when the Web API cannot be reached', async () => {
    const fake = await FakeSlack.start();
    const unreachable = fake.apiUrl;
    await fake.close();
    const started = Date.now();
    const error = await tryStart({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: unreachable });
    expect((error as Error).message).toMatch(/^Slack: could not start \(auth\.test\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
