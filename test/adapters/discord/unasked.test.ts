import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord, type RunningDiscord } from '../../../adapters/discord/index.js';
import { MESSAGE_CONTENT_REFUSED } from '../../../adapters/discord/gateway.js';
import { HttpServer } from '../../../adapters/http/server.js';
import { FeedbackLog } from '../../../app/feedback/log.js';
import { SharedState } from '../../../app/replicas/redis.js';
import { KeptQueries } from '../../../app/replicas/long-queries.js';
import { parseChannels } from '../../../src/channels/channels.js';
import { messages } from '../../../src/present/messages.js';
import { silentLogger } from '../../../src/log.js';
import { withChannels } from '../../../src/service/corpus-index.js';
import type { FeedbackEntry, RedlineService } from '../../../src/service/service.js';
import { expectNothingUnescaped, expectWithinLimits, visibleText } from '../../support/discord-check.js';
import { discordConfig } from '../../support/discord.js';
import { until } from '../../support/helpers.js';
import { MemoryLogger } from '../../support/log.js';
import { buttonInteraction, CHANNEL_ID, GUILD_ID, USER_ID } from '../../support/fakes/discord-interactions.js';
import { FAKE_BOT_USER, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../support/fakes/discord.js';
import { loadShippedRedline } from '../../support/helpers.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

// A channel set to `answer: questions`, through a real discord.js client on the fake gateway: with
// the Message Content intent, questions posted there get a reply when redline is sure; without it,
// one log line says the feature is off and mentions still work.

const QUIET_CHANNEL = '300000000000000002';
const THREAD_ID = '300000000000000003';
const CHANNELS = `
channels:
  "${CHANNEL_ID}":
    answer: questions
    confidence: 0.3
  "${QUIET_CHANNEL}": [red-line-russia-us]
`;

let ids = 700000000000000000n;
let people = 0;
const person = (bot = false) => ({
  id: String(410000000000000000n + BigInt(++people)),
  username: `person${people}`,
  discriminator: '0',
  global_name: null,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});

/** A MESSAGE_CREATE payload in the server's channel, as Discord sends it. */
function posted(content: string, fields: Record<string, unknown> = {}): APIMessage & { guild_id: string } {
  return {
    id: String(++ids),
    type: 0,
    channel_id: CHANNEL_ID,
    guild_id: GUILD_ID,
    author: person(),
    content,
    member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    ...fields,
  } as unknown as APIMessage & { guild_id: string };
}

/** The server, its channels and a thread, as each session's GUILD_CREATE gives them; resolves once the clients have had time to cache them. */
async function guildCreate(fake: FakeDiscord): Promise<void> {
  fake.dispatchToSessions('GUILD_CREATE', {
    id: GUILD_ID,
    name: 'Fake guild',
    owner_id: USER_ID,
    unavailable: false,
    member_count: 2,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    channels: [
      { id: CHANNEL_ID, type: 0, name: 'questions', guild_id: GUILD_ID, position: 0, permission_overwrites: [] },
      { id: QUIET_CHANNEL, type: 0, name: 'quiet', guild_id: GUILD_ID, position: 1, permission_overwrites: [] },
    ],
    threads: [
      {
        id: THREAD_ID,
        type: 11,
        name: 'a thread',
        guild_id: GUILD_ID,
        parent_id: CHANNEL_ID,
        owner_id: USER_ID,
        thread_metadata: { archived: false, auto_archive_duration: 60, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 1,
        member_count: 1,
      },
    ],
  });
  await new Promise((r) => setTimeout(r, 200));
}

interface Bot {
  fake: FakeDiscord;
  redline: RedlineService;
  feedback: FeedbackEntry[];
  log: MemoryLogger;
  running: RunningDiscord;
}

async function startBot(fake: FakeDiscord, options: { shared?: SharedState } = {}): Promise<Bot> {
  const feedback: FeedbackEntry[] = [];
  const redline = await loadShippedRedline({
    rateLimit: { count: 1000, seconds: 1 },
    recordFeedback: (e) => feedback.push(e),
    ...(options.shared ? { limiters: options.shared.limiters } : {}),
  });
  redline.replace(withChannels(redline.current(), parseChannels(CHANNELS)));
  const log = new MemoryLogger();
  const config = discordConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId });
  const running = await startDiscord(
    config,
    redline,
    log,
    new HttpServer(silentLogger, options.shared ? { seen: options.shared.seen } : {}),
    new KeptQueries(options.shared),
  );
  return { fake, redline, feedback, log, running };
}

