import { channelsWith, scopeOf, settingsOf, type Channel } from '../channels/channels.js';
import { answerInScope } from '../channels/scope.js';
import { chatRequest, followUpsFor, foundNothing, type FollowUp, type TopicsAnswer } from '../chat/follow-ups.js';
import { shouldAnswerUnasked, unaskedRequest, unaskedShown } from '../chat/unasked.js';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.js';
import { LRUCache } from 'lru-cache';
import { keptOrMade, REPLIES_KEPT } from './replies.js';
import type { CorpusIndex } from './corpus-index.js';
import type { Answer, Request, Vote } from '../types.js';
import { isWatchCommand, watchCommand, type WatchChannel, type WatchStore } from '../briefings/watches.js';
import { askedAnew, observeService, type RequestEvent } from './observe.js';

export type { RequestEvent } from './observe.js';

// The service every adapter talks to (`Redline`), built (`createRedline`) over a corpus index
// (corpus-index.ts) that the shell can swap whole while it serves.

/** Where a request came from: which platform, and who asked (for rate limits and feedback). */
export interface RequestContext {
  platform: 'slack' | 'discord' | 'console' | 'cli';
  /** The platform's user id; never logged unless the operator opts in. */
  userId?: string;
  /** The chat channel asked in: `channels.yaml` may limit what it searches. */
  channel?: Channel;
  /** The conversation is a direct message, not a channel (watches need a channel). */
  direct?: boolean;
}

export type { Vote } from '../types.js';

/**
 * What every adapter talks to: answers requests against the current corpus (which can be
 * swapped when the corpus changes), applies per-user rate limits and records feedback.
 */
export interface Redline {
  /**
   * The one door for a request, from every platform, the console and the CLI: applies the user's
   * rate limit and the channel's scope once, answers, and says what may follow the answer (page,
   * share, vote, suggestions, the topics when nothing was found). A chat asks one page of results at
   * a time; a script (`paged: false`) gets the request's own limit. The same request in the same
   * scope gets the same `Reply` object while the corpus stays (see replies.ts): never modify one.
   * Never throws for bad input: usage problems come back as `{ kind: 'usage' }`.
   */
  respond(request: Request, context: RequestContext, options?: RespondOptions): Reply;
  /** When the corpus serving now was loaded (ISO 8601). */
  loadedAt(): string;
  /** Autocomplete choices for what has been typed so far (at most `limit`; none past the user's autocomplete limit). */
  autocomplete(typed: string, limit: number, doc?: string, context?: RequestContext): Array<{ label: string; value: string }>;
  /** Records a 👍 / 👎 on an answer; false when the user is over their limit and it was not recorded. */
  feedback(entry: { query: string; passageId?: string; vote: Vote }, context: RequestContext): boolean;
  /** Before a person's request (a query, a click, a vote: `ask`; `autocomplete`): lets shared limits look this user up. */
  prepare?(context: RequestContext, kind: LimitKind): Promise<void>;
  /**
   * A message posted in a channel without a mention: the reply to post for everyone (one passage,
   * votes, the 👎 hiding it) when the channel's `answer:` takes the message and the answer is sure
   * enough; undefined to say nothing. Only answers posted count against the channel's and the
   * asker's unasked limits; a message that finds nothing is not noted as unanswered.
   */
  answerUnasked?(text: string, context: RequestContext & { channel: Channel; userId: string }): Promise<Reply | undefined>;
  /** Whether some channel of the corpus now serving is set to answer without a mention (Discord then asks for message content). */
  answersUnasked?(): boolean;
}

/** How a request is answered beside what it asks. */
export interface RespondOptions {
  /** The answer is being posted for everyone: only votes follow it. */
  shared?: boolean;
  /** One page of results at a time, as a chat shows them (default); false: the request's own limit (the CLI). */
  paged?: boolean;
}

/** An answer: the request as answered, the answer, and what may follow it. */
export interface Reply {
  request: Request;
  answer: Answer;
  followUps: FollowUp[];
}

