import { messages } from '../../src/present/messages.js';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandOptionChoice,
  APIChatInputApplicationCommandInteraction,
  APIInteraction,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentInteraction,
} from 'discord.js';
import type { Logger } from '../../src/log.js';
import { Renderings } from '../../src/service/replies.js';
import type { Redline, Reply, RequestContext } from '../../src/service/service.js';
import type { Answer, Request } from '../../src/types.js';
import { decodeButtonState, type LongQueries } from '../../src/chat/button-state.js';
import { QUERY_MAX_LENGTH } from '../../src/request/commands.js';
import { findRequest } from '../../src/chat/conversation.js';
import { isNotice, isShareable, typedText, type ButtonState } from '../../src/chat/follow-ups.js';
import { completions, requestOfQuery } from './autocomplete.js';
import { EPHEMERAL, InteractionKind, ResponseKind } from './limits.js';
import { message, renderAnswer, type DiscordMessage } from './render.js';

/** What the handlers need: the core, a logger, and the command's name. */
export interface InteractionDeps {
  redline: Redline;
  log: Logger;
  /** The slash command's name (`REDLINE_COMMAND`), e.g. `redline`. */
  command: string;
  /** Where queries too long for a button's custom_id are kept; without it a button carries the query cut at a word. */
  queries?: LongQueries;
}

/**
 * What answering needs that may wait on Redis, before the answer itself (which never waits): the
 * shared limits of the interaction's user, and the whole query of a button that carries a long
 * query's key. Both transports call it. Never throws.
 */
export async function prepareInteraction(interaction: APIInteraction, deps: InteractionDeps): Promise<void> {
  const userId = interaction.member?.user.id ?? interaction.user?.id;
  if (userId && interaction.type !== InteractionKind.Ping)
    await deps.redline.prepare?.(
      { platform: 'discord', userId },
      interaction.type === InteractionKind.Autocomplete ? 'autocomplete' : 'ask',
    );
  if (interaction.type !== InteractionKind.Component || !deps.queries) return;
  const state = decodeButtonState(interaction.data.custom_id);
  if (!state) return;
  // A long query's key no longer kept (a restart without Redis) leaves the query cut at a word.
  const whole = state.queryKey ? await deps.queries.find(state.queryKey).catch(() => undefined) : undefined;
  preparedButtons.set(
    interaction,
    whole === undefined ? state : { ...state, request: { ...state.request, text: whole.slice(0, QUERY_MAX_LENGTH * 2) } },
  );
}

/** A button interaction's state as `prepareInteraction` read it (its whole query found), so it is not decoded again. */
const preparedButtons = new WeakMap<APIInteraction, ButtonState>();

/** The responses redline gives, as Discord's interaction callback bodies. */
export type InteractionReply =
  | { type: typeof ResponseKind.Pong }
  | { type: typeof ResponseKind.Message; data: DiscordMessage & { flags?: number } }
  | { type: typeof ResponseKind.UpdateMessage; data: DiscordMessage }
  | { type: typeof ResponseKind.AutocompleteResult; data: { choices: APIApplicationCommandOptionChoice<string>[] } };

/** The one line a person sees when answering their interaction failed. */
export const ERROR_REPLY = messages.somethingWentWrong;
/** "Find in briefings" on a message with no words (only an image, a link, a mention). */
export const NO_WORDS_REPLY = 'That message has no words to look up.';
/** Share, where redline is installed to the user but not to the server. */
export const USER_INSTALL_SHARE_REPLY =
  "redline is installed to your account, not to this server, so it can't post here for everyone. Your answer stays private; a server admin can add redline to share answers.";
/** Discord's numbers: a message command (ApplicationCommandType), a server context, a server install. */
const MESSAGE_COMMAND = 3;
const GUILD_CONTEXT = 0;
const GUILD_INSTALL = '0';
const EXPIRED_REPLY = 'That button belongs to an older version of redline; run the command again.';

