import type { AnswerContext } from '../answer/answer.js';
import { CHANNELS_FILE, scopeOf, type Channel, type ChannelScopes } from '../channels/channels.js';
import { CorpusError } from '../corpus/load.js';
import { answerInScope } from '../channels/scope.js';
import { findExamples, type Examples } from '../answer/examples.js';
import { chatRequest, followUpsFor, foundNothing, type FollowUp, type TopicsAnswer } from '../chat/follow-ups.js';
import { findAttributions, type Attribution } from '../answer/quote.js';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.js';
import { RecentValues, REPLIES_KEPT } from './replies.js';
import { Library, type LibraryOptions, type LibrarySnapshot } from '../search/library.js';
import type { Answer, Document, Request, Vote } from '../types.js';
import { askedAnew, observeService, type RequestEvent } from './observe.js';

export type { RequestEvent } from './observe.js';

// The service every adapter talks to (`Redline`), and how it is built (`createRedline`) from a
// corpus index (`buildCorpusIndex`). The shell (app/corpus/index.ts) reads the corpus and starts it.

/** Where a request came from: which platform, and who asked (for rate limits and feedback). */
export interface RequestContext {
  platform: 'slack' | 'discord' | 'console' | 'cli';
  /** The platform's user id; never logged unless the operator opts in. */
  userId?: string;
  /** The chat channel asked in: `channels.yaml` may limit what it searches. */
  channel?: Channel;
}

export type { Vote } from '../types.js';

/**
 * What every adapter talks to: answers requests against the current corpus (which can be
 * swapped when the corpus changes), applies per-user rate limits and records feedback.
 */
export interface Redline {
  /** Answers a request. Never throws for bad input: usage problems come back as `{ kind: 'usage' }`. */
  handle(request: Request, context: RequestContext): Answer;
  /**
   * Answers a request made in a chat (one page of results at a time) with what may follow the
   * answer there: page, share, vote, suggestions, the topics when nothing was found. The same
   * request in the same scope gets the same `Reply` object while the corpus stays (see replies.ts):
   * never modify one.
   */
  respond(request: Request, context: RequestContext, options?: { shared?: boolean }): Reply;
  /** When the corpus serving now was loaded (ISO 8601). */
  loadedAt(): string;
  /** Autocomplete choices for what has been typed so far (at most `limit`; none past the user's autocomplete limit). */
  autocomplete(typed: string, limit: number, doc?: string, context?: RequestContext): Array<{ label: string; value: string }>;
  /** Records a 👍 / 👎 on an answer; false when the user is over their limit and it was not recorded. */
  feedback(entry: { query: string; passageId?: string; vote: Vote }, context: RequestContext): boolean;
  /** Before a person's request (a query, a click, a vote: `ask`; `autocomplete`): lets shared limits look this user up. */
  prepare?(context: RequestContext, kind: LimitKind): Promise<void>;
}

/** An answer in a chat: the request as answered, the answer, and what may follow it. */
export interface Reply {
  request: Request;
  answer: Answer;
  followUps: FollowUp[];
}

/** Per-user limiters. A shared store is asked ahead of the request (`prepare`, async), so the limiters can answer at once. */
export interface Limiters {
  ask: RateLimiter;
  autocomplete: RateLimiter;
  prepare?(kind: LimitKind, key: string): Promise<void>;
}

export type LimitKind = 'ask' | 'autocomplete';

/** One line of the feedback log: a query that found nothing, or a vote on an answer. */
export interface FeedbackEntry {
  type: 'unanswered' | 'vote';
  at: string;
  platform: RequestContext['platform'];
  query: string;
  command?: string;
  vote?: Vote;
  passageId?: string;
  /** Only when the operator opts in (`REDLINE_FEEDBACK_USER_IDS`). */
  userId?: string;
}

