import type { Subcommand } from '../types.js';

/** Limits of the command itself, shared by every platform. */
export const QUERY_MAX_LENGTH = 200;
export const DEFAULT_LIMIT = 3;
export const MAX_LIMIT = 20;

/**
 * The `/redline` command, defined once. Discord's registration payload, the Slack and console
 * parsing and the help text are all derived from it.
 */
export const REDLINE_COMMAND = {
  description: 'Quote the passage of the briefing corpus that answers a question, with its source',
  options: {
    query: {
      description: 'A question or keywords; or: help, topics, brief [topic], quote <speaker or phrase>',
      required: true,
      maxLength: QUERY_MAX_LENGTH,
      autocomplete: true,
    },
    doc: {
      description: 'Only search this document',
      required: false,
      maxLength: 100,
      autocomplete: false,
    },
  },
  subcommands: {
    ask: { usage: '<question or keywords>', summary: 'the passage that answers it, with its source' },
    topics: { usage: '', summary: 'the sections of each document' },
    brief: { usage: '[topic]', summary: 'a briefing: the key passage of each section, or the best three on a topic' },
    quote: { usage: '<speaker or phrase>', summary: 'exact sentences, with who said them' },
    watch: { usage: '<topic>', summary: 'in a channel: post new passages that answer the topic there' },
    unwatch: { usage: '<topic>', summary: 'stop watching a topic' },
    watches: { usage: '', summary: 'the topics this channel watches' },
    help: { usage: '', summary: 'this help' },
  } satisfies Record<Subcommand, { usage: string; summary: string }>,
} as const;

export const SUBCOMMANDS = Object.keys(REDLINE_COMMAND.subcommands) as Subcommand[];

/** The command on a message (Discord's message command, Slack's message shortcut): the passages that match its words, privately. */
export const FIND_COMMAND = {
  name: 'Find in briefings',
  description: 'The passages of the briefings that match this message',
} as const;