/**
 * Answers one interaction, given as the JSON Discord sends (gateway dispatch or HTTP body), with the
 * callback body to send back. Never throws: a failure is logged and answered with a one-line private message.
 */
export function respondToInteraction(interaction: APIInteraction, deps: InteractionDeps): InteractionReply {
  try {
    switch (interaction.type) {
      case InteractionKind.Ping:
        return { type: ResponseKind.Pong };
      case InteractionKind.Command:
        return answerCommand(interaction as APIChatInputApplicationCommandInteraction | APIMessageApplicationCommandInteraction, deps);
      case InteractionKind.Autocomplete:
        return answerAutocomplete(interaction, deps);
      case InteractionKind.Component:
        return answerButton(interaction, deps);
      default:
        deps.log.warn({ interactionType: interaction.type }, 'discord: interaction type not handled');
        return privately(message(ERROR_REPLY));
    }
  } catch (error) {
    deps.log.error({ err: error, interactionType: interaction.type, interactionId: interaction.id }, 'discord: interaction handler failed');
    return failureReply(interaction);
  }
}

/** The reply for an interaction whose handling failed: no choices for autocomplete, else the one-line private message. */
export function failureReply(interaction: Pick<APIInteraction, 'type'>): InteractionReply {
  return interaction.type === InteractionKind.Autocomplete
    ? { type: ResponseKind.AutocompleteResult, data: { choices: [] } }
    : privately(message(ERROR_REPLY));
}

function answerCommand(
  interaction: APIChatInputApplicationCommandInteraction | APIMessageApplicationCommandInteraction,
  deps: InteractionDeps,
): InteractionReply {
  if (interaction.data.type === MESSAGE_COMMAND) return answerFind(interaction as APIMessageApplicationCommandInteraction, deps);
  if (interaction.data.name !== deps.command) {
    deps.log.warn({ command: interaction.data.name }, 'discord: a command redline does not define (re-run register?)');
    return privately(message(`This bot answers \`/${deps.command}\` only.`));
  }
  const options = optionValues((interaction as APIChatInputApplicationCommandInteraction).data.options);
  const request = requestOfQuery(options.get('query') ?? '', options.get('doc') || undefined);
  return privately(answerRequest(request, context(interaction), deps).rendered);
}

/** "Find in briefings" on a message: the passages that match its words, privately. */
function answerFind(interaction: APIMessageApplicationCommandInteraction, deps: InteractionDeps): InteractionReply {
  // Parsed from the request: a target id such as "constructor" must not find Object.prototype's.
  const { messages } = interaction.data.resolved;
  const target = Object.hasOwn(messages, interaction.data.target_id) ? messages[interaction.data.target_id] : undefined;
  const request = findRequest(target?.content ?? '');
  if (!request) return privately(message(NO_WORDS_REPLY));
  return privately(answerRequest(request, context(interaction), deps).rendered);
}

function answerAutocomplete(interaction: APIApplicationCommandAutocompleteInteraction, deps: InteractionDeps): InteractionReply {
  const focused = (interaction.data.options as APIApplicationCommandInteractionDataBasicOption[]).find(
    (option) => 'focused' in option && option.focused,
  );
  if (focused?.name !== 'query') return { type: ResponseKind.AutocompleteResult, data: { choices: [] } };
  const typed = String(focused.value ?? '');
  const doc = optionValues(interaction.data.options).get('doc') || undefined;
  return { type: ResponseKind.AutocompleteResult, data: { choices: completions(typed, doc, deps.redline, context(interaction)) } };
}

