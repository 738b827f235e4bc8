import { QUERY_MAX_LENGTH, SUBCOMMANDS } from '../request/commands.js';
import { cutAtWord } from '../present/cut.js';
import type { Answer, Request, Vote } from '../types.js';

// What can follow an answer in a chat (page, share, vote, a suggested query, the topics when
// nothing was found), decided once here; Slack and Discord only map it onto their buttons.

/** Passages per answer in a chat; the page buttons move by this many. */
export const RESULTS_PER_PAGE = 1;
/** Suggested queries offered when nothing was found. */
export const SUGGESTIONS_MAX = 5;
/**
 * Documents whose topics are listed when nothing was found; the rest are counted (`topics` lists
 * them all). A person who asked something the corpus lacks wants a hint, not a corpus of thousands.
 */
export const NOT_FOUND_DOCUMENTS = 5;

export type TopicsAnswer = Extract<Answer, { kind: 'topics' }>;

/** What a button does; `ask` (under a post in a channel) answers privately, leaving the post as it is; `hide` is the 👎 of an answer posted unasked. */
export type ButtonAction = 'previous' | 'next' | 'share' | 'up' | 'down' | 'suggest' | 'hide' | 'ask';

/**
 * What a button carries, so that any replica can answer a click, even after a restart: the
 * request to run again and the passage the answer showed (what a vote is about).
 */
export interface ButtonState {
  action: ButtonAction;
  request: Request;
  /** The passage shown when the button was made. */
  shown?: string;
}

export type FollowUp =
  | { kind: 'page'; direction: 'previous' | 'next'; state: ButtonState }
  | { kind: 'share'; state: ButtonState }
  | { kind: 'vote'; vote: Vote; state: ButtonState }
  | { kind: 'suggestion'; label: string; state: ButtonState }
  /** The first documents' topics, and how many more documents there are. */
  | { kind: 'topics'; topics: TopicsAnswer; more: number };

export interface FollowUpOptions {
  /** The answer is being posted for everyone: only votes follow it. */
  shared?: boolean;
  /** What the corpus covers, offered when nothing was found. */
  topics?: TopicsAnswer;
  /** The answer is posted without being asked: its 👎 also takes it away (`hide`). */
  unasked?: boolean;
}

/** The request as a chat asks it: a plain query shows one page of results. */
export function chatRequest(request: Request): Request {
  return request.command === 'ask' ? { ...request, limit: RESULTS_PER_PAGE } : request;
}

/** Found nothing for what was asked (an empty briefing of a whole empty corpus is not a miss). */
export function foundNothing(answer: Answer): boolean {
  return (
    (answer.kind === 'results' && answer.total === 0) ||
    (answer.kind === 'quote' && !answer.quotes.length) ||
    (answer.kind === 'brief' && answer.topic !== '' && !answer.items.length)
  );
}

/** A note to the asker (slow down, bad input) rather than an answer: it never replaces an answer on screen. */
export function isNotice(answer: Answer): boolean {
  return answer.kind === 'rate-limited' || answer.kind === 'usage';
}

/** What may follow this answer to this request. */
export function followUpsFor(answer: Answer, request: Request, options: FollowUpOptions = {}): FollowUp[] {
  const query: Request = { command: request.command, text: request.text, ...(request.doc ? { doc: request.doc } : {}) };
  const base: Request = { ...query, ...(request.passage ? { passage: request.passage } : {}) };
  const offset = answer.kind === 'results' ? answer.offset : 0;
  const at = (action: ButtonAction, request: Request, shown?: string): ButtonState => ({ action, request, ...(shown ? { shown } : {}) });
  const shown = shownPassage(answer);
  const here: Request = { ...base, ...(offset ? { offset } : {}) };
  const votes: FollowUp[] = [
    { kind: 'vote', vote: 'up', state: at('up', here, shown) },
    { kind: 'vote', vote: 'down', state: at(options.unasked ? 'hide' : 'down', here, shown) },
  ];
  if (!isShareable(answer)) {
    if (options.shared) return [];
    const suggestions = answer.kind === 'results' || answer.kind === 'brief' || answer.kind === 'quote' ? answer.suggestions : [];
    const out: FollowUp[] = uniqueSuggestions(suggestions).map((label) => ({
      kind: 'suggestion',
      label,
      // The same subcommand again, with the suggested words.
      state: at('suggest', { ...query, text: cutAtWord(label, QUERY_MAX_LENGTH, '') }),
    }));
    const documents = options.topics?.documents ?? [];
    if (foundNothing(answer) && documents.length)
      out.push({
        kind: 'topics',
        topics: { kind: 'topics', documents: documents.slice(0, NOT_FOUND_DOCUMENTS) },
        more: Math.max(0, documents.length - NOT_FOUND_DOCUMENTS),
      });
    return out;
  }
  if (options.shared) return answer.kind === 'topics' ? [] : votes;
  const out: FollowUp[] = [];
  if (answer.kind === 'results') {
    const last = answer.offset + answer.hits.length;
    if (answer.offset > 0)
      out.push({
        kind: 'page',
        direction: 'previous',
        state: at('previous', { ...base, offset: Math.max(0, answer.offset - RESULTS_PER_PAGE) }),
      });
    if (last < answer.total)
      out.push({ kind: 'page', direction: 'next', state: at('next', { ...base, offset: answer.offset + RESULTS_PER_PAGE }) });
  }
  // A share runs the request again: it carries no passage, so a short custom id keeps the whole query.
  out.push({ kind: 'share', state: at('share', here) });
  return answer.kind === 'topics' ? out : [...out, ...votes];
}

/** The text a person would type for a request (the echo line, the feedback log). */
export function typedText(request: Request): string {
  if (request.passage && !request.text) return request.passage;
  if (request.command !== 'ask') return `${request.command} ${request.text}`.trim();
  const first = request.text.split(' ')[0]?.toLowerCase() ?? '';
  return (SUBCOMMANDS as string[]).includes(first) ? `ask ${request.text}` : request.text;
}

/** An answer with something in it to post for everyone: never a "nothing found", a note or help. */
export function isShareable(answer: Answer): boolean {
  switch (answer.kind) {
    case 'results':
      return answer.hits.length > 0;
    case 'brief':
      return answer.items.length > 0;
    case 'quote':
      return answer.quotes.length > 0;
    case 'topics':
      return answer.documents.length > 0;
    default:
      return false;
  }
}

function shownPassage(answer: Answer): string | undefined {
  if (answer.kind === 'results') return answer.hits[0]?.passage.id;
  if (answer.kind === 'quote') return answer.quotes[0]?.passage.id;
  return undefined;
}

function uniqueSuggestions(suggestions: readonly string[]): string[] {
  return [...new Set(suggestions.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean))].slice(0, SUGGESTIONS_MAX);
}