/** Posts a message and returns redline's replies to it: after the first (when one is expected) or a while, and time for a second. */
async function repliesTo(fake: FakeDiscord, message: APIMessage & { guild_id: string }, expectOne = false): Promise<RecordedRequest[]> {
  const from = fake.requests.length;
  const isReply = (r: RecordedRequest) =>
    r.method === 'POST' && r.path === `/channels/${message.channel_id}/messages` && r.body?.message_reference?.message_id === message.id;
  fake.dispatchMessage(message);
  if (expectOne) await fake.waitForRequest((r) => fake.requests.indexOf(r) >= from && isReply(r), 5000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 400));
  return fake.requests.slice(from).filter(isReply);
}

describe('Discord: answering questions in a channel without a mention (Message Content intent granted)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot(await startFakeDiscord({ messageContentIntent: true }));
    await guildCreate(bot.fake);
  });
  afterAll(async () => {
    await bot.running.stop();
    await bot.fake.close();
  });

  it('asks for the Message Content intent because a channel is set to answer questions', () => {
    const identify = bot.fake.connections.flatMap((c) => c.received).find((f) => f.op === 2)!;
    expect(identify.d.intents & (1 << 15)).toBe(1 << 15);
  });

  it('answers a question once, as a reply that pings nobody, with the passage, its source and 👍 / 👎; a replayed dispatch adds nothing', async () => {
    const question = posted('Why are the visa negotiations deadlocked?');
    const replies = await repliesTo(bot.fake, question, true);
    expect(replies).toHaveLength(1);
    const reply = replies[0]!.body;
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(visibleText(reply.embeds[0].description)).toMatch(/visa/i);
    expect(JSON.stringify(reply.embeds[0])).toContain('Red line');
    expect(
      reply.components.flatMap((row: { components: Array<{ emoji?: { name: string } }> }) => row.components.map((b) => b.emoji?.name)),
    ).toEqual(['👍', '👎']);
    expectWithinLimits({ ...reply, allowed_mentions: { parse: [] } });
    expectNothingUnescaped(reply);
    expect(await repliesTo(bot.fake, question)).toEqual([]);
  });

  it('says nothing to an off-topic question, small talk, or a statement', async () => {
    for (const text of ['Who won the world cup last year?', 'thanks everyone!', 'hi all', 'lol', 'The visa talks are stuck again.'])
      expect(await repliesTo(bot.fake, posted(text)), text).toEqual([]);
  });

  it('leaves alone channels not set to answer, threads, bots, webhooks, system messages and edits', async () => {
    const q = 'Why are the visa negotiations deadlocked?';
    expect(await repliesTo(bot.fake, posted(q, { channel_id: QUIET_CHANNEL }))).toEqual([]);
    expect(await repliesTo(bot.fake, posted(q, { channel_id: THREAD_ID }))).toEqual([]);
    expect(await repliesTo(bot.fake, posted(q, { author: person(true) }))).toEqual([]);
    expect(await repliesTo(bot.fake, posted(q, { webhook_id: '500000000000000001' }))).toEqual([]);
    expect(await repliesTo(bot.fake, posted('', { type: 7 }))).toEqual([]);
    const from = bot.fake.requests.length;
    bot.fake.dispatch('MESSAGE_UPDATE', { ...posted(q), edited_timestamp: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 400));
    expect(bot.fake.requests.slice(from).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('a 👎 on the answer collapses it for everyone and notes the query for `redline gaps`', async () => {
    const [reply] = await repliesTo(bot.fake, posted('What is the dual deterrence strategy?'), true);
    const down = reply!.body.components[0].components.find((b: { emoji?: { name: string } }) => b.emoji?.name === '👎');
    const click = buttonInteraction(down.custom_id, { ephemeral: false, message: { components: reply!.body.components } });
    bot.fake.dispatchInteraction(click);
    const callback = await bot.fake.waitForCallback(click.id);
    expect(callback.body.type).toBe(7);
    expect(callback.body.data).toMatchObject({ embeds: [], components: [] });
    expect(callback.body.data.content).toContain(messages.answerHidden);
    expect(bot.feedback.at(-1)).toMatchObject({ type: 'vote', vote: 'down', query: 'What is the dual deterrence strategy?' });
  });

  it('a reply "not helpful" to the answer collapses it too, and is noted for gaps', async () => {
    const question = posted('Why are the visa negotiations deadlocked?');
    await repliesTo(bot.fake, question, true);
    const answer = [...bot.fake.channelMessages.values()].find((m) => m.message_reference?.message_id === question.id)!;
    const from = bot.fake.requests.length;
    bot.fake.dispatchMessage(
      posted('not helpful', {
        type: 19,
        message_reference: { type: 0, message_id: answer.id, channel_id: CHANNEL_ID, guild_id: GUILD_ID },
      }),
    );
    const edit = await bot.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${CHANNEL_ID}/messages/${answer.id}`);
    expect(edit.body).toMatchObject({ embeds: [], components: [] });
    expect(bot.fake.channelMessages.get(answer.id)!.content).toContain(messages.answerHidden);
    expect(bot.fake.requests.slice(from).filter((r) => r.method === 'POST')).toEqual([]);
    expect(bot.feedback.at(-1)).toMatchObject({ type: 'vote', vote: 'down', query: 'Why are the visa negotiations deadlocked?' });
  });
});

describe('Discord: without the Message Content intent', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot(await startFakeDiscord({ messageContentIntent: false }));
    await guildCreate(bot.fake);
  });
  afterAll(async () => {
    await bot.running.stop();
    await bot.fake.close();
  });

  it('logs one line saying channel questions are off and why, connects without the intent, and still answers mentions', async () => {
    expect(bot.log.lines.filter((l) => l.msg === MESSAGE_CONTENT_REFUSED)).toHaveLength(1);
    expect(bot.log.lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.msg)).toEqual([MESSAGE_CONTENT_REFUSED]);
    expect(bot.log.lines.find((l) => l.msg === 'discord: gateway ready')?.fields).toMatchObject({ messageContent: false });
    expect(await repliesTo(bot.fake, posted('Why are the visa negotiations deadlocked?'))).toEqual([]);
    const mention = posted(`<@${FAKE_BOT_USER.id}> Why are the visa negotiations deadlocked?`, { mentions: [FAKE_BOT_USER] });
    const [reply] = await repliesTo(bot.fake, mention, true);
    expect(visibleText(reply!.body.embeds[0].description)).toMatch(/visa/i);
  });
});

describe('Discord: two replicas sharing a real Redis answer a channel question once', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  const states: SharedState[] = [];
  const bots: Bot[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    fake = await startFakeDiscord({ messageContentIntent: true });
    for (let i = 0; i < 2; i++) {
      const state = await SharedState.connect({
        url: redis.url,
        log: silentLogger,
        limits: { ask: { count: 100, seconds: 60 }, autocomplete: { count: 100, seconds: 60 } },
        localFeedback: new FeedbackLog({ file: '/dev/null', maxBytes: 1e6, log: silentLogger }),
        streamMax: 100,
      });
      states.push(state);
      bots.push(await startBot(fake, { shared: state }));
    }
    await until(() => (fake.liveConnections().length >= 2 ? true : undefined));
    await guildCreate(fake);
  }, 30_000);
  afterAll(async () => {
    for (const bot of bots) await bot.running.stop();
    for (const state of states) await state.close();
    await fake?.close();
    await redis?.kill();
  });

  it('both sessions get the message; one reply is posted', async () => {
    const replies = await repliesTo(fake, posted('Why are the visa negotiations deadlocked?'), true);
    expect(replies).toHaveLength(1);
  });
});
