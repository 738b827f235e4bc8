import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandOptionChoice,
  APIChatInputApplicationCommandInteraction,
  APIInteraction,
  APIMessageComponentInteraction,
} from 'discord.js';
import { parseRequest } from '../../src/answer.js';
import { SUBCOMMANDS } from '../../src/commands.js';
import type { Logger } from '../../src/log.js';
import type { Redline, RequestContext } from '../../src/service.js';
import type { Answer, Request } from '../../src/types.js';
import { decodeButton, type ButtonState } from './custom-id.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX, EPHEMERAL, InteractionKind, ResponseKind } from './limits.js';
import { fitPlain } from './markdown.js';
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

/** One query result per message: the buttons page through the rest. */
const RESULTS_PER_PAGE = 1;

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
  const text = options.query ?? '';
  const doc = options.doc || undefined;
  return privately(answerText({ text, offset: 0, ...(doc ? { doc } : {}) }, context(interaction), deps).rendered);
}

function answerAutocomplete(interaction: APIApplicationCommandAutocompleteInteraction, deps: InteractionDeps): InteractionReply {
  const focused = (interaction.data.options as APIApplicationCommandInteractionDataBasicOption[]).find(
    (option) => 'focused' in option && option.focused,
  );
  if (!focused || focused.name !== 'query') return { type: ResponseKind.AutocompleteResult, data: { choices: [] } };
  const typed = String(focused.value ?? '');
  const doc = optionValues(interaction.data.options).doc || undefined;
  return { type: ResponseKind.AutocompleteResult, data: { choices: completions(typed, doc, deps.redline) } };
}

/**
 * Choices for what has been typed: matching subcommand names, then the core's section titles and
 * passage openings. Subcommand words stay in front (`brief nat` offers `brief NATO's expansion…`).
 */
export function completions(typed: string, doc: string | undefined, redline: Redline): APIApplicationCommandOptionChoice<string>[] {
  const words = typed.trim();
  const request = parseRequest(words);
  const prefix = request.command !== 'ask' && request.command !== 'help' && words.includes(' ') ? `${request.command} ` : '';
  const subcommands = words && !words.includes(' ') ? SUBCOMMANDS.filter((name) => name !== 'ask' && name.startsWith(words.toLowerCase())) : [];
  const found = redline.autocomplete(prefix ? request.text : words, AUTOCOMPLETE_CHOICES_MAX, doc);
  const choices = [
    ...subcommands.map((name) => ({ name, value: name })),
    // A subcommand keeps the text as typed: keys (passage ids) are only meaningful to a plain query.
    ...found
      .filter((choice) => !prefix || choice.value === choice.label)
      .map((choice) => ({ name: `${prefix}${choice.label}`, value: `${prefix}${choice.value}` })),
  ];
  const seen = new Set<string>();
  const out: APIApplicationCommandOptionChoice<string>[] = [];
  for (const choice of choices) {
    // Labels can be whole passages: only their opening can show.
    const name = fitPlain(choice.name.slice(0, CHOICE_NAME_MAX * 2).replace(/\s+/g, ' ').trim(), CHOICE_NAME_MAX);
    // A value Discord would refuse cannot be shortened (it is a key): leave the choice out.
    if (!name || !choice.value.trim() || choice.value.length > CHOICE_VALUE_MAX || seen.has(choice.value)) continue;
    seen.add(choice.value);
    out.push({ name, value: choice.value });
    if (out.length === AUTOCOMPLETE_CHOICES_MAX) break;
  }
  return out;
}

function answerButton(interaction: APIMessageComponentInteraction, deps: InteractionDeps): InteractionReply {
  const state = decodeButton(interaction.data.custom_id);
  if (!state) return privately(message(EXPIRED_REPLY));
  const who = context(interaction);
  switch (state.action) {
    case 'page':
    case 'ask': {
      const { answer, rendered } = answerText(state, who, deps);
      // A "slow down" note must not replace the answer on screen: it comes as a new private message.
      return isNote(answer) ? privately(rendered) : { type: ResponseKind.UpdateMessage, data: rendered };
    }
    case 'share': {
      const { rendered } = answerText(state, who, deps, who.userId ?? '');
      // Only an answer with a passage is worth posting; anything else (slow down, nothing found) stays private.
      return rendered.embeds.length ? { type: ResponseKind.Message, data: rendered } : privately(rendered);
    }
    case 'up':
    case 'down': {
      const passageId = shownPassage(state, deps.redline);
      deps.redline.feedback({ query: state.text, vote: state.action, ...(passageId ? { passageId } : {}) }, who);
      return privately(message(state.action === 'up' ? 'Thanks: noted that this answer helped.' : 'Thanks: noted that this answer missed. It helps decide what to add to the corpus.'));
    }
  }
}

/** Runs the request a text stands for and renders it; shared answers name who shared them. */
function answerText(
  state: Pick<ButtonState, 'text' | 'offset' | 'doc'>,
  who: RequestContext,
  deps: InteractionDeps,
  sharedBy?: string,
): { answer: Answer; rendered: DiscordMessage } {
  const answer = deps.redline.handle(requestFor(state), who);
  const rendered = renderAnswer(answer, {
    text: state.text,
    command: deps.command,
    ...(state.doc ? { doc: state.doc } : {}),
    ...(sharedBy !== undefined ? { sharedBy } : {}),
  });
  return { answer, rendered };
}

/** Answers that are a note to the asker rather than an answer to show in place. */
function isNote(answer: Answer): boolean {
  return answer.kind === 'rate-limited' || answer.kind === 'usage';
}

function requestFor(state: Pick<ButtonState, 'text' | 'offset' | 'doc'>): Request {
  const request = parseRequest(state.text, state.doc ? { doc: state.doc } : {});
  return request.command === 'ask' ? { ...request, limit: RESULTS_PER_PAGE, offset: state.offset } : request;
}

/** The passage a results message shows, for a vote; looked up without counting as a query. */
function shownPassage(state: ButtonState, redline: Redline): string | undefined {
  const request = requestFor(state);
  if (request.command !== 'ask' || !request.text) return undefined;
  return redline.library().search(request.text, { doc: state.doc, offset: state.offset, limit: 1 }).hits[0]?.passage.id;
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
