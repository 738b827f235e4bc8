import { SUBCOMMANDS } from './commands.js';
import type { Request, Subcommand } from '../types.js';

/** `doc:<id>` or `--doc <id>` anywhere in the text restricts a request to one document. */
const DOC_OPTION = /(?:^|\s)(?:doc:|--doc(?:=|\s+))(\S+)(?=\s|$)/i;

/**
 * Parses what follows `/redline` into a request: `help`, `topics`, `brief [topic]`,
 * `quote <speaker or phrase>`, `ask <query>`, or any other text as a query; `doc:<id>` restricts
 * it to one document. Empty text is help.
 */
export function parseRequest(text: string, defaults: Partial<Omit<Request, 'command' | 'text'>> = {}): Request {
  let clean = cleanInput(text);
  const doc = DOC_OPTION.exec(clean);
  if (doc) {
    clean = cleanInput(clean.replace(DOC_OPTION, ' '));
    defaults = { ...defaults, doc: doc[1]! };
  }
  const [first = '', ...rest] = clean.split(' ');
  const word = first.toLowerCase();
  if (!clean || word === '?' || word === '-h' || word === '--help') return { ...defaults, command: 'help', text: '' };
  if ((SUBCOMMANDS as string[]).includes(word)) return { ...defaults, command: word as Subcommand, text: rest.join(' ') };
  return { ...defaults, command: 'ask', text: clean };
}

/** Drops control and invisible formatting characters and folds runs of white space. */
export function cleanInput(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
