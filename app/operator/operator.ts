import { stat } from 'node:fs/promises';
import type { CorpusState, DayView, GapView } from '../../adapters/admin/index.js';
import type { SourcesView } from '../../adapters/admin/sources.js';
import type { HttpServer } from '../../adapters/http/server.js';
import type { Logger } from '../../src/log.js';
import type { CorpusIndex } from '../../src/service/corpus-index.js';
import type { RedlineService, RequestEvent } from '../../src/service/service.js';
import type { Config } from '../config/config.js';
import type { FeedbackLog } from '../feedback/log.js';
import { DailyCounts, dailyFile } from '../metrics/daily.js';
import { Metrics } from '../metrics/metrics.js';
import type { SharedState } from '../replicas/redis.js';

/** How long the gaps read for the page are reused: reading them walks the whole feedback log. */
const GAPS_FRESH_MS = 10_000;

/**
 * What the operator sees of a running server: `/metrics` (always mounted; its token and loopback
 * rules decide who is answered) and `/admin` (with `REDLINE_ADMIN_TOKEN`), fed by the service's
 * observer, the daily counts, the corpus report and the feedback log.
 */
export class Operator {
  private redline: RedlineService | undefined;
  private corpus: () => CorpusState = () => ({ skipped: [], problems: [] });
  private readonly arrivals = new WeakMap<CorpusIndex, Promise<ReadonlyMap<string, string>>>();
  private gapsRead: { at: number; result: Promise<{ gaps: GapView[]; note?: string }> } | undefined;
  readonly metrics: Metrics;

  private constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly daily: DailyCounts,
    private readonly feedback: FeedbackLog,
    private readonly shared: SharedState | undefined,
  ) {
    this.metrics = new Metrics({
      corpus: () => {
        const library = this.redline?.current().library;
        const { skipped, problems } = this.corpus();
        return {
          documents: library?.documents.length ?? 0,
          passages: library?.passages.length ?? 0,
          skipped: skipped.length,
          partlyRead: problems.length,
        };
      },
      ...(shared ? { redis: () => shared.status() } : {}),
    });
  }

  static async start(config: Config, log: Logger, feedback: FeedbackLog, shared?: SharedState): Promise<Operator> {
    const daily = await DailyCounts.open(dailyFile(config.feedbackLog), { log, ...(shared ? { shared } : {}) });
    return new Operator(config, log, daily, feedback, shared);
  }

  /** `createRedline`'s observer: metrics and the daily counts. */
  readonly observe = (event: RequestEvent): void => {
    this.metrics.observe(event);
    this.daily.observe(event);
  };

  /** Mounts `/metrics`, and `/admin` when configured, for the service now serving. */
  async mount(http: HttpServer, redline: RedlineService, corpus: () => CorpusState): Promise<void> {
    this.redline = redline;
    this.corpus = corpus;
    const { mountMetrics } = await import('../../adapters/http/metrics.js');
    mountMetrics(http, {
      ...(this.config.metricsToken ? { token: this.config.metricsToken } : {}),
      host: this.config.host,
      scrape: () => this.metrics.scrape(),
    });
    if (!this.config.adminToken) return;
    const { mountAdmin } = await import('../../adapters/admin/index.js');
    // Worked out now, between requests, so the first page is not slowed by it.
    void this.arrivalsOf(redline.current());
    mountAdmin(http, {
      token: this.config.adminToken,
      redline,
      command: this.config.command,
      corpus,
      arrivals: () => this.arrivalsOf(redline.current()),
      days: (n) => this.days(n),
      gaps: (limit) => this.gaps(limit),
      sources: () => this.sources(),
      log: this.log.child({ part: 'admin' }),
    });
  }

  async flush(): Promise<void> {
    await this.daily.flush();
  }

  /** What `redline sources` reports, for the page; a broken sources.yaml is a note, not a failed page. */
  private async sources(): Promise<SourcesView> {
    const { readSourcesReport } = await import('../briefings/report.js');
    const { corpusDir, feedbackLog, redisUrl } = this.config;
    try {
      const report = await readSourcesReport({ corpusDir, feedbackLog, ...(redisUrl ? { redisUrl } : {}) });
      const note = report.redis === 'unreachable' ? 'Redis did not answer: fetches and errors unknown.' : undefined;
      return { ...(report.file ? { file: report.file } : {}), sources: report.sources, ...(note ? { note } : {}) };
    } catch (error) {
      return { sources: [], note: (error as Error).message };
    }
  }

  private days(n: number): Promise<DayView[]> {
    return this.daily.last(n);
  }

  /** When each document's file arrived (its modification time), once per corpus version. */
  private arrivalsOf(index: CorpusIndex): Promise<ReadonlyMap<string, string>> {
    let found = this.arrivals.get(index);
    if (!found) {
      // A document's `file` is the path it was read from (the corpus folder joined to its name).
      found = Promise.all(
        index.library.documents.map(async (d): Promise<[string, string] | undefined> => {
          const s = await stat(d.file).catch(() => undefined);
          return s ? [d.file, s.mtime.toISOString()] : undefined;
        }),
      ).then((pairs) => new Map(pairs.filter((p): p is [string, string] => p !== undefined)));
      this.arrivals.set(index, found);
    }
    return found;
  }

  /** The gaps `redline gaps` prints: the local log, and every replica's with Redis; reused for a few seconds. */
  private gaps(limit: number): Promise<{ gaps: GapView[]; note?: string }> {
    if (this.gapsRead && Date.now() - this.gapsRead.at < GAPS_FRESH_MS) return this.gapsRead.result;
    const result = (async () => {
      await this.feedback.flush();
      const { readGaps } = await import('../feedback/gaps.js');
      const report = await readGaps(this.config.feedbackLog, limit, this.config.redisUrl ? { redisUrl: this.config.redisUrl } : {});
      const notes = [
        report.redis === 'read' ? 'Every replica’s feedback (the Redis stream) and this host’s log.' : '',
        report.redis === 'unreachable' ? 'Redis did not answer: only this host’s log was read.' : '',
        report.skipped ? `${report.skipped} malformed line${report.skipped === 1 ? '' : 's'} skipped.` : '',
      ].filter(Boolean);
      return { gaps: report.gaps, ...(notes.length ? { note: notes.join(' ') } : {}) };
    })();
    this.gapsRead = { at: Date.now(), result };
    result.catch(() => (this.gapsRead = undefined));
    return result;
  }
}
