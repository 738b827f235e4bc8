import { answer, type AnswerContext } from './answer.js';
import { findAttributions, type Attribution } from './quote.js';
import { Library, type LibraryOptions, type LibrarySnapshot } from './search/library.js';
import type { Redline, RequestContext, Vote } from './service.js';
import type { Answer, Document, Request } from './types.js';

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
  /** Per-user limit: at most `count` requests in `seconds`. Default 10 per 30 s. */
  rateLimit?: { count: number; seconds: number };
  /** Receives each feedback entry (main.ts appends them to a JSON-lines file). Default: dropped. */
  recordFeedback?: (entry: FeedbackEntry) => void;
  /** Keep user ids in feedback entries. Default `false`. */
  feedbackUserIds?: boolean;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** A library with what the commands need beside it (speaker attributions), built once per corpus version. */
export interface CorpusIndex {
  library: Library;
  context: Omit<AnswerContext, 'command'>;
  loadedAt: string;
}

export function buildCorpusIndex(documents: Document[], options: LibraryOptions = {}, now = Date.now, snapshot?: LibrarySnapshot): CorpusIndex {
  const library = new Library(documents, options, snapshot);
  // Only `quote` needs who-said-what: worked out per document on first use, so start-up does not pay for it.
  const attributions = new Map<string, Attribution[]>();
  const byDocument = (documentId: string): Attribution[] => {
    let found = attributions.get(documentId);
    if (!found) {
      found = findAttributions(library.passages.filter((p) => p.documentId === documentId));
      attributions.set(documentId, found);
    }
    return found;
  };
  return { library, context: { library, attributions: byDocument }, loadedAt: new Date(now()).toISOString() };
}

/** A `Redline` whose corpus can be swapped whole (`replace`) while it serves. */
export interface RedlineService extends Redline {
  replace(index: CorpusIndex): void;
  current(): CorpusIndex;
}

const defaults = { command: 'redline', rateLimit: { count: 10, seconds: 30 }, feedbackUserIds: false };

export function createRedline(initial: CorpusIndex, options: RedlineOptions = {}): RedlineService {
  const { command, rateLimit, feedbackUserIds } = { ...defaults, ...options };
  const now = options.now ?? Date.now;
  const record = options.recordFeedback ?? (() => {});
  let index = initial;
  const recent = new Map<string, number[]>();
  let lastPrune = 0;

  // Per user, the times of their last `count` requests: the oldest says when a slot frees up.
  const limited = (context: RequestContext): number => {
    if (!context.userId) return 0;
    const key = `${context.platform}:${context.userId}`;
    const t = now();
    const windowMs = rateLimit.seconds * 1000;
    const times = recent.get(key) ?? [];
    if (times.length >= rateLimit.count && times[0]! > t - windowMs) return Math.max(1, Math.ceil((times[0]! + windowMs - t) / 1000));
    times.push(t);
    if (times.length > rateLimit.count) times.shift();
    recent.set(key, times);
    if (recent.size > 10_000 && t - lastPrune > windowMs) {
      lastPrune = t;
      for (const [k, v] of recent) if (v[v.length - 1]! <= t - windowMs) recent.delete(k);
    }
    return 0;
  };

  const entry = (context: RequestContext, fields: Omit<FeedbackEntry, 'at' | 'platform'>): FeedbackEntry => ({
    ...fields,
    at: new Date(now()).toISOString(),
    platform: context.platform,
    ...(feedbackUserIds && context.userId ? { userId: context.userId } : {}),
  });

  return {
    library: () => index.library,
    current: () => index,
    replace(next) {
      index = next;
    },
    handle(request: Request, context: RequestContext): Answer {
      const wait = limited(context);
      if (wait) return { kind: 'rate-limited', retryAfterSeconds: wait };
      const result = answer({ ...index.context, command }, request);
      const unanswered =
        (result.kind === 'results' && result.total === 0) ||
        (result.kind === 'quote' && !result.quotes.length) ||
        (result.kind === 'brief' && result.topic !== '' && !result.items.length);
      // Scripts (the `redline` tool) would flood the gaps log; people asking in chat or the console count.
      if (unanswered && (request.offset ?? 0) === 0 && context.platform !== 'cli') record(entry(context, { type: 'unanswered', query: request.text, command: request.command }));
      return result;
    },
    autocomplete(typed, limit, doc) {
      return index.library.complete(typed, limit, doc);
    },
    feedback({ query, passageId, vote }, context) {
      record(entry(context, { type: 'vote', query, vote, ...(passageId ? { passageId } : {}) }));
    },
  };
}
