// Every kind of request a person can send, timed in-process on the path a Slack request takes
// (core answer, the topics that come with a no-answer reply, Block Kit rendering), without HTTP.
// The corpus's YAML is read as the app reads it (the full parser for what simple lines do not cover).
import '../app/corpus/yaml.js';
import { answerRequest, type ListenerDeps } from '../adapters/slack/listeners.js';
import { parseRequest } from '../src/request/parse.js';
import { silentLogger } from '../src/log.js';
import { parseChannels } from '../src/channels/channels.js';
import { createRedline } from '../src/service/service.js';
import { withChannels, type CorpusIndex } from '../src/service/corpus-index.js';
import type { Request } from '../src/types.js';
import type { EvalQuery } from './hits.js';
import { LOAD_RATE_LIMIT, LOAD_USERS } from './http-load.js';
import { percentile, round } from './stats.js';

/** The kinds of request, in the order the report shows them. */
export const REQUEST_KINDS = [
  'help',
  'topics',
  'brief',
  'brief <topic>',
  'quote',
  'ask hit',
  'ask no-answer',
  'ask in a channel',
  'autocomplete',
  'button: page',
  'button: share',
  'button: vote',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** A channel open to this many of the corpus's documents (channels.yaml): its questions search them as one scope. */
export const CHANNEL_DOCUMENTS = 20;

/** The p99 no request kind may exceed on the corpus of 9,000+ documents (x10): the bench exits non-zero past it. */
export const REQUEST_P99_LIMIT_MS = 10;

export interface RequestKindRow {
  corpus: string;
  scale: number;
  documents: number;
  kind: RequestKind;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  samples: number;
  /** Mean size of the rendered Slack reply, JSON bytes (0 for autocomplete and votes: no message). */
  reply_bytes: number;
}

export interface RequestTimingOptions {
  /** Timed passes over a kind's inputs go on until this much time is spent (at least `minPasses`). */
  budgetMs: number;
  minPasses: number;
  maxPasses: number;
}

/** One unit of work of a kind; returns the reply's size in bytes. */
type Work = (user: string) => number;

/**
 * The inputs of each kind: the eval queries that have an answer (ask, brief on a topic, page, share),
 * those that have none (plus a made-up word), their first words for quote, their prefixes for autocomplete.
 */
export function requestWork(index: CorpusIndex, queries: readonly EvalQuery[]): Record<RequestKind, Work[]> {
  // No reply kept: each call is answered and rendered anew (a kept reply costs about 0.01 ms, whatever its kind).
  const redline = createRedline(index, { now: Date.now, rateLimit: LOAD_RATE_LIMIT, keptReplies: 0 });
  const deps: ListenerDeps = { redline, log: silentLogger, command: 'redline' };
  const slack =
    (request: Request, sharedBy?: string): Work =>
    (user) =>
      JSON.stringify(answerRequest(deps, request, { userId: user, asked: request.text, ...(sharedBy ? { sharedBy } : {}) }).message).length;
  const channelIds = index.library.documents.slice(0, CHANNEL_DOCUMENTS).map((d) => d.id);
  const channelled: ListenerDeps = {
    ...deps,
    redline: createRedline(withChannels(index, parseChannels(`channels:\n  C0SCOPED: ${JSON.stringify(channelIds)}\n`)), {
      now: Date.now,
      rateLimit: LOAD_RATE_LIMIT,
      keptReplies: 0,
    }),
  };
  const inChannel =
    (text: string): Work =>
    (user) =>
      JSON.stringify(answerRequest(channelled, parseRequest(text), { userId: user, asked: text, channel: { id: 'C0SCOPED' } }).message)
        .length;
  const typed = (text: string, sharedBy?: string) => slack(parseRequest(text), sharedBy);
  const answerable = queries.filter((q) => q.expect.length).map((q) => q.q);
  const unanswerable = [...queries.filter((q) => !q.expect.length).map((q) => q.q), 'qwxzv plorb'];
  const firstWords = [...new Set(answerable.map((q) => q.split(' ')[0]!))];
  return {
    help: [typed('help')],
    topics: [typed('topics')],
    brief: [typed('brief')],
    'brief <topic>': answerable.slice(0, 8).map((q) => typed(`brief ${q}`)),
    quote: firstWords.slice(0, 8).map((w) => typed(`quote ${w}`)),
    'ask hit': answerable.map((q) => typed(q)),
    'ask no-answer': unanswerable.map((q) => typed(q)),
    'ask in a channel': [...answerable, ...unanswerable].map((q) => inChannel(q)),
    autocomplete: answerable
      .slice(0, 12)
      .map((q) => () => JSON.stringify(redline.autocomplete(q.slice(0, Math.max(3, Math.ceil(q.length / 2))), 25)).length),
    'button: page': answerable.map((q) => slack({ command: 'ask', text: q, offset: 1 })),
    'button: share': answerable.map((q) => typed(q, 'Ada')),
    'button: vote': answerable.map((q) => (user) => (redline.feedback({ query: q, vote: 'down' }, { platform: 'slack', userId: user }), 0)),
  };
}

/** Times each kind: one untimed pass (unless it alone spends the budget: then it is the sample), then passes until the budget is spent. */
export function timeRequestKinds(
  work: Record<RequestKind, Work[]>,
  options: RequestTimingOptions,
  label: Omit<RequestKindRow, 'kind' | 'p50_ms' | 'p99_ms' | 'max_ms' | 'samples' | 'reply_bytes'>,
  log: (line: string) => void = () => {},
): RequestKindRow[] {
  let call = 0;
  const user = () => `U${String(call++ % LOAD_USERS).padStart(6, '0')}`;
  const rows: RequestKindRow[] = [];
  for (const kind of REQUEST_KINDS) {
    const units = work[kind];
    const pass = (times: number[], sizes: number[]) => {
      for (const unit of units) {
        const start = process.hrtime.bigint();
        sizes.push(unit(user()));
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    };
    let times: number[] = [];
    let sizes: number[] = [];
    const began = process.hrtime.bigint();
    pass(times, sizes);
    const warmupMs = Number(process.hrtime.bigint() - began) / 1e6;
    if (warmupMs < options.budgetMs) {
      times = [];
      sizes = [];
      const started = process.hrtime.bigint();
      let passes = 0;
      while (
        passes < options.minPasses ||
        (passes < options.maxPasses && Number(process.hrtime.bigint() - started) / 1e6 < options.budgetMs)
      ) {
        pass(times, sizes);
        passes++;
      }
    }
    const row: RequestKindRow = {
      ...label,
      kind,
      p50_ms: round(percentile(times, 50), 4),
      p99_ms: round(percentile(times, 99), 4),
      max_ms: round(Math.max(...times), 3),
      samples: times.length,
      reply_bytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
    };
    log(`${label.corpus}: ${kind}: p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms over ${row.samples} calls (${row.reply_bytes} B)`);
    rows.push(row);
  }
  return rows;
}

/** The news copies the request kinds are timed at, beside the article alone (0). */
export const REQUEST_SCALES = [0, 1, 10];

/** Kinds over the p99 limit at x10 (the corpus of 9,000+ documents). */
export function slowRequestKinds(rows: readonly RequestKindRow[]): RequestKindRow[] {
  return rows.filter((r) => r.scale === 10 && !(r.p99_ms <= REQUEST_P99_LIMIT_MS));
}
