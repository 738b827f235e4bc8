import { describe, expect, it } from 'vitest';
import { NO_WORDS_NOTICE } from '../../../adapters/slack/conversations.js';
import { ACTION_IDS } from '../../../adapters/slack/limits.js';
import type { WebApiCall } from '../../support/fakes/slack.js';
import {
  directMessageEvent,
  mentionEvent,
  messageShortcutBody,
  postEventToSlackApp,
  postToSlackApp,
  TEST_SIGNING_SECRET,
} from '../../support/fakes/slack-requests.js';
import { buttonsOf, messageText, slackViolations, type Message } from '../../support/slack-check.js';
import { useSlackHarness } from '../../support/slack.js';
import { answerOf } from '../../support/helpers.js';

// Mentions, threads, DMs, "Find in briefings" and the Home tab, through Bolt's real receiver.

/** A Web API call's message, with its blocks parsed (the client sends them form-encoded as JSON). */
function messageOf(call: WebApiCall): Message & Record<string, unknown> {
  const blocks = typeof call.body.blocks === 'string' ? JSON.parse(call.body.blocks) : call.body.blocks;
  return { ...call.body, blocks } as Message & Record<string, unknown>;
}

describe('Slack conversations', () => {
  const harness = useSlackHarness({ mode: 'http', redlineOptions: { rateLimit: { count: 3, seconds: 60 } } });

  /** Sends an event and waits for the Web API call it causes. */
  async function after(
    event: Record<string, unknown>,
    method: string,
    match: (call: WebApiCall) => boolean = () => true,
  ): Promise<WebApiCall> {
    const before = harness.fake.calls.length;
    expect((await postEventToSlackApp(harness.eventsUrl, event, TEST_SIGNING_SECRET)).status).toBe(200);
    return harness.fake.waitFor(() => harness.fake.calls.slice(before).find((c) => c.method === method && match(c)), 5000, method);
  }

  it('answers a mention in a channel in the thread of the message, for everyone, with votes only', async () => {
    const call = await after(
      mentionEvent({ text: '<@U0BOT> what about NATO & expansion?', user: 'U0MENTION1', ts: '1700000500.000100' }),
      'chat.postMessage',
    );
    const message = messageOf(call);
    expect(message).toMatchObject({ channel: 'C0CHANNEL', thread_ts: '1700000500.000100' });
    expect(messageText(message)).toMatch(/NATO/);
    expect([...buttonsOf(message).keys()]).toEqual([ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
    expect(slackViolations(message)).toEqual([]);
  });

  it('answers a follow-up mention inside a thread in that thread', async () => {
    const call = await after(
      mentionEvent({ text: '<@U0BOT> brief', user: 'U0MENTION2', ts: '1700000600.000200', threadTs: '1700000500.000100' }),
      'chat.postMessage',
    );
    expect(messageOf(call).thread_ts).toBe('1700000500.000100');
    expect(messageText(messageOf(call))).toContain('Briefing');
  });

  it('answers a direct message in the DM, and ignores its own messages there', async () => {
    const call = await after(directMessageEvent({ text: 'visa talks', user: 'U0DM' }), 'chat.postMessage');
    expect(messageOf(call).channel).toBe('D0DIRECT');
    expect(messageOf(call).thread_ts).toBeUndefined();
    const before = harness.fake.calls.length;
    expect(
      (
        await postEventToSlackApp(
          harness.eventsUrl,
          directMessageEvent({ text: 'visa', botId: 'B0BOT', user: 'U0BOT' }),
          TEST_SIGNING_SECRET,
        )
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(harness.fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('tells only the asker to slow down, never the channel', async () => {
    for (let i = 0; i < 3; i++) await after(mentionEvent({ text: `<@U0BOT> nato ${i}`, user: 'U0BUSY' }), 'chat.postMessage');
    const call = await after(mentionEvent({ text: '<@U0BOT> nato again', user: 'U0BUSY' }), 'chat.postEphemeral');
    expect(call.body).toMatchObject({ channel: 'C0CHANNEL', user: 'U0BUSY' });
    expect(messageText(messageOf(call))).toMatch(/try again in \d+ s/i);
  });

  it('"Find in briefings" answers privately from the message text, cleaned of mentions and links', async () => {
    const body = messageShortcutBody({
      text: '<@U0OTHER> is <https://x.test|NATO> expansion a red line?',
      responseUrl: harness.fake.responseUrl('find-1'),
      userId: 'U0FIND',
    });
    expect((await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET)).status).toBe(200);
    const [posted] = await harness.fake.waitForResponses('find-1');
    expect(posted!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(messageText(posted!.body as Message)).toContain('/redline is NATO expansion a red line?');
    const expected = harness.redline.respond({ command: 'ask', text: 'is NATO expansion a red line?' }, { platform: 'console' }).answer;
    if (expected.kind !== 'results' || !expected.hits[0]) throw new Error('expected a hit');
    expect(messageText(posted!.body as Message)).toContain(expected.hits[0].passage.text);
    const empty = messageShortcutBody({ text: '<https://x.test>', responseUrl: harness.fake.responseUrl('find-2'), userId: 'U0FIND' });
    await postToSlackApp(harness.eventsUrl, empty, TEST_SIGNING_SECRET);
    const [note] = await harness.fake.waitForResponses('find-2');
    expect(messageText(note!.body as Message)).toBe(NO_WORDS_NOTICE);
  });

  it('publishes the Home tab: how to ask, each document with its sections, the last corpus load', async () => {
    const call = await after(
      { type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home', event_ts: '1700000700.000100' },
      'views.publish',
    );
    expect(call.body.user_id).toBe('U0HOME');
    const view = JSON.parse(call.body.view as string) as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = messageText(view);
    expect(text).toContain('/redline brief [topic]');
    const topics = answerOf(harness.redline, { command: 'topics', text: '' }, { platform: 'console' });
    if (topics.kind !== 'topics') throw new Error('expected topics');
    for (const { document, sections } of topics.documents) {
      expect(text).toContain(document.title);
      for (const s of sections) expect(text).toContain(s.title);
    }
    expect(text).toContain(`Corpus loaded ${harness.redline.loadedAt()}`);
    expect(slackViolations(view)).toEqual([]);
  });
});
