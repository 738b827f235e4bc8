import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.js';
import { startSlack } from '../../../adapters/slack/index.js';
import { ACTION_IDS } from '../../../adapters/slack/limits.js';
import { CredentialError } from '../../../adapters/credentials.js';
import { configErrorOf, loadConfig } from '../../../app/config/config.js';
import { FakeSlack } from '../../support/fakes/slack.js';
import { startSlackHarness, type SlackHarness } from '../../support/fakes/slack-harness.js';
import { MemoryLogger } from '../../support/log.js';
import { blockActionsPayload, slashCommandPayload, TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../../support/fakes/slack-requests.js';
import { loadShippedRedline, answerOf } from '../../support/helpers.js';
import { buttonsOf, messageText, slackViolations, type Message } from '../../support/slack-check.js';

describe('Slack Socket Mode', () => {
  let harness: SlackHarness;
  beforeAll(async () => {
    harness = await startSlackHarness({ mode: 'socket' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  describe('startSlack', () => {
    it('opens the connection with the app token and is connected when it resolves', () => {
      const open = harness.fake.calls.find((c) => c.method === 'apps.connections.open');
      expect(open?.authorization).toBe(`Bearer ${TEST_APP_TOKEN}`);
      expect(harness.fake.socketClients).toBe(1);
    });
  });

  describe('slash_commands envelope', () => {
    it('acknowledges the envelope with the answer itself', async () => {
      const ack = await harness.fake.sendEnvelope('slash_commands', slashCommandPayload({ text: 'nato' }));
      const expected = answerOf(harness.redline, { command: 'ask', text: 'nato', limit: 1 }, { platform: 'console' });
      if (expected.kind !== 'results') throw new Error('expected results');
      const reply = ack.payload as Message & { response_type?: string };
      expect(reply.response_type).toBe('ephemeral');
      expect(messageText(reply)).toContain(expected.hits[0]!.passage.text);
      expect(messageText(reply)).toContain(expected.hits[0]!.document.source);
      expect(slackViolations(reply)).toEqual([]);
    });

    it('escapes hostile input in the acknowledgement', async () => {
      const ack = await harness.fake.sendEnvelope('slash_commands', slashCommandPayload({ text: '<!here> <@U123> *nato*' }));
      expect(JSON.stringify(ack.payload)).not.toMatch(/<[!@]/);
      expect(slackViolations(ack.payload as Message)).toEqual([]);
    });
  });

  describe('interactive envelope', () => {
    it('acknowledges a click, then posts the next page to the response_url', async () => {
      const first = (await harness.fake.sendEnvelope('slash_commands', slashCommandPayload({ text: 'nato' }))).payload as Message;
      const next = buttonsOf(first).get(ACTION_IDS.next)!;
      const id = 'socket-next';
      const ack = await harness.fake.sendEnvelope(
        'interactive',
        blockActionsPayload({ actionId: ACTION_IDS.next, value: next.value, responseUrl: harness.fake.responseUrl(id) }),
      );
      expect(ack.payload ?? {}).toEqual({});
      const [posted] = await harness.fake.waitForResponses(id);
      const expected = answerOf(harness.redline, { command: 'ask', text: 'nato', offset: 1, limit: 1 }, { platform: 'console' });
      if (expected.kind !== 'results') throw new Error('expected results');
      expect(posted!.body.replace_original).toBe(true);
      expect(messageText(posted!.body as Message)).toContain(expected.hits[0]!.passage.text);
    });
  });

  describe('logging', () => {
    it('never logs a token, even at debug level', () => {
      expect(harness.log.lines.length).toBeGreaterThan(0);
      const logged = JSON.stringify(harness.log.lines);
      expect(logged).not.toContain(TEST_APP_TOKEN);
      expect(logged).not.toContain(TEST_BOT_TOKEN);
    });
  });

  describe('stop', () => {
    it('closes the connection', async () => {
      const other = await startSlackHarness({ mode: 'socket' });
      try {
        expect(other.fake.socketClients).toBe(1);
        await other.slack.stop();
        await vi.waitFor(() => expect(other.fake.socketClients).toBe(0));
      } finally {
        await other.close();
      }
    });
  });
});

describe('startSlack in Socket Mode', () => {
  it('stops start-up naming SLACK_APP_TOKEN when Slack refuses the app token', async () => {
    const fake = await FakeSlack.start({ appToken: 'xapp-the-right-one' });
    const http = new HttpServer(new MemoryLogger());
    try {
      const config = loadConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_APP_TOKEN: TEST_APP_TOKEN, SLACK_API_URL: fake.apiUrl });
      const error = await startSlack(config, await loadShippedRedline(), new MemoryLogger(), http, { retryConfig: { retries: 0 } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CredentialError);
      expect((error as CredentialError).credential).toBe('slack.appToken');
      expect(configErrorOf(error as CredentialError).variable).toBe('SLACK_APP_TOKEN');
      expect(fake.socketClients).toBe(0);
    } finally {
      await http.close(0);
      await fake.close();
    }
  });
});
