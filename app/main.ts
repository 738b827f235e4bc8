import { pathToFileURL } from 'node:url';
import { runConsole } from '../adapters/console/index.js';
import type { HttpServer } from '../adapters/http/server.js';
import { ConfigError, configuredPlatforms, type Config } from './config/config.js';
import { corpusHealth, healthReport } from './health.js';
import { expectedPlatforms, startPlatforms, type Platforms } from './platforms.js';
import { CorpusError } from '../src/corpus/load.js';
import { englishLexicon } from './corpus/english.js';
import { configFromEnvironment } from './config/env.js';
import { createLogger, type Logger } from './log.js';
import { loadCorpusInWorker } from './corpus/thread.js';
import { corpusOptions, loadRedline, type LoadedCorpus } from './corpus/index.js';
import { watchCorpus, type CorpusWatcher } from './corpus/watch.js';
import { followSources, type Following } from './briefings/start.js';
import { followCorpus, startSharedState } from './replicas/replicas.js';
import { corpusVersion, type SharedState } from './replicas/redis.js';
import type { RedlineService } from '../src/service/service.js';
import { openBriefingStore, startBriefings, type Briefings } from './briefings/index.js';
import { consolePoster } from '../adapters/console/post.js';

export type { RunningPlatform } from './platforms.js';

export interface Running {
  http?: HttpServer;
  port?: number;
  stop(): Promise<void>;
}

/**
 * `npm start`: starts every platform the environment configures, with the one HTTP server for
 * them, `/healthz` and `/metrics` (and `/admin` with `REDLINE_ADMIN_TOKEN`); with none configured,
 * the local console on standard input, unless `REDLINE_ADMIN_TOKEN` asks for the server alone.
 */
export async function start(config: Config, log: Logger, io = { stdin: process.stdin, stdout: process.stdout }): Promise<Running> {
  const configured = configuredPlatforms(config);
  if (!configured.length && !config.adminToken) {
    const store = await openBriefingStore(config, log.child({ part: 'briefings' }));
    const { redline, feedback, corpus } = await loadRedline(config, { log, watches: store });
    const interactive = Boolean((io.stdin as { isTTY?: boolean }).isTTY);
    // Announcements and digests are printed as they happen, so they can be tried with no tokens.
    const briefings = startBriefings(redline, store, [consolePoster(io.stdout)], log.child({ part: 'briefings' }));
    // Live reload in the console too, while someone is typing at it.
    // Sources are followed while someone works at the console, not for a one-off query piped in.
    const following = interactive ? followSources(config, log.child({ part: 'sources' })) : undefined;
    const watcher = config.watchCorpus
      ? watchFolder(config, redline, corpus, log, { briefings, ...(following ? { following } : {}) })
      : undefined;
    void following?.update(corpus.extras);
    try {
      await runConsole({ redline, input: io.stdin, output: io.stdout, interactive, command: config.command });
    } finally {
      watcher?.close();
      briefings.stop();
      await following?.stop();
      await store.close();
    }
    await feedback.flush();
    return { stop: async () => {} };
  }

  const { HttpServer } = await import('../adapters/http/server.js');
  const { feedback: localFeedback, shared } = await startSharedState(config, log);
  const http = new HttpServer(log.child({ part: 'http' }), { ...config.http, ...(shared ? { seen: shared.seen } : {}) });
  const address = await http.listen(config.port, config.host);
  log.info({ port: address.port, host: config.host, platforms: configured }, 'http server listening');

  const briefingLog = log.child({ part: 'briefings' });
  const store = await openBriefingStore(config, briefingLog, shared);
  // prom-client and the page load only for a server: the console and the tool do not pay for them.
  const { Operator } = await import('./operator/operator.js');
  const operator = await Operator.start(config, log, localFeedback, shared);
  const { redline, feedback, corpus } = await loadRedline(config, {
    log,
    feedback: localFeedback,
    watches: store,
    observe: operator.observe,
    ...(shared ? { shared } : {}),
  });
  // The word lists are read on first use (the console and the CLI rarely need them); a server reads them now, between requests.
  setImmediate(() => englishLexicon().warm?.());
  let watcher: CorpusWatcher | undefined;
  const platforms: Platforms = { expected: expectedPlatforms(config), started: [], failed: [], running: [] };
  http.setHealth(() => healthReport(redline, platforms, corpus, watcher, shared));
  await startPlatforms(config, redline, http, log, shared, platforms);

  const posters = platforms.running.flatMap((p) => (p.poster ? [p.poster] : []));
  const briefings = startBriefings(redline, store, posters, briefingLog);
  const reloaded = (ok: boolean) => operator.metrics.reloaded(ok);
  // Items of the sources followed are written into the folder; the watcher serves them.
  const following = followSources(config, log.child({ part: 'sources' }), shared);
  if (config.watchCorpus)
    watcher = watchFolder(config, redline, corpus, log, { ...(shared ? { shared } : {}), briefings, following, reloaded });
  void following.update(corpus.extras);
  await operator.mount(http, redline, () => corpusHealth(watcher, corpus));
  if (shared)
    followCorpus(
      shared,
      redline,
      () => loadCorpusInWorker(config.corpusDir, corpusOptions(config, log.child({ part: 'corpus' }))),
      log.child({ part: 'corpus' }),
      reloaded,
    );

  return {
    http,
    port: address.port,
    async stop() {
      watcher?.close();
      briefings.stop();
      const unfollowed = following.stop();
      // The HTTP server first: what is in flight, and what follows it (posts to Slack), is answered before platforms stop.
      await http.close(4000);
      await unfollowed;
      await Promise.allSettled(platforms.running.map((p) => p.stop()));
      await Promise.all([feedback.flush(), operator.flush()]);
      await store.close();
      await shared?.close();
    },
  };
}