export interface RedlineOptions {
  /** The slash command's name, for help text. Default `redline`. */
  command?: string;
  /** Per-user limit of queries and votes: at most `count` in `seconds`. Default 10 per 30 s. */
  rateLimit?: RateLimit;
  /** Per-user limit of autocomplete requests (sent while people type). Default 60 per 30 s. */
  autocompleteRateLimit?: RateLimit;
  /** The limiters themselves (shared across replicas, say); they replace the two limits above. */
  limiters?: Limiters;
  /** Receives each feedback entry (the shell appends them to a JSON-lines file). Default: dropped. */
  recordFeedback?: (entry: FeedbackEntry) => void;
  /** Keep user ids in feedback entries. Default `false`. */
  feedbackUserIds?: boolean;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Told of every request answered (queries, clicks and votes): for metrics and daily counts. Default: none. */
  observe?: (event: RequestEvent) => void;
  /** A monotonic clock for how long requests take, ms. Default `now`. */
  monotonic?: () => number;
  /** How many replies are kept per corpus version (see replies.ts; 0: every request is answered anew). Default `REPLIES_KEPT`. */
  keptReplies?: number;
}

/** A library with what the commands need beside it (speaker attributions), built once per corpus version. */
export interface CorpusIndex {
  library: Library;
  context: Omit<AnswerContext, 'command'>;
  loadedAt: string;
  /** Which documents each chat channel may search (`channels.yaml`); every channel searches everything without it. */
  channels?: ChannelScopes;
}

/**
 * The index with the corpus's channel scopes; an id the corpus does not have is an error naming the
 * file. Each scope is kept once per corpus version in corpus order, without repeats (a scope's topics
 * and briefing list its documents in that order), so no request sorts it.
 */
export function withChannels(index: CorpusIndex, channels: ChannelScopes | undefined, file = CHANNELS_FILE): CorpusIndex {
  if (!channels) return index;
  const { library } = index;
  const inCorpusOrder = (ids: string[]): string[] => {
    for (const id of ids) if (!library.documentMeta(id)) throw new CorpusError(file, undefined, `no document "${id}" in the corpus`);
    return [...new Set(ids)].sort((a, b) => library.position(a) - library.position(b));
  };
  const ordered: ChannelScopes = {
    channels: new Map([...channels.channels].map(([channel, ids]) => [channel, inCorpusOrder(ids)])),
    ...(channels.settings ? { settings: channels.settings } : {}),
  };
  if (channels.other) ordered.other = inCorpusOrder(channels.other);
  return { ...index, channels: ordered };
}

/** Indexes loaded documents (or restores a snapshot of their index) for `createRedline`. */
export function buildCorpusIndex(documents: Document[], options: LibraryOptions = {}, now = Date.now, snapshot?: LibrarySnapshot): CorpusIndex {
  return corpusIndexOf(new Library(documents, options, snapshot), now);
}

/** The corpus index of a library already built (or restored by `Library.restore`). */
export function corpusIndexOf(library: Library, now = Date.now): CorpusIndex {
  // Only `quote` needs who-said-what: worked out per document on first use, so start-up does not pay for it.
  const attributions = new Map<string, Attribution[]>();
  const byDocument = (documentId: string): Attribution[] => {
    let found = attributions.get(documentId);
    if (!found) {
      found = findAttributions(library.passagesOf(documentId));
      attributions.set(documentId, found);
    }
    return found;
  };
  let examples: Examples | undefined;
  const examplesOf = () => (examples ??= findExamples(library, byDocument));
  return { library, context: { library, attributions: byDocument, examples: examplesOf }, loadedAt: new Date(now()).toISOString() };
}

/** The running service: a `Redline` whose corpus the shell can swap whole (`replace`) while it serves. */
export interface RedlineService extends Redline {
  replace(index: CorpusIndex): void;
  current(): CorpusIndex;
}

const defaults = { command: 'redline', rateLimit: { count: 10, seconds: 30 }, autocompleteRateLimit: { count: 60, seconds: 30 }, feedbackUserIds: false };

