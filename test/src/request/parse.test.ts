import { describe, expect, it } from 'vitest';
import { cleanInput, parseRequest } from '../../../src/request/parse.js';

describe('parseRequest', () => {
  it('reads subcommands, and anything else as a query', () => {
    expect(parseRequest('')).toEqual({ command: 'help', text: '' });
    expect(parseRequest('  help ')).toEqual({ command: 'help', text: '' });
    expect(parseRequest('topics')).toEqual({ command: 'topics', text: '' });
    expect(parseRequest('brief nato')).toEqual({ command: 'brief', text: 'nato' });
    expect(parseRequest('QUOTE Zakharova')).toEqual({ command: 'quote', text: 'Zakharova' });
    expect(parseRequest('ask nato')).toEqual({ command: 'ask', text: 'nato' });
    expect(parseRequest('what is nato')).toEqual({ command: 'ask', text: 'what is nato' });
  });

  it('keeps defaults such as the document', () => {
    expect(parseRequest('nato', { doc: 'x' })).toEqual({ command: 'ask', text: 'nato', doc: 'x' });
  });

  it('reads doc:<id> or --doc <id> anywhere in the text (Slack and the console have no options)', () => {
    expect(parseRequest('nato doc:arctic-council')).toEqual({ command: 'ask', text: 'nato', doc: 'arctic-council' });
    expect(parseRequest('brief --doc grain-corridor ships')).toEqual({ command: 'brief', text: 'ships', doc: 'grain-corridor' });
    expect(parseRequest('topics --doc=x')).toEqual({ command: 'topics', text: '', doc: 'x' });
    expect(parseRequest('the doctrine')).toEqual({ command: 'ask', text: 'the doctrine' });
  });
});

describe('cleanInput', () => {
  it('drops control and invisible characters and folds white space', () => {
    expect(cleanInput('\u0000na\u200bto\n\t now\u202e ')).toBe('na to now');
  });
});