function answerButton(interaction: APIMessageComponentInteraction, deps: InteractionDeps): InteractionReply {
  const state = preparedButtons.get(interaction) ?? decodeButtonState(interaction.data.custom_id);
  if (!state) return privately(message(EXPIRED_REPLY));
  const who = context(interaction);
  switch (state.action) {
    case 'previous':
    case 'next':
    case 'suggest': {
      const { answer, rendered } = answerRequest(state.request, who, deps);
      // A "slow down" note must not replace the answer on screen: it comes as a new private message.
      return isNotice(answer) ? privately(rendered) : { type: ResponseKind.UpdateMessage, data: rendered };
    }
    case 'ask':
      // A button under a post in a channel: the answer goes to whoever clicked, and the post stays.
      return privately(answerRequest(state.request, who, deps).rendered);
    case 'share': {
      // Installed to the user only, in a server that has not added redline: nothing it posts is public there.
      if (interaction.context === GUILD_CONTEXT && !interaction.authorizing_integration_owners?.[GUILD_INSTALL])
        return privately(message(USER_INSTALL_SHARE_REPLY));
      const { answer, rendered } = answerRequest(state.request, who, deps, who.userId ?? '');
      // Only an answer with something in it is posted; anything else (slow down, nothing found) stays private.
      return isShareable(answer) ? { type: ResponseKind.Message, data: rendered } : privately(rendered);
    }
    case 'up':
    case 'down': {
      deps.redline.feedback(
        { query: typedText(state.request), vote: state.action, ...(state.shown ? { passageId: state.shown } : {}) },
        who,
      );
      return privately(message(messages.voteThanks(state.action)));
    }
    case 'hide': {
      // An answer posted unasked: the 👎 is noted for `redline gaps`, and the answer collapses for everyone.
      deps.redline.feedback({ query: typedText(state.request), vote: 'down', ...(state.shown ? { passageId: state.shown } : {}) }, who);
      return { type: ResponseKind.UpdateMessage, data: hiddenMessage() };
    }
  }
}

/** An unasked answer once hidden: a one-line note, no passage, no buttons. */
export function hiddenMessage(): DiscordMessage {
  return { ...message(`*${messages.answerHidden}*`), embeds: [], components: [] };
}

const renderings = new Renderings<Reply, DiscordMessage>();

/** Runs a request through the core and renders it with its follow-ups (once per reply and form: see src/replies.ts); shared answers name who shared them. */
function answerRequest(
  request: Request,
  who: RequestContext,
  deps: InteractionDeps,
  sharedBy?: string,
): { answer: Answer; rendered: DiscordMessage } {
  const reply = deps.redline.respond(request, who, { shared: sharedBy !== undefined });
  const rendered = renderings.of(reply, JSON.stringify([deps.command, sharedBy]), () =>
    renderAnswer(reply.answer, {
      command: deps.command,
      followUps: reply.followUps,
      ...(deps.queries ? { queries: deps.queries } : {}),
      ...(sharedBy !== undefined ? { sharedBy } : {}),
    }),
  );
  return { answer: reply.answer, rendered };
}

function optionValues(options: readonly unknown[] | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const option of (options ?? []) as APIApplicationCommandInteractionDataBasicOption[]) {
    if ('value' in option && option.value !== undefined) values.set(option.name, String(option.value));
  }
  return values;
}

function context(interaction: APIInteraction): RequestContext {
  const userId = interaction.member?.user.id ?? interaction.user?.id;
  const channelId = interaction.channel?.id ?? interaction.channel_id;
  const name = interaction.channel && 'name' in interaction.channel ? interaction.channel.name : undefined;
  // Outside a server (a DM, a group DM) there is no channel to post in: watches say so.
  const direct = interaction.guild_id === undefined;
  return {
    platform: 'discord',
    ...(userId ? { userId } : {}),
    ...(channelId ? { channel: { id: channelId, ...(name ? { name } : {}) } } : {}),
    ...(direct ? { direct } : {}),
  };
}

// The private form of a kept rendering is kept beside it: the same answer is the same reply object
// (the HTTP endpoint serialises each once). Replies are never changed once made.
const privateReplies = new WeakMap<DiscordMessage, InteractionReply>();

function privately(data: DiscordMessage): InteractionReply {
  let reply = privateReplies.get(data);
  if (!reply) privateReplies.set(data, (reply = { type: ResponseKind.Message, data: { ...data, flags: EPHEMERAL } }));
  return reply;
}