/** Builds the service over a corpus index. */
export function createRedline(initial: CorpusIndex, options: RedlineOptions = {}): RedlineService {
  const { command, rateLimit, autocompleteRateLimit, feedbackUserIds } = { ...defaults, ...options };
  const now = options.now ?? Date.now;
  const record = options.recordFeedback ?? (() => {});
  const limiters = options.limiters ?? { ask: createRateLimiter(rateLimit, now), autocomplete: createRateLimiter(autocompleteRateLimit, now) };
  // Only a person's own requests count: a lookup without a user id (the topics beside "nothing found") is free.
  const limited = (context: RequestContext | undefined, limiter: RateLimiter): number =>
    context?.userId ? limiter(`${context.platform}:${context.userId}`) : 0;
  let index = initial;
  // Per corpus version: replaced with the index.
  const kept = options.keptReplies ?? REPLIES_KEPT;
  let replies = new RecentValues<Reply>(kept);
  let completions = new RecentValues<Array<{ label: string; value: string }>>(kept);

  const entry = (context: RequestContext, fields: Omit<FeedbackEntry, 'at' | 'platform'>): FeedbackEntry => ({
    ...fields,
    at: new Date(now()).toISOString(),
    platform: context.platform,
    ...(feedbackUserIds && context.userId ? { userId: context.userId } : {}),
  });

  // Every request that found nothing is noted, whether or not its answer was worked out anew.
  const noteAsked = (request: Request, context: RequestContext, result: Answer): void => {
    // Scripts (the `redline` tool) would flood the gaps log; people asking in chat or the console count.
    if (askedAnew(request, context) && foundNothing(result)) record(entry(context, { type: 'unanswered', query: request.text, command: request.command }));
  };

  const handle = (request: Request, context: RequestContext): Answer => {
    const wait = limited(context, limiters.ask);
    if (wait) return { kind: 'rate-limited', retryAfterSeconds: wait };
    const result = answerInScope({ ...index.context, command }, request, scopeOf(index.channels, context.channel));
    noteAsked(request, context, result);
    return result;
  };

  const replyTo = (request: Request, scope: string[] | undefined, options: { shared?: boolean }): Reply => {
    const result = answerInScope({ ...index.context, command }, request, scope);
    // Looked up beside the answer, not asked for: no rate limit, no feedback entry.
    const topicsRequest: Request = { command: 'topics', text: '', ...(request.doc ? { doc: request.doc } : {}) };
    const topics = foundNothing(result) ? answerInScope({ ...index.context, command }, topicsRequest, scope) : undefined;
    const followUps = followUpsFor(result, request, { ...options, ...(topics?.kind === 'topics' ? { topics: topics as TopicsAnswer } : {}) });
    return { request, answer: result, followUps };
  };

  const service: RedlineService = {
    current: () => index,
    loadedAt: () => index.loadedAt,
    replace(next) {
      index = next;
      replies = new RecentValues(kept);
      completions = new RecentValues(kept);
    },
    handle,
    respond(asked, context, options = {}) {
      const request = chatRequest(asked);
      const wait = limited(context, limiters.ask);
      if (wait) {
        const slowDown: Answer = { kind: 'rate-limited', retryAfterSeconds: wait };
        return { request, answer: slowDown, followUps: followUpsFor(slowDown, request, options) };
      }
      const scope = scopeOf(index.channels, context.channel);
      const reply = replies.getOrSet(JSON.stringify([scope, request, options.shared === true]), () => replyTo(request, scope, options));
      noteAsked(request, context, reply.answer);
      return reply;
    },
    async prepare(context, kind) {
      if (context.userId && limiters.prepare) await limiters.prepare(kind, `${context.platform}:${context.userId}`);
    },
    autocomplete(typed, limit, doc, context) {
      if (limited(context, limiters.autocomplete)) return [];
      const scope = scopeOf(index.channels, context?.channel);
      return completions.getOrSet(JSON.stringify([scope, typed, limit, doc]), () => {
        if (!scope) return index.library.complete(typed, limit, doc);
        // The channel's documents in one pass (the best completions among them, not each document's in turn).
        if (doc !== undefined) return scope.includes(doc) ? index.library.complete(typed, limit, doc) : [];
        return index.library.complete(typed, limit, new Set(scope));
      });
    },
    feedback({ query, passageId, vote }, context) {
      // Votes count against the same allowance as queries, so one person cannot steer `redline gaps`.
      if (limited(context, limiters.ask)) return false;
      record(entry(context, { type: 'vote', query, vote, ...(passageId ? { passageId } : {}) }));
      return true;
    },
  };
  return options.observe ? observeService(service, options.observe, options.monotonic ?? now) : service;
}
