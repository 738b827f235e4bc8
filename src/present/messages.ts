import type { Vote } from '../types.js';

// Every sentence a person reads from redline that is not corpus text, in one place, so the console,
// Slack and Discord say the same thing the same way. Plain text: each renderer escapes and lays it out.

export const messages = {
  /** Over the per-user rate limit. */
  slowDown: (seconds: number) => `Slow down a little: you can ask again in ${seconds} s.`,
  /** A vote was recorded. */
  voteThanks: (vote: Vote) =>
    vote === 'up'
      ? 'Thanks: noted that this answer helped.'
      : 'Thanks: noted that this answer missed. It helps decide what to add to the corpus.',
  /** Nothing answers a query; `quoted` is the query as the renderer quotes it, or nothing to say "that". */
  nothingAnswers: (quoted?: string) => `Nothing in the corpus answers ${quoted ?? 'that'}.`,
  /** Paged past the last result. */
  noMoreResults: (quoted?: string) => (quoted ? `No more results for ${quoted}.` : 'No more results.'),
  /** A briefing on a topic found nothing. */
  nothingToBrief: (quoted?: string) => `Nothing in the corpus to brief on ${quoted ?? 'that'}.`,
  /** What an answer posted unasked becomes once marked not helpful. */
  answerHidden: 'Answer hidden: marked not helpful.',
  /** A request failed for a reason that is ours, not the asker's. */
  somethingWentWrong: 'Sorry, something went wrong while answering that. Please try again in a moment.',
  /** `doc:` names a document the corpus (or the channel) does not have. */
  noSuchDocument: (id: string, documents: string, here = false) =>
    `There is no document "${id}"${here ? ' here' : ''}. Documents: ${documents || 'none'}.`,
  /** A channel scoped to documents the corpus no longer has. */
  noDocumentsHere: 'No documents are open to this channel.',
  /** A query longer than the command allows. */
  queryTooLong: (length: number, max: number) => `That is ${length} characters; a query can be at most ${max}. Try a few keywords.`,
  /** `quote` with nothing after it. */
  quoteWhat: (example: string) => `Say whose words or which phrase: \`${example}\`.`,
  /** Watches: where they work, and what each subcommand did. */
  watchesUnavailable: 'Watches are not available here.',
  watchesNeedAChannel: (example: string) =>
    `Watches belong to a channel: type \`${example}\` in the channel that should hear of new passages.`,
  watchWhich: (example: string) => `Say which topic: \`${example}\`. New passages that answer it will be posted here.`,
  watchesFull: (max: number, example: string) => `This channel watches ${max} topics already; \`${example}\` one first.`,
  watching: (topic: string) => `Watching "${topic}": new passages that answer it will be posted in this channel.`,
  watchingAlready: (topic: string) => `This channel already watches "${topic}".`,
  unwatchWhich: (example: string) => `Say which topic: \`${example}\`.`,
  unwatched: (topic: string) => `No longer watching "${topic}".`,
  notWatching: (topic: string) => `This channel does not watch "${topic}".`,
  watchList: (topics: readonly string[]) => `This channel watches: ${topics.map((t) => `"${t}"`).join(', ')}.`,
  watchNone: (example: string) => `This channel watches no topic. \`${example}\` to hear of new passages on it.`,
} as const;
