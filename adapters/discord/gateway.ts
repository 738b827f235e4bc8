import {
  Client,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  RESTEvents,
  type Message,
  type APIInteraction,
  type ClientOptions,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js';
import { LRUCache } from 'lru-cache';
import { CredentialError } from '../credentials.js';
import type { DiscordOptions } from './options.js';
import type { Logger } from '../../src/log.js';
import { ERROR_REPLY, prepareInteraction, respondToInteraction, type InteractionDeps, type InteractionReply } from './interactions.js';
import { EPHEMERAL, ResponseKind } from './limits.js';
import { replyToMessage } from './messages.js';
import { message, type DiscordMessage } from './render.js';
import { answerChannelMessage, type UnaskedDeps } from './unasked.js';
import { RecentKeys } from '../../src/service/recent.js';

export interface GatewayBot {
  client: Client;
  stop(): Promise<void>;
}

/** What the gateway needs beyond the interaction handlers: one answer per channel message, across replicas. */
export interface GatewayOptions {
  /** True the first time a key is claimed (on any replica sharing the store). Default: in this process. */
  firstTime?: (key: string) => Promise<boolean>;
}

/** The one line logged when Discord refuses the Message Content intent: the feature is off, and how to turn it on. */
export const MESSAGE_CONTENT_REFUSED =
  'discord: answering questions in channels without a mention is off: Discord refused the Message Content intent (close code 4014, disallowed intents); turn on "Message Content Intent" under Bot → Privileged Gateway Intents in the Developer Portal and restart. Mentions, DMs and slash commands keep working';

/**
 * Starts the gateway bot: a discord.js `Client` (Guilds, GuildMessages and DirectMessages intents;
 * the privileged MessageContent too when a channel is set to answer without a mention; nothing it
 * sends can ping), answering interactions, mentions, DMs and channel questions, sharded when
 * `config.discord.shards` says so. Discord refusing MessageContent turns only the channel questions
 * off (one log line) and connects again without it. Resolves once the client is ready.
 */
export async function startGateway(config: DiscordOptions, deps: InteractionDeps, options: GatewayOptions = {}): Promise<GatewayBot> {
  if (deps.redline.answersUnasked?.()) {
    try {
      return await connectGateway(config, deps, options, true);
    } catch (error) {
      if (!(error instanceof DisallowedIntents)) throw error;
      deps.log.warn({ code: DISALLOWED_INTENTS }, MESSAGE_CONTENT_REFUSED);
    }
  }
  return connectGateway(config, deps, options, false);
}

/** Discord's close code for a privileged intent the application has not been granted. */
const DISALLOWED_INTENTS = 4014;

class DisallowedIntents extends Error {}

async function connectGateway(
  config: DiscordOptions,
  deps: InteractionDeps,
  options: GatewayOptions,
  messageContent: boolean,
): Promise<GatewayBot> {
  const { token, apiUrl, shards } = config.discord;
  if (!token) throw new Error('discord: the gateway needs DISCORD_TOKEN');
  const log = deps.log;
  const client = new Client({
    // Messages that mention the bot, and DMs, carry their content without the privileged MessageContent intent.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // A DM channel is not cached before its first message.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: { api: apiUrl },
    ...shardOptions(shards),
  });
  // A refused Message Content intent is said once, by startGateway, not as a connection error too.
  logClientEvents(client, log, messageContent);

  // The handlers work on the JSON Discord sent (the HTTP endpoint gets the same); discord.js
  // dispatches it raw on client.ws just before it emits the Interaction built from it.
  const raw = new RawInteractions();
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: APIInteraction) => raw.keep(data));
  client.on(Events.InteractionCreate, (interaction) => void answerOnGateway(interaction, raw.take(interaction.id), deps));
  const seen = new RecentKeys(Date.now);
  const unasked = { ...deps, firstTime: options.firstTime ?? (async (key: string) => seen.claim(key, CLAIM_MS)) };
  client.on(
    Events.MessageCreate,
    (message) => void (messageContent ? answerMessageOrQuestion(message, unasked) : answerMessage(message, deps)),
  );

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const refused = new Promise<never>((_, reject) =>
    client.on(Events.ShardDisconnect, (event) => {
      if (event.code === DISALLOWED_INTENTS) reject(new DisallowedIntents('Discord refused the Message Content intent'));
    }),
  );
  refused.catch(() => {});
  try {
    await Promise.race([client.login(token).then(() => ready), refused]);
  } catch (error) {
    await client.destroy().catch(() => {});
    // discord.js reports a 401 on GET /gateway/bot as TokenInvalid: name the variable to fix.
    if ((error as { code?: string }).code === 'TokenInvalid')
      throw new CredentialError('discord.token', 'was rejected by Discord (401 Unauthorized)');
    throw error;
  }
  log.info({ user: client.user?.tag, shards: client.ws.shards.size, messageContent }, 'discord: gateway ready');
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}

/** How long a channel message is remembered as answered without Redis: past any replay of a resumed session. */
const CLAIM_MS = 10 * 60_000;

/** With message content: a mention or DM is answered as such, anything else may be a channel question. */
async function answerMessageOrQuestion(message: Message, deps: UnaskedDeps): Promise<void> {
  const botId = message.client.user?.id;
  if (!message.guildId || (botId !== undefined && message.mentions.users.has(botId))) return answerMessage(message, deps);
  return answerChannelMessage(message, deps);
}

