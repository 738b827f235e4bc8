import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../adapters/slack/limits.js';
import { startSlackHarness, type SlackHarness } from '../../support/fakes/slack-harness.js';
import {
  blockActionsBody,
  eventCallbackBody,
  mentionEvent,
  postToSlackApp,
  signSlackRequest,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from '../../support/fakes/slack-requests.js';
import { buttonsOf, type Message } from '../../support/slack-check.js';

/** What `/slack/events` refuses before Bolt sees it, and what it does once only. */
describe('Slack HTTP mode: the route guard', () => {
  let harness: SlackHarness;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    harness = await startSlackHarness({ mode: 'http' });
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await harness?.close();
  });

  it('answers 400 to signed payloads Bolt cannot take (payload=null and kin), with no unhandled rejection', async () => {
    for (const body of [
      'payload=null',
      'payload=42',
      'payload=%5B%5D',
      'payload=%7Bnope',
      'payload=a&payload=b',
      'p%61yload=null',
      'text=nato&payload=null',
    ]) {
      const response = await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET);
      expect(response.status, body).toBe(400);
    }
    const json = '"just a string"';
    const response = await fetch(harness.eventsUrl, {
      method: 'POST',
      body: json,
      headers: { ...signSlackRequest(TEST_SIGNING_SECRET, json), 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
    // And the app still answers.
    expect((await postToSlackApp(harness.eventsUrl, slashCommandBody({ text: 'nato' }), TEST_SIGNING_SECRET)).status).toBe(200);
  });

  it('answers 401 to a malformed payload that is not correctly signed (the signature comes first)', async () => {
    const response = await postToSlackApp(harness.eventsUrl, 'payload=null', 'ffffffffffffffffffffffffffffffff');
    expect(response.status).toBe(401);
  });

  it('refuses a correctly signed request dated more than five minutes in the future (401)', async () => {
    const body = slashCommandBody({ text: 'nato' });
    for (const ahead of [6 * 60, 365 * 24 * 3600]) {
      const headers = signSlackRequest(TEST_SIGNING_SECRET, body, Math.floor(Date.now() / 1000) + ahead);
      expect((await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET, headers)).status).toBe(401);
    }
  });

  it('posts a replayed Share click once', async () => {
    const first = await postToSlackApp(harness.eventsUrl, slashCommandBody({ text: 'nato' }), TEST_SIGNING_SECRET);
    const message = (await first.json()) as Message;
    const id = `share-replay-${Date.now()}`;
    const body = blockActionsBody({
      actionId: ACTION_IDS.share,
      value: buttonsOf(message).get(ACTION_IDS.share)!.value,
      responseUrl: harness.fake.responseUrl(id),
      userName: 'alice',
    });
    const headers = signSlackRequest(TEST_SIGNING_SECRET, body);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET, headers)).status);
    expect(answers).toEqual([200, 200, 200]);
    await harness.fake.waitForResponses(id, 2);
    await new Promise((r) => setTimeout(r, 200));
    const posted = harness.fake.responses.filter((r) => r.id === id).map((r) => r.body);
    expect(posted.filter((p) => p.response_type === 'in_channel')).toHaveLength(1);
    expect(posted.filter((p) => p.delete_original)).toHaveLength(1);
  });

  it('acts once on an event Slack retries (signed anew, the same event_id)', async () => {
    const body = eventCallbackBody(mentionEvent({ text: '<@U0BOT> nato retried', user: 'U0RETRY', ts: '1700000900.000100' }));
    const before = harness.fake.calls.length;
    const now = Math.floor(Date.now() / 1000);
    for (const [i, ts] of [now, now - 1, now - 2].entries()) {
      const headers = {
        ...signSlackRequest(TEST_SIGNING_SECRET, body, ts),
        'content-type': 'application/json',
        ...(i ? { 'x-slack-retry-num': String(i), 'x-slack-retry-reason': 'http_timeout' } : {}),
      };
      expect((await fetch(harness.eventsUrl, { method: 'POST', body, headers })).status).toBe(200);
    }
    await harness.fake.waitFor(() => harness.fake.calls.slice(before).find((c) => c.method === 'chat.postMessage'), 5000, 'the answer');
    await new Promise((r) => setTimeout(r, 300));
    expect(harness.fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });
});
