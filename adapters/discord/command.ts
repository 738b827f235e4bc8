import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { FIND_COMMAND, REDLINE_COMMAND } from '../../src/request/commands.js';
import type { DocumentMeta } from '../../src/types.js';
import { fitPlain } from './markdown.js';
import { CHOICE_NAME_MAX, CHOICE_VALUE_MAX, COMMAND_DESCRIPTION_MAX, OPTION_CHOICES_MAX } from './limits.js';

/** Discord's numbers for a chat-input command, a message command and a string option (ApplicationCommandType, ApplicationCommandOptionType). */
const CHAT_INPUT = 1;
const MESSAGE = 3;
const STRING_OPTION = 3;

/**
 * Where the commands may be used, declared rather than left to Discord's defaults: installed in a
 * server or to a user (ApplicationIntegrationType 0, 1), in servers, the bot's DMs and other
 * private channels (InteractionContextType 0, 1, 2). A user install answers where the bot is not
 * a member; a Share there stays private (see interactions.ts).
 */
export const INSTALL_CONTEXTS = { integration_types: [0, 1], contexts: [0, 1, 2] };

/**
 * The Discord registration payload for `/redline`, derived from `REDLINE_COMMAND`: `query` always;
 * `doc` only when the corpus has more than one document, with the ids as choices when there are ≤ 25.
 */
export function discordCommand(
  name: string,
  documents: readonly Pick<DocumentMeta, 'id' | 'title'>[],
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const { query, doc } = REDLINE_COMMAND.options;
  const options: APIApplicationCommandBasicOption[] = [
    {
      type: STRING_OPTION,
      name: 'query',
      description: fitPlain(query.description, COMMAND_DESCRIPTION_MAX),
      required: query.required,
      max_length: query.maxLength,
      autocomplete: query.autocomplete,
    },
  ];
  if (documents.length > 1) {
    const choices = documents.length <= OPTION_CHOICES_MAX ? documents.map(documentChoice) : undefined;
    options.push({
      type: STRING_OPTION,
      name: 'doc',
      description: fitPlain(doc.description, COMMAND_DESCRIPTION_MAX),
      required: doc.required,
      ...(choices ? { choices } : { max_length: doc.maxLength }),
    });
  }
  return {
    type: CHAT_INPUT,
    name,
    description: fitPlain(REDLINE_COMMAND.description, COMMAND_DESCRIPTION_MAX),
    options,
    ...INSTALL_CONTEXTS,
  };
}

/** The message command "Find in briefings" (context menu: Apps › Find in briefings). */
export function discordMessageCommand(): RESTPostAPIContextMenuApplicationCommandsJSONBody {
  return { type: MESSAGE, name: FIND_COMMAND.name, ...INSTALL_CONTEXTS };
}

function documentChoice(document: Pick<DocumentMeta, 'id' | 'title'>): APIApplicationCommandOptionChoice<string> {
  return { name: fitPlain(document.title || document.id, CHOICE_NAME_MAX), value: document.id.slice(0, CHOICE_VALUE_MAX) };
}
