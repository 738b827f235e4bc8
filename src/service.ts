import type { Library } from './search/library.js';
import type { Answer, Request } from './types.js';

/** Where a request came from: which platform, and who asked (for rate limits and feedback). */
export interface RequestContext {
  platform: 'slack' | 'discord' | 'console' | 'cli';
  /** The platform's user id; never logged unless the operator opts in. */
  userId?: string;
}

export type Vote = 'up' | 'down';

/**
 * What every adapter talks to: answers requests against the current library (which can be
 * swapped when the corpus changes), applies per-user rate limits and records feedback.
 */
export interface Redline {
  /** The library serving now. */
  library(): Library;
  /** Answers a request. Never throws for bad input: usage problems come back as `{ kind: 'usage' }`. */
  handle(request: Request, context: RequestContext): Answer;
  /** Autocomplete choices for what has been typed so far (at most `limit`). */
  autocomplete(typed: string, limit: number, doc?: string): Array<{ label: string; value: string }>;
  /** Records a 👍 / 👎 on an answer. */
  feedback(entry: { query: string; passageId?: string; vote: Vote }, context: RequestContext): void;
}
