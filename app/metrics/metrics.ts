import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestEvent } from '../../src/service/service.js';

/** What the gauges read when scraped: the corpus serving now, and Redis when it is configured. */
export interface MetricSources {
  corpus: () => { documents: number; passages: number; skipped: number; partlyRead: number };
  /** Absent without `REDIS_URL`: no `redline_redis_up` is exposed then. */
  redis?: () => 'ok' | 'down';
}

/** Latency buckets, seconds: an answer takes a millisecond or two; a slow one (a huge corpus, a busy host) tenths. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The process's Prometheus metrics (prom-client): requests by platform, kind and outcome, their
 * latency per kind, the corpus's size and reloads, Redis up, and Node's default metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'platform' | 'kind' | 'outcome'>;
  private readonly latency: Histogram<'kind'>;
  private readonly reloads: Counter<'result'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'redline_requests_total',
      help: 'Requests answered, by platform, kind (ask, topics, brief, quote, help, vote) and outcome (answered, nothing, rate-limited, error).',
      labelNames: ['platform', 'kind', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'redline_request_duration_seconds',
      help: 'How long the service took to answer, by kind.',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.reloads = new Counter({
      name: 'redline_corpus_reloads_total',
      help: 'Corpus reloads after a change, by result (ok, failed).',
      labelNames: ['result'],
      registers,
    });
    // Counters start at 0 for each result, so a rate over them exists before the first reload.
    this.reloads.inc({ result: 'ok' }, 0);
    this.reloads.inc({ result: 'failed' }, 0);
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('redline_corpus_documents', 'Documents in the corpus serving now.', () => sources.corpus().documents);
    gauge('redline_corpus_passages', 'Passages in the corpus serving now.', () => sources.corpus().passages);
    gauge('redline_corpus_skipped_files', 'Corpus files skipped (not read) in the corpus serving now.', () => sources.corpus().skipped);
    gauge(
      'redline_corpus_partly_read_files',
      'Corpus files read in part (a page without text) in the corpus serving now.',
      () => sources.corpus().partlyRead,
    );
    const redis = sources.redis;
    if (redis)
      gauge('redline_redis_up', '1 while Redis (REDIS_URL) answers, 0 while each replica falls back to its own state.', () =>
        redis() === 'ok' ? 1 : 0,
      );
  }

  /** Counts a request the service answered (`createRedline`'s `observe`). */
  observe(event: RequestEvent): void {
    this.requests.inc({ platform: event.platform, kind: event.kind, outcome: event.outcome });
    if (event.kind !== 'vote') this.latency.observe({ kind: event.kind }, event.ms / 1000);
  }

  /** Counts a corpus reload after a change. */
  reloaded(ok: boolean): void {
    this.reloads.inc({ result: ok ? 'ok' : 'failed' });
  }

  /** The exposition: Prometheus' text format. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
