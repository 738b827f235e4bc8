import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandOptionChoice,
  APIChatInputApplicationCommandInteraction,
  APIInteraction,
  APIMessageComponentInteraction,
} from 'discord.js';
import type { Logger } from '../../src/log.js';
import type { Redline, RequestContext } from '../../src/service.js';
import type { Answer, Request } from '../../src/types.js';
import { decodeButtonState } from '../../src/button-state.js';
import { isNotice, isShareable, typedText } from '../../src/follow-ups.js';
import { completions, requestOfQuery } from './autocomplete.js';
import { EPHEMERAL, InteractionKind, ResponseKind } from './limits.js';
import { message, renderAnswer, type DiscordMessage } from './render.js';

/** What the handlers need: the core, a logger, and the command's name. */
export interface InteractionDeps {
  redline: Redline;
  log: Logger;
  /** The slash command's name (`REDLINE_COMMAND`), e.g. `redline`. */
  command: string;
}

/** The responses redline gives, as Discord's interaction callback bodies. */
export type InteractionReply =
  | { type: typeof ResponseKind.Pong }
  | { type: typeof ResponseKind.Message; data: DiscordMessage & { flags?: number } }
  | { type: typeof ResponseKind.UpdateMessage; data: DiscordMessage }
  | { type: typeof ResponseKind.AutocompleteResult; data: { choices: APIApplicationCommandOptionChoice<string>[] } };

/** The one line a person sees when answering their interaction failed. */
export const ERROR_REPLY = 'Sorry, something went wrong while answering that. Please try again in a moment.';
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
        return answerCommand(interaction as APIChatInputApplicationCommandInteraction, deps);
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

function answerCommand(interaction: APIChatInputApplicationCommandInteraction, deps: InteractionDeps): InteractionReply {
  if (interaction.data.name !== deps.command) {
    deps.log.warn({ command: interaction.data.name }, 'discord: a command redline does not define (re-run register?)');
    return privately(message(`This bot answers \`/${deps.command}\` only.`));
  }
  const options = optionValues(interaction.data.options);
  const request = requestOfQuery(options.query ?? '', options.doc || undefined);
  return privately(answerRequest(request, context(interaction), deps).rendered);
}

function answerAutocomplete(interaction: APIApplicationCommandAutocompleteInteraction, deps: InteractionDeps): InteractionReply {
  const focused = (interaction.data.options as APIApplicationCommandInteractionDataBasicOption[]).find(
    (option) => 'focused' in option && option.focused,
  );
  if (!focused || focused.name !== 'query') return { type: ResponseKind.AutocompleteResult, data: { choices: [] } };
  const typed = String(focused.value ?? '');
  const doc = optionValues(interaction.data.options).doc || undefined;
  return { type: ResponseKind.AutocompleteResult, data: { choices: completions(typed, doc, deps.redline, context(interaction)) } };
}

function answerButton(interaction: APIMessageComponentInteraction, deps: InteractionDeps): InteractionReply {
  const state = decodeButtonState(interaction.data.custom_id);
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
    case 'share': {
      const { answer, rendered } = answerRequest(state.request, who, deps, who.userId ?? '');
      // Only an answer with something in it is posted; anything else (slow down, nothing found) stays private.
      return isShareable(answer) ? { type: ResponseKind.Message, data: rendered } : privately(rendered);
    }
    case 'up':
    case 'down': {
      deps.redline.feedback({ query: typedText(state.request), vote: state.action, ...(state.shown ? { passageId: state.shown } : {}) }, who);
      return privately(message(state.action === 'up' ? 'Thanks: noted that this answer helped.' : 'Thanks: noted that this answer missed. It helps decide what to add to the corpus.'));
    }
  }
}

/** Runs a request through the core and renders it with its follow-ups; shared answers name who shared them. */
function answerRequest(request: Request, who: RequestContext, deps: InteractionDeps, sharedBy?: string): { answer: Answer; rendered: DiscordMessage } {
  const reply = deps.redline.respond(request, who, { shared: sharedBy !== undefined });
  const rendered = renderAnswer(reply.answer, { command: deps.command, followUps: reply.followUps, ...(sharedBy !== undefined ? { sharedBy } : {}) });
  return { answer: reply.answer, rendered };
}

function optionValues(options: readonly unknown[] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const option of (options ?? []) as APIApplicationCommandInteractionDataBasicOption[]) {
    if ('value' in option && option.value !== undefined) values[option.name] = String(option.value);
  }
  return values;
}

function context(interaction: APIInteraction): RequestContext {
  const userId = interaction.member?.user.id ?? interaction.user?.id;
  return { platform: 'discord', ...(userId ? { userId } : {}) };
}

function privately(data: DiscordMessage): InteractionReply {
  return { type: ResponseKind.Message, data: { ...data, flags: EPHEMERAL } };
}
