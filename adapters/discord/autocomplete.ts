import type { APIApplicationCommandOptionChoice } from 'discord.js';
import { parseRequest } from '../../src/request/parse.js';
import { SUBCOMMANDS } from '../../src/request/commands.js';
import { Renderings } from '../../src/service/replies.js';
import type { Redline, RequestContext } from '../../src/service/service.js';
import type { Request } from '../../src/types.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX } from './limits.js';
import { fitPlain } from './markdown.js';

/** What an autocomplete choice naming one passage puts in the query option: `passage:<id>`. */
export const PASSAGE_CHOICE = 'passage:';

/** The request a submitted query option stands for: a picked passage is looked up, anything else parsed. */
export function requestOfQuery(query: string, doc: string | undefined): Request {
  const scope = doc ? { doc } : {};
  if (query.startsWith(PASSAGE_CHOICE)) return { command: 'ask', text: '', passage: query.slice(PASSAGE_CHOICE.length).trim(), ...scope };
  return parseRequest(query, scope);
}

type Choice = APIApplicationCommandOptionChoice<string>;

// The core hands out the same list for the same lookup while the corpus stays (src/replies.ts): its choices are made once per typed text.
const renderings = new Renderings<Array<{ label: string; value: string }>, Choice[]>();

/**
 * Choices for what has been typed: matching subcommand names, then the core's section titles and
 * passage openings. Subcommand words stay in front (`brief nat` offers `brief NATO's expansion…`).
 */
export function completions(typed: string, doc: string | undefined, redline: Redline, who?: RequestContext): Choice[] {
  const words = typed.trim();
  const request = parseRequest(words);
  const prefix = request.command !== 'ask' && request.command !== 'help' && words.includes(' ') ? `${request.command} ` : '';
  const found = redline.autocomplete(prefix ? request.text : words, AUTOCOMPLETE_CHOICES_MAX, doc, who);
  return renderings.of(found, words, () => choicesOf(words, prefix, found));
}

function choicesOf(words: string, prefix: string, found: Array<{ label: string; value: string }>): Choice[] {
  const subcommands =
    words && !words.includes(' ') ? SUBCOMMANDS.filter((name) => name !== 'ask' && name.startsWith(words.toLowerCase())) : [];
  const choices = [
    ...subcommands.map((name) => ({ name, value: name })),
    // A subcommand keeps the text as typed: keys (passage ids) are only meaningful to a plain query.
    ...found
      .filter((choice) => !prefix || choice.value === choice.label)
      .map((choice) => ({
        name: `${prefix}${choice.label}`,
        value: choice.value === choice.label ? `${prefix}${choice.value}` : `${PASSAGE_CHOICE}${choice.value}`,
      })),
  ];
  const seen = new Set<string>();
  const out: Choice[] = [];
  for (const choice of choices) {
    // Labels can be whole passages: only their opening can show.
    const name = fitPlain(
      choice.name
        .slice(0, CHOICE_NAME_MAX * 2)
        .replace(/\s+/g, ' ')
        .trim(),
      CHOICE_NAME_MAX,
    );
    // A value Discord would refuse cannot be shortened (it is a key): leave the choice out.
    if (!name || !choice.value.trim() || choice.value.length > CHOICE_VALUE_MAX || seen.has(choice.value)) continue;
    seen.add(choice.value);
    out.push({ name, value: choice.value });
    if (out.length === AUTOCOMPLETE_CHOICES_MAX) break;
  }
  return out;
}
