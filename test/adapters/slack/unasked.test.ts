import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../adapters/slack/limits.js';
import { SharedState } from '../../../app/replicas/redis.js';
import { FeedbackLog } from '../../../app/feedback/log.js';
import { parseChannels } from '../../../src/channels/channels.js';
import { confidenceOf, UNASKED_CONFIDENCE, unaskedRequest } from '../../../src/chat/unasked.js';
import { messages } from '../../../src/present/messages.js';
import { withChannels } from '../../../src/service/corpus-index.js';
import type { RedlineService } from '../../../src/service/service.js';
import { startSlackHarness, type SlackHarness } from '../../support/fakes/slack-harness.js';
import { MemoryLogger } from '../../support/log.js';
import { FakeSlack, type WebApiCall } from '../../support/fakes/slack.js';
import { escapeLikeSlack, TEST_SIGNING_SECRET } from '../../support/fakes/slack-requests.js';
import { buttonsOf, messageText, slackViolations, type Message } from '../../support/slack-check.js';
import { click, useSlackHarness } from '../../support/slack.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

// A channel set to `answer: questions`: Slack delivers every message posted there (message.channels),
// and redline answers the questions it is sure of in their threads, once, and nothing else.

const CHANNELS = `
channels:
  C0ASK:
    answer: questions
    confidence: 0.3
  C0STRICT:
    answer: questions
  C0ALL:
    answer: all
    confidence: 0.3
  C0QUIET: [red-line-russia-us]
`;

function configure(redline: RedlineService): void {
  redline.replace(withChannels(redline.current(), parseChannels(CHANNELS)));
}

let users = 0;
/** A person's top-level message in a channel, as Slack's `message` event carries it. */
function said(text: string, fields: Record<string, unknown> = {}, fake?: FakeSlack): Record<string, unknown> {
  return {
    type: 'message',
    channel: 'C0ASK',
    channel_type: 'channel',
    user: `U0P${++users}`,
    text: escapeLikeSlack(text),
    ts: fake ? fake.nextTs() : `1700002${users}.000100`,
    ...fields,
  };
}

function messageOf(call: WebApiCall): Message & Record<string, unknown> {
  const blocks = typeof call.body.blocks === 'string' ? JSON.parse(call.body.blocks) : call.body.blocks;
  return { ...call.body, blocks } as Message & Record<string, unknown>;
}

/** The chat.* calls the app made since `from`, once it has had time to make any. */
async function chatCallsAfter(fake: FakeSlack, from: number, settleMs = 400): Promise<WebApiCall[]> {
  await new Promise((r) => setTimeout(r, settleMs));
  return fake.calls.slice(from).filter((c) => c.method.startsWith('chat.'));
}

