import { beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER, type FakeDiscord, type RecordedRequest } from '../../support/fakes/discord.js';
import { CHANNEL_ID, GUILD_ID, USER_ID } from '../../support/fakes/discord-interactions.js';
import { expectNothingUnescaped, expectWithinLimits, visibleText } from '../../support/discord-check.js';
import { useGatewayBot } from '../../support/discord.js';
import { MemoryLogger } from '../../support/log.js';

// Mentions and DMs through a real discord.js client and the fake gateway.

const DM_CHANNEL = '300000000000000077';
let ids = 500000000000000000n;
const author = (id = USER_ID, bot = false) => ({
  id,
  username: `user${id.slice(-3)}`,
  discriminator: '0',
  global_name: null,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});

/** A MESSAGE_CREATE payload: in the server's channel, or in a DM (no guild). */
function messageCreate(content: string, options: { dm?: boolean; mentionsBot?: boolean; from?: ReturnType<typeof author> } = {}) {
  return {
    id: String(++ids),
    type: 0,
    channel_id: options.dm ? DM_CHANNEL : CHANNEL_ID,
    // Discord names the channel's type on each message: 1 a DM, 0 a server text channel.
    channel_type: options.dm ? 1 : 0,
    ...(options.dm
      ? {}
      : { guild_id: GUILD_ID, member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } }),
    author: options.from ?? author(),
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: options.mentionsBot ? [FAKE_BOT_USER] : [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
  };
}

describe('discord mentions and DMs', () => {
  const log = new MemoryLogger();
  const bot = useGatewayBot(log);
  let fake: FakeDiscord;
  beforeAll(() => {
    fake = bot.fake();
    fake.dispatch('GUILD_CREATE', {
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
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      channels: [{ id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID, position: 0, permission_overwrites: [] }],
    });
  });

  /** Dispatches a message and returns redline's reply to it (or undefined after a while). */
  async function replyTo(message: ReturnType<typeof messageCreate>, waitMs = 5000): Promise<RecordedRequest | undefined> {
    fake.dispatch('MESSAGE_CREATE', message);
    const isReply = (r: RecordedRequest) =>
      r.method === 'POST' && r.path === `/channels/${message.channel_id}/messages` && r.body?.message_reference?.message_id === message.id;
    return fake.waitForRequest(isReply, waitMs).catch(() => undefined);
  }

  it('answers a message mentioning the bot with a reply that pings nobody, votes only', async () => {
    const reply = (await replyTo(messageCreate(`<@${FAKE_BOT_USER.id}> what about NATO expansion? @everyone`, { mentionsBot: true })))!;
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(visibleText(reply.body.embeds[0].description)).toMatch(/NATO/);
    expect(
      reply.body.components.flatMap((row: { components: Array<{ emoji?: { name: string } }> }) => row.components.map((b) => b.emoji?.name)),
    ).toEqual(['👍', '👎']);
    // Within every limit, and nothing unescaped (the check's own allowed_mentions rule aside: replied_user is false too).
    expectWithinLimits({ ...reply.body, allowed_mentions: { parse: [] } });
    expectNothingUnescaped(reply.body);
  });

  it('answers a direct message in the DM', async () => {
    const reply = (await replyTo(messageCreate('brief', { dm: true })))!;
    expect(reply.path).toBe(`/channels/${DM_CHANNEL}/messages`);
    expect(reply.body.embeds[0].title).toMatch(/^Briefing/);
  });

  it('leaves alone messages that do not mention it, and bots', async () => {
    expect(await replyTo(messageCreate('nato, anyone?'), 300)).toBeUndefined();
    expect(
      await replyTo(messageCreate(`<@${FAKE_BOT_USER.id}> nato`, { mentionsBot: true, from: author('400000000000000009', true) }), 300),
    ).toBeUndefined();
  });
});