/** Per-user limiters. A shared store is asked ahead of the request (`prepare`, async), so the limiters can answer at once. */
export interface Limiters {
  ask: RateLimiter;
  autocomplete: RateLimiter;
  /** Answers posted unasked, per channel and per asker (default: `UNASKED_LIMITS`, in process). */
  'unasked-channel'?: RateLimiter;
  'unasked-user'?: RateLimiter;
  prepare?(kind: LimitKind, key: string): Promise<void>;
}

export type LimitKind = 'ask' | 'autocomplete' | 'unasked-channel' | 'unasked-user';

/** How many answers redline posts unasked: per channel, and per person asking, so a busy channel cannot make it flood. */
export const UNASKED_LIMITS: Record<'unasked-channel' | 'unasked-user', RateLimit> = {
  'unasked-channel': { count: 6, seconds: 60 },
  'unasked-user': { count: 2, seconds: 60 },
};

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
  /** The clock, in milliseconds (the shell passes `Date.now`; tests a clock of their own). */
  now: () => number;
  /** Told of every request answered (queries, clicks and votes): for metrics and daily counts. Default: none. */
  observe?: (event: RequestEvent) => void;
  /** A monotonic clock for how long requests take, ms. Default `now`. */
  monotonic?: () => number;
  /** How many replies are kept per corpus version (see replies.ts; 0: every request is answered anew). Default `REPLIES_KEPT`. */
  keptReplies?: number;
  /** Where `watch`, `unwatch` and `watches` keep a channel's topics (the shell's file or Redis). Default none: they say so. */
  watches?: WatchStore;
}

/** The running service: a `Redline` whose corpus the shell can swap whole (`replace`) while it serves. */
export interface RedlineService extends Redline {
  replace(index: CorpusIndex): void;
  current(): CorpusIndex;
}

const defaults = {
  command: 'redline',
  rateLimit: { count: 10, seconds: 30 },
  autocompleteRateLimit: { count: 60, seconds: 30 },
  feedbackUserIds: false,
};