/** Watches the corpus folder and reloads it in the worker thread, so serving never pauses for it. */
/** What a reload of the corpus folder tells: the other replicas, the briefings, the sources followed, the metrics. */
interface ReloadListeners {
  shared?: SharedState;
  briefings?: Briefings;
  following?: Following;
  reloaded?: (ok: boolean) => void;
}

function watchFolder(
  config: Config,
  redline: RedlineService,
  corpus: LoadedCorpus,
  log: Logger,
  { shared, briefings, following, reloaded }: ReloadListeners,
): CorpusWatcher {
  const corpusLog = log.child({ part: 'corpus' });
  const onLoad = (loaded: LoadedCorpus) => {
    reloaded?.(true);
    // With replicas, the one that saw the change tells the others (they read the same files).
    shared?.publishCorpus(corpusVersion(loaded.index));
    // Documents that entered the corpus are announced (by one replica) once the burst is over.
    void briefings
      ?.corpusChanged()
      .catch((error: unknown) => corpusLog.warn({ err: { message: (error as Error).message } }, 'briefings: noting new documents failed'));
    // A changed sources.yaml changes what is followed.
    void following?.update(loaded.extras);
  };
  const onFail = () => reloaded?.(false);
  return watchCorpus(
    config.corpusDir,
    redline,
    () => loadCorpusInWorker(config.corpusDir, corpusOptions(config, corpusLog)),
    corpusLog,
    corpus,
    { onLoad, onFail },
  );
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = configFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`redline: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const consoleOnly = configuredPlatforms(config).length === 0 && !config.adminToken;
  const log = createLogger(consoleOnly && config.logLevel === 'info' ? 'warn' : config.logLevel);
  let running: Running | undefined;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(0), 4800);
    force.unref();
    Promise.resolve(running?.stop()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
  try {
    running = await start(config, log);
  } catch (error) {
    if (error instanceof CorpusError || error instanceof ConfigError) {
      process.stderr.write(`redline: ${error instanceof CorpusError ? 'corpus' : 'configuration'} error: ${error.message}\n`);
      process.exit(1);
    }
    log.error({ err: error }, 'start-up failed');
    process.stderr.write(`redline: start-up failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
