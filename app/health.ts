import type { HealthReport } from '../adapters/http/server.js';
import type { RedlineService } from '../src/service/service.js';
import type { LoadedCorpus } from './corpus/index.js';
import type { CorpusWatcher } from './corpus/watch.js';
import type { Platforms } from './platforms.js';
import type { SharedState } from './replicas/redis.js';
import { sharedHealth } from './replicas/replicas.js';

/** What `/healthz` reports: ok once the corpus is loaded and every configured platform has started. */
export function healthReport(
  redline: RedlineService,
  platforms: Platforms,
  corpus: LoadedCorpus,
  watcher: CorpusWatcher | undefined,
  shared: SharedState | undefined,
): HealthReport {
  const index = redline.current();
  const { expected, started, failed } = platforms;
  const ok = failed.length === 0 && started.length === expected.length;
  // Redis down is degraded, not down: every replica keeps answering on its own state.
  const replicas = sharedHealth(shared, redline);
  return {
    ok,
    status: ok ? (replicas.redis === 'down' ? 'degraded' : 'ok') : failed.length ? 'degraded' : 'starting',
    ...replicas,
    documents: index.library.documents.length,
    passages: index.library.passages.length,
    loadedAt: index.loadedAt,
    platforms: { started, failed },
    corpus: corpusHealth(watcher, corpus),
  };
}

/** The corpus part of `/healthz`: files skipped or partly read, and a change not applied (names and reasons, never content). */
export function corpusHealth(watcher: CorpusWatcher | undefined, corpus: LoadedCorpus) {
  const { skipped, problems, broken } = watcher?.status() ?? { ...corpus.report, broken: undefined };
  return { skipped, problems, ...(broken ? { broken } : {}) };
}