/** Builds the service over a corpus index. */
export function createRedline(initial: CorpusIndex, options: RedlineOptions): RedlineService {
  const { command, rateLimit, autocompleteRateLimit, feedbackUserIds } = { ...defaults, ...options };
  const { now } = options;
  const record = options.recordFeedback ?? (() => {});
  const limiters = options.limiters ?? {
    ask: createRateLimiter(rateLimit, now),
    autocomplete: createRateLimiter(autocompleteRateLimit, now),
  };
  const unaskedLimiters = {
    'unasked-channel': limiters['unasked-channel'] ?? createRateLimiter(UNASKED_LIMITS['unasked-channel'], now),
    'unasked-user': limiters['unasked-user'] ?? createRateLimiter(UNASKED_LIMITS['unasked-user'], now),
  };
  // Only a person's own requests count: a lookup without a user id (the topics beside "nothing found") is free.
  const limited = (context: RequestContext | undefined, limiter: RateLimiter): number =>
    context?.userId ? limiter(`${context.platform}:${context.userId}`) : 0;
  let index = initial;
  // Per corpus version: replaced with the index.
  const kept = options.keptReplies ?? REPLIES_KEPT;
  type Completions = Array<{ label: string; value: string }>;
  // With nothing kept (a benchmark of answering itself) every request is answered anew.
  const cache = <V extends {}>() => (kept > 0 ? new LRUCache<string, V>({ max: kept }) : undefined);
  let replies = cache<Reply>();
  let completions = cache<Completions>();
  const keep = <V extends {}>(store: LRUCache<string, V> | undefined, key: string, make: () => V): V =>
    store ? keptOrMade(store, key, make) : make();

  const entry = (context: RequestContext, fields: Omit<FeedbackEntry, 'at' | 'platform'>): FeedbackEntry => ({
    ...fields,
    at: new Date(now()).toISOString(),
    platform: context.platform,
    ...(feedbackUserIds && context.userId ? { userId: context.userId } : {}),
  });

  // Every request that found nothing is noted, whether or not its answer was worked out anew.
  const noteAsked = (request: Request, context: RequestContext, result: Answer): void => {
    // Scripts (the `redline` tool) would flood the gaps log; people asking in chat or the console count.
    if (askedAnew(request, context) && foundNothing(result))
      record(entry(context, { type: 'unanswered', query: request.text, command: request.command }));
  };

  const watchChannel = (context: RequestContext): WatchChannel | undefined =>
    context.channel && !context.direct && (context.platform === 'slack' || context.platform === 'discord')
      ? { platform: context.platform, id: context.channel.id }
      : undefined;
  // Watches change state: answered each time, never from the kept replies.
  const watching = (request: Request, context: RequestContext): Answer =>
    watchCommand(options.watches, request, watchChannel(context), command);

  const replyTo = (request: Request, scope: string[] | undefined, options: RespondOptions): Reply => {
    const result = answerInScope({ ...index.context, command }, request, scope);
    // Looked up beside the answer, not asked for: no rate limit, no feedback entry.
    const topicsRequest: Request = { command: 'topics', text: '', ...(request.doc ? { doc: request.doc } : {}) };
    const topics = foundNothing(result) ? answerInScope({ ...index.context, command }, topicsRequest, scope) : undefined;
    const followUps = followUpsFor(result, request, {
      ...options,
      ...(topics?.kind === 'topics' ? { topics: topics as TopicsAnswer } : {}),
    });
    return { request, answer: result, followUps };
  };

  const service: RedlineService = {
    current: () => index,
    loadedAt: () => index.loadedAt,
    replace(next) {
      index = next;
      replies = cache<Reply>();
      completions = cache<Completions>();
    },
    respond(asked, context, options = {}) {
      const request = options.paged === false ? asked : chatRequest(asked);
      const wait = limited(context, limiters.ask);
      if (wait) {
        const slowDown: Answer = { kind: 'rate-limited', retryAfterSeconds: wait };
        return { request, answer: slowDown, followUps: followUpsFor(slowDown, request, options) };
      }
      if (isWatchCommand(request.command)) return { request, answer: watching(request, context), followUps: [] };
      const scope = scopeOf(index.channels, context.channel);
      const reply = keep(replies, JSON.stringify([scope, request, options.shared === true]), () =>
        replyTo(request, scope, { shared: options.shared === true }),
      );
      noteAsked(request, context, reply.answer);
      return reply;
    },
    answersUnasked: () => channelsWith(index.channels, (settings) => settings.answer !== 'mentions').length > 0,
    async answerUnasked(text, context) {
      const settings = settingsOf(index.channels, context.channel);
      const request = settings && unaskedRequest(text, settings.answer);
      if (!settings || !request) return undefined;
      const result = answerInScope({ ...index.context, command }, request, scopeOf(index.channels, context.channel));
      if (!shouldAnswerUnasked(result, settings)) return undefined;
      // The asker first: one person's run of questions does not use up the channel's allowance.
      const keys = [
        ['unasked-user', `${context.platform}:${context.userId}`],
        ['unasked-channel', `${context.platform}:${context.channel.id}`],
      ] as const;
      for (const [kind, key] of keys) {
        await limiters.prepare?.(kind, key);
        if (unaskedLimiters[kind](key)) return undefined;
      }
      const shown = unaskedShown(result);
      const asked = { ...request, limit: 1 };
      return { request: asked, answer: shown, followUps: followUpsFor(shown, asked, { shared: true, unasked: true }) };
    },
    async prepare(context, kind) {
      if (context.userId && limiters.prepare) await limiters.prepare(kind, `${context.platform}:${context.userId}`);
    },
    autocomplete(typed, limit, doc, context) {
      if (limited(context, limiters.autocomplete)) return [];
      const scope = scopeOf(index.channels, context?.channel);
      return keep(completions, JSON.stringify([scope, typed, limit, doc]), () => {
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
