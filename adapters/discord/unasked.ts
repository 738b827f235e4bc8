import { MessageType, type Message } from 'discord.js';
import { decodeButtonState, type DecodedButtonState } from '../../src/chat/button-state.js';
import { typedText } from '../../src/chat/follow-ups.js';
import { saysNotHelpful } from '../../src/chat/unasked.js';
import { hiddenMessage, type InteractionDeps } from './interactions.js';
import { renderAnswer, type DiscordMessage } from './render.js';

// Answering in a channel without a mention (`answer: questions` / `all` in channels.yaml): a
// question posted in such a channel gets the answer as a reply, pinging nobody, only when the core
// is sure enough; otherwise nothing. Reading what people write there needs the privileged Message
// Content intent (see gateway.ts). A 👎 on the answer (interactions.ts) or a reply "not helpful" to
// it collapses it to a note, and the query is noted for `redline gaps`.

export interface UnaskedDeps extends InteractionDeps {
  /** True the first time a key is claimed (on any replica sharing the store): one answer per message. */
  firstTime(key: string): Promise<boolean>;
}

/** A message in a server channel that does not mention redline: answered where the channel says so, or a "not helpful" reply to an unasked answer. */
export async function answerChannelMessage(message: Message, deps: UnaskedDeps): Promise<void> {
  const botId = message.client.user?.id;
  // DMs and mentions are answered as such; bots, webhooks and Discord's own notices never.
  if (!message.guildId || message.author.bot || message.webhookId || message.system) return;
  if (botId !== undefined && message.mentions.users.has(botId)) return;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return;
  if (!message.content || message.channel.isThread()) return;
  try {
    if (message.type === MessageType.Reply) {
      if (saysNotHelpful(message.content)) await hideOnRequest(message, deps, botId);
      return;
    }
    const channel = { id: message.channelId, ...('name' in message.channel && message.channel.name ? { name: message.channel.name } : {}) };
    const reply = await deps.redline.answerUnasked?.(message.content, { platform: 'discord', userId: message.author.id, channel });
    if (!reply) return;
    // Every replica (and a resumed session replaying events) gets the message: one answers.
    if (!(await deps.firstTime(`unasked:discord:${message.id}`))) return;
    const rendered = renderAnswer(reply.answer, {
      command: deps.command,
      followUps: reply.followUps,
      ...(deps.queries ? { queries: deps.queries } : {}),
    });
    await message.reply({ ...messageOptions(rendered), allowedMentions: { parse: [], repliedUser: false } });
    deps.log.info({ channelId: message.channelId, messageId: message.id }, 'discord: answered a question unasked');
  } catch (error) {
    deps.log.warn({ err: error, channelId: message.channelId }, 'discord: answering a channel message failed');
  }
}

/** "not helpful" in reply to an unasked answer: the answer collapses, and its query is noted as a 👎. */
async function hideOnRequest(message: Message, deps: UnaskedDeps, botId: string | undefined): Promise<void> {
  const answer = await message.fetchReference().catch(() => undefined);
  if (!answer || answer.author.id !== botId) return;
  const state = hideState(answer);
  if (!state) return;
  // A query too long for the button's custom_id is kept whole under the key the button carries.
  const whole = state.queryKey && deps.queries ? await deps.queries.find(state.queryKey).catch(() => undefined) : undefined;
  deps.redline.feedback(
    { query: whole ?? typedText(state.request), vote: 'down', ...(state.shown ? { passageId: state.shown } : {}) },
    { platform: 'discord', userId: message.author.id },
  );
  await answer.edit(messageOptions(hiddenMessage()));
  deps.log.info({ channelId: message.channelId, messageId: answer.id }, 'discord: an unasked answer was hidden on request');
}

/** The state of an unasked answer's 👎 (action `hide`) among a message's buttons: how redline knows its own unasked answers. */
function hideState(message: Message): DecodedButtonState | undefined {
  for (const row of message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      const customId = 'customId' in component ? component.customId : undefined;
      const state = typeof customId === 'string' ? decodeButtonState(customId) : undefined;
      if (state?.action === 'hide') return state;
    }
  }
  return undefined;
}

function messageOptions(data: DiscordMessage) {
  return { content: data.content, embeds: data.embeds, components: data.components, allowedMentions: { parse: [] } };
}