/**
 * `DISCORD_SHARDS`: a number runs that many shards, `auto` the count Discord recommends; all in this
 * process (discord.js's internal sharding: one WebSocket per shard). Unset: one shard.
 */
export function shardOptions(shards: number | 'auto' | undefined): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (shards === 'auto') return { shards: 'auto' };
  if (typeof shards === 'number') return { shardCount: shards };
  return {};
}

async function answerOnGateway(interaction: Interaction, raw: APIInteraction | undefined, deps: InteractionDeps): Promise<void> {
  const { log } = deps;
  if (!raw) {
    log.warn({ interactionId: interaction.id }, 'discord: interaction without its gateway payload; ignored');
    return;
  }
  let reply: InteractionReply | undefined;
  try {
    await prepareInteraction(raw, deps);
    reply = respondToInteraction(raw, deps);
    await sendReply(interaction, reply, log);
  } catch (error) {
    log.error({ err: error, interactionId: interaction.id, replyType: reply?.type }, 'discord: sending the answer failed');
    await sendFailureNotice(interaction, log);
  }
}

/** A mention of the bot, or a DM: the answer as a reply to the message, pinging nobody (not even its author). */
async function answerMessage(message: Message, deps: InteractionDeps): Promise<void> {
  const botId = message.client.user?.id;
  try {
    const reply = replyToMessage(
      {
        content: message.content,
        authorId: message.author.id,
        fromBot: message.author.bot,
        channel: { id: message.channelId, ...('name' in message.channel && message.channel.name ? { name: message.channel.name } : {}) },
        direct: !message.guildId,
        mentionsBot: botId !== undefined && message.mentions.users.has(botId),
      },
      deps,
    );
    if (reply) await message.reply({ ...messageOptions(reply), allowedMentions: { parse: [], repliedUser: false } });
  } catch (error) {
    deps.log.warn({ err: error, channelId: message.channelId }, 'discord: answering a message failed');
  }
}

/** Sends a callback body through discord.js's interaction methods. */
async function sendReply(interaction: Interaction, reply: InteractionReply, log: Logger): Promise<void> {
  switch (reply.type) {
    case ResponseKind.AutocompleteResult:
      if (interaction.isAutocomplete()) await interaction.respond(reply.data.choices);
      return;
    case ResponseKind.UpdateMessage:
      if (interaction.isMessageComponent()) await interaction.update(messageOptions(reply.data));
      return;
    case ResponseKind.Message: {
      if (!interaction.isRepliable()) return;
      const ephemeral = ((reply.data.flags ?? 0) & EPHEMERAL) !== 0;
      if (ephemeral) {
        await interaction.reply({ ...messageOptions(reply.data), flags: MessageFlags.Ephemeral });
        return;
      }
      // A public post: keep its id in the log, so an operator can find (and remove) what was shared.
      const response = await interaction.reply({ ...messageOptions(reply.data), withResponse: true });
      log.info({ messageId: response.resource?.message?.id, channelId: interaction.channelId }, 'discord: answer shared');
      return;
    }
    case ResponseKind.Pong:
      return;
  }
}

/** After a failure: the one-line private message, as a reply if nothing was sent yet, else as a follow-up. */
async function sendFailureNotice(interaction: Interaction, log: Logger): Promise<void> {
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    const notice = { ...messageOptions(message(ERROR_REPLY)), flags: MessageFlags.Ephemeral } as const;
    if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
    else await interaction.reply(notice);
  } catch (error) {
    log.error({ err: error, interactionId: interaction.id }, 'discord: the failure notice could not be sent either');
  }
}

function messageOptions(data: DiscordMessage): Pick<InteractionReplyOptions, 'content' | 'embeds' | 'components' | 'allowedMentions'> {
  return { content: data.content, embeds: data.embeds, components: data.components, allowedMentions: { parse: [] } };
}

function logClientEvents(client: Client, log: Logger, quietOnRefusedIntent = false): void {
  const refusedIntent = (code: number | undefined, error?: Error) =>
    quietOnRefusedIntent && (code === DISALLOWED_INTENTS || /disallowed intents/i.test(error?.message ?? ''));
  // Without an `error` listener an EventEmitter throws: these keep a network fault from crashing the bot.
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord: client error'));
  client.on(
    Events.ShardError,
    (error, shardId) => refusedIntent(undefined, error) || log.error({ err: error, shardId }, 'discord: shard connection error'),
  );
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord: warning'));
  client.on(
    Events.ShardDisconnect,
    (event, shardId) => refusedIntent(event.code) || log.warn({ shardId, code: event.code }, 'discord: shard disconnected for good'),
  );
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'discord: shard reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord: shard resumed'));
  client.on(Events.Invalidated, () => log.error({}, 'discord: session invalidated'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'discord: REST rate limit hit'),
  );
}

/**
 * Gateway payloads of interactions, kept from their raw dispatch until discord.js emits the
 * Interaction (at once, or after the client turns ready). Bounded: discord.js drops a few kinds.
 */
class RawInteractions {
  private readonly byId = new LRUCache<string, APIInteraction>({ max: 1000 });

  keep(data: APIInteraction): void {
    this.byId.set(data.id, data);
  }

  take(id: string): APIInteraction | undefined {
    const data = this.byId.get(id);
    this.byId.delete(id);
    return data;
  }
}