describe('Slack: answering questions in a channel without a mention', () => {
  const harness = useSlackHarness({ mode: 'http' });
  beforeAll(() => configure(harness.redline));

  async function post(event: Record<string, unknown>, retries = 0): Promise<WebApiCall[]> {
    const from = harness.fake.calls.length;
    const statuses = await harness.fake.deliverMessage(harness.eventsUrl, TEST_SIGNING_SECRET, event, { retries });
    expect(statuses.every((s) => s === 200)).toBe(true);
    return chatCallsAfter(harness.fake, from);
  }

  it('answers a question once, in its thread, for everyone, with the passage, its citation and 👍 / 👎; a retried delivery adds nothing', async () => {
    const event = said('Why are the visa negotiations deadlocked?');
    const calls = await post(event, 2);
    expect(calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    const answer = messageOf(calls[0]!);
    expect(answer).toMatchObject({ channel: 'C0ASK', thread_ts: event.ts });
    expect(messageText(answer)).toMatch(/visa/i);
    expect(messageText(answer)).toContain("'Red line' challenges in Russia-US relations");
    expect([...buttonsOf(answer).keys()]).toEqual([ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
    expect(messageText(answer)).not.toMatch(/Result 1 of/);
    expect(slackViolations(answer)).toEqual([]);
  });

  it('says nothing to an off-topic question, to small talk, or to a statement', async () => {
    for (const text of [
      'Who won the world cup last year?',
      'thanks everyone!',
      'hi all',
      'lol',
      'how are you all doing?',
      'The visa talks are stuck again.',
    ])
      expect(await post(said(text)), text).toEqual([]);
  });

  it('holds an unasked answer to the channel default confidence unless the channel lowers it', async () => {
    // A question the shipped corpus answers with a confidence between the lowered bar (0.3) and the default.
    const confidence = (q: string) =>
      confidenceOf(harness.redline.respond(unaskedRequest(q, 'questions')!, { platform: 'slack' }, { paged: false }).answer);
    const candidates = [
      'What is the dual deterrence strategy?',
      'What does Russia think about NATO expansion?',
      'Why are the visa negotiations deadlocked?',
      'What is the red line for Moscow?',
    ];
    const text = candidates.find((q) => confidence(q) >= 0.3 && confidence(q) < UNASKED_CONFIDENCE);
    expect(text, candidates.map((q) => `${q} ${confidence(q).toFixed(2)}`).join('; ')).toBeDefined();
    expect(await post(said(text!, { channel: 'C0STRICT' }))).toEqual([]);
    expect((await post(said(text!))).map((c) => c.method)).toEqual(['chat.postMessage']);
  });

  it('answers any message in an `answer: all` channel, and nothing in a channel left to mentions or not listed', async () => {
    expect((await post(said('visa negotiations deadlock', { channel: 'C0ALL' }))).map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(await post(said('Why are the visa negotiations deadlocked?', { channel: 'C0QUIET' }))).toEqual([]);
    expect(await post(said('Why are the visa negotiations deadlocked?', { channel: 'C0NOTLISTED' }))).toEqual([]);
  });

  it('leaves alone thread replies, edits, bots (itself included), messages with files only, and mentions (answered as mentions)', async () => {
    const q = 'Why are the visa negotiations deadlocked?';
    const ignored = [
      said(q, { thread_ts: '1700000001.000100' }),
      {
        type: 'message',
        subtype: 'message_changed',
        channel: 'C0ASK',
        channel_type: 'channel',
        ts: '1700003000.000200',
        hidden: true,
        message: { type: 'message', user: 'U0EDIT', text: q, ts: '1700003000.000100', edited: { user: 'U0EDIT', ts: '1700003000.000200' } },
        previous_message: { type: 'message', user: 'U0EDIT', text: 'visa?', ts: '1700003000.000100' },
      },
      {
        type: 'message',
        subtype: 'bot_message',
        channel: 'C0ASK',
        channel_type: 'channel',
        bot_id: 'B0OTHER',
        username: 'otherbot',
        text: q,
        ts: '1700003001.000100',
      },
      said(q, { user: 'U0BOT', bot_id: 'B0BOT' }),
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'C0ASK',
        channel_type: 'channel',
        user: 'U0FILE',
        text: '',
        files: [{ id: 'F0FILE', name: 'visa.pdf' }],
        ts: '1700003002.000100',
      },
      { ...said(q), text: `<@U0BOT> ${q}` },
      {
        type: 'message',
        subtype: 'channel_join',
        channel: 'C0ASK',
        channel_type: 'channel',
        user: 'U0JOIN',
        text: '<@U0JOIN> has joined the channel',
        ts: '1700003003.000100',
      },
    ];
    for (const event of ignored) expect(await post(event), JSON.stringify(event).slice(0, 80)).toEqual([]);
  });

  it('a 👎 on the answer collapses it for everyone and notes the query for `redline gaps`', async () => {
    const event = said('What is the dual deterrence strategy?');
    const [call] = await post(event);
    const answer = messageOf(call!);
    const [hidden] = await click(harness, answer, ACTION_IDS.voteDown);
    expect(hidden).toMatchObject({ replace_original: true, blocks: [] });
    expect(hidden!.text).toContain(messages.answerHidden);
    expect(harness.feedback.at(-1)).toMatchObject({ type: 'vote', vote: 'down', query: 'What is the dual deterrence strategy?' });
  });

  it('a reply "not helpful" in its thread hides it too (chat.update), and is noted for gaps', async () => {
    const event = said('Why are the visa negotiations deadlocked?', {}, harness.fake);
    const [call] = await post(event);
    const answerTs = harness.fake.history.find((m) => m.thread_ts === event.ts && m.bot_id === 'B0BOT')!.ts;
    expect(call!.method).toBe('chat.postMessage');
    const calls = await post(said('not helpful, thanks', { thread_ts: event.ts }, harness.fake));
    expect(calls.map((c) => c.method)).toEqual(['chat.update']);
    expect(calls[0]!.body).toMatchObject({ channel: 'C0ASK', ts: answerTs });
    expect(harness.fake.history.find((m) => m.ts === answerTs)).toMatchObject({
      text: expect.stringContaining(messages.answerHidden),
      blocks: [],
    });
    expect(harness.feedback.at(-1)).toMatchObject({ type: 'vote', vote: 'down', query: 'Why are the visa negotiations deadlocked?' });
  });

  it('a "not helpful" reply in a thread redline did not answer in changes nothing', async () => {
    const event = said('Who won the world cup last year?', {}, harness.fake);
    expect(await post(event)).toEqual([]);
    expect(await post(said('not helpful', { thread_ts: event.ts }, harness.fake))).toEqual([]);
  });

  it('answers one person at most twice a minute, however many questions they post', async () => {
    const user = 'U0BUSY';
    const methods: string[] = [];
    for (const text of [
      'Why are the visa negotiations deadlocked?',
      'What is the dual deterrence strategy?',
      'What does Russia think about NATO expansion?',
    ])
      methods.push(...(await post(said(text, { user }))).map((c) => c.method));
    expect(methods).toEqual(['chat.postMessage', 'chat.postMessage']);
  });
});

describe('Slack: two replicas sharing a real Redis answer a question once', () => {
  let redis: RedisServer;
  let fake: FakeSlack;
  const states: SharedState[] = [];
  const replicas: SlackHarness[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    fake = await FakeSlack.start();
    for (let i = 0; i < 2; i++) {
      const log = new MemoryLogger();
      const state = await SharedState.connect({
        url: redis.url,
        log,
        limits: { ask: { count: 100, seconds: 60 }, autocomplete: { count: 100, seconds: 60 } },
        localFeedback: new FeedbackLog({ file: '/dev/null', maxBytes: 1e6, log }),
        streamMax: 100,
      });
      states.push(state);
      const replica = await startSlackHarness({ mode: 'http', fake, seen: state.seen, redlineOptions: { limiters: state.limiters } });
      configure(replica.redline);
      replicas.push(replica);
    }
  }, 30_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const state of states) await state.close();
    await fake?.close();
    await redis?.kill();
  });

  it('the same delivery reaching both replicas (and a retry) gets one threaded answer', async () => {
    const from = fake.calls.length;
    const event = said('Why are the visa negotiations deadlocked?', {}, fake);
    await Promise.all([
      fake.deliverMessage(replicas[0]!.eventsUrl, TEST_SIGNING_SECRET, event, { eventId: 'Ev0SAME', retries: 1 }),
      fake.deliverMessage(replicas[1]!.eventsUrl, TEST_SIGNING_SECRET, event, { eventId: 'Ev0SAME' }),
      fake.deliverMessage(replicas[1]!.eventsUrl, TEST_SIGNING_SECRET, event, { eventId: 'Ev0OTHER' }),
    ]);
    const calls = await chatCallsAfter(fake, from, 600);
    expect(calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(calls[0]!.body).toMatchObject({ channel: 'C0ASK', thread_ts: event.ts });
  });
});
