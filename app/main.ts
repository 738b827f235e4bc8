import { pathToFileURL } from 'node:url';
import { runConsole } from '../adapters/console/index.js';
import type { HttpServer } from '../adapters/http/server.js';
import { ConfigError, configuredPlatforms, type Config } from './config/config.js';
import { CorpusError } from '../src/corpus/load.js';
import { englishLexicon } from './corpus/english.js';
import { configFromEnvironment } from './config/env.js';
import { createLogger, type Logger } from './log.js';
import { loadCorpusInWorker } from './corpus/thread.js';
import { corpusOptions, loadRedline, type LoadedCorpus } from './corpus/index.js';
import { watchCorpus, type CorpusWatcher } from './corpus/watch.js';
import { followSources, type Following } from './briefings/start.js';
import { followCorpus, sharedHealth, startSharedState } from './replicas/replicas.js';
import { KeptQueries } from './replicas/long-queries.js';
import { corpusVersion, type SharedState } from './replicas/redis.js';
import type { RedlineService } from '../src/service/service.js';

/** A platform that has started; `stop` lets requests in flight finish. */
export interface RunningPlatform {
  stop(): Promise<void>;
}

export interface Running {
  http?: HttpServer;
  port?: number;
  stop(): Promise<void>;
}

/**
 * `npm start`: starts every platform the environment configures, with the one HTTP server for
 * them and `/healthz`; with none configured, the local console on standard input.
 */
export async function start(config: Config, log: Logger, io = { stdin: process.stdin, stdout: process.stdout }): Promise<Running> {
  const platforms = configuredPlatforms(config);
  if (!platforms.length) {
    const { redline, feedback, corpus } = await loadRedline(config, { log });
    const interactive = Boolean((io.stdin as { isTTY?: boolean }).isTTY);
    // Live reload in the console too, while someone is typing at it.
    // Sources are followed while someone works at the console, not for a one-off query piped in.
    const following = interactive ? followSources(config, log.child({ part: 'sources' })) : undefined;
    const watcher = config.watchCorpus ? watchFolder(config, redline, corpus, log, undefined, following) : undefined;
    void following?.update(corpus.extras);
    try {
      await runConsole({ redline, input: io.stdin, output: io.stdout, interactive, command: config.command });
    } finally {
      watcher?.close();
      await following?.stop();
    }
    await feedback.flush();
    return { stop: async () => {} };
  }

  const { HttpServer } = await import('../adapters/http/server.js');
  const { feedback: localFeedback, shared } = await startSharedState(config, log);
  const http = new HttpServer(log.child({ part: 'http' }), { ...config.http, ...(shared ? { seen: shared.seen } : {}) });
  const address = await http.listen(config.port, config.host);
  log.info({ port: address.port, host: config.host, platforms }, 'http server listening');

  const { redline, feedback, corpus } = await loadRedline(config, { log, feedback: localFeedback, ...(shared ? { shared } : {}) });
  // The word lists are read on first use (the console and the CLI rarely need them); a server reads them now, between requests.
  setImmediate(() => englishLexicon().warm?.());
  let watcher: CorpusWatcher | undefined;
  const expected = [...(config.slack.mode ? ['slack'] : []), ...(config.discord.token || config.discord.publicKey ? ['discord'] : [])];
  const started: string[] = [];
  const failed: string[] = [];
  http.setHealth(() => {
    const index = redline.current();
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
  });

  const running: RunningPlatform[] = [];
  const launch = async (name: string, load: () => Promise<RunningPlatform>) => {
    try {
      running.push(await load());
      started.push(name);
      log.info({ platform: name }, 'platform started');
    } catch (error) {
      // A token the platform refuses is an unusable variable: start-up stops, naming it.
      if (error instanceof ConfigError) throw error;
      failed.push(name);
      log.error({ platform: name, err: { message: (error as Error).message } }, `platform failed to start: ${(error as Error).message}`);
    }
  };
  await Promise.all([
    config.slack.mode
      ? launch('slack', async () => (await import('../adapters/slack/index.js')).startSlack(config, redline, log.child({ platform: 'slack' }), http))
      : undefined,
    config.discord.token || config.discord.publicKey
      ? launch('discord', async () => (await import('../adapters/discord/index.js')).startDiscord(config, redline, log.child({ platform: 'discord' }), http, new KeptQueries(shared)))
      : undefined,
  ]);

  // Items of the sources followed are written into the folder; the watcher serves them.
  const following = followSources(config, log.child({ part: 'sources' }), shared);
  if (config.watchCorpus) watcher = watchFolder(config, redline, corpus, log, shared, following);
  void following.update(corpus.extras);
  if (shared) followCorpus(shared, redline, () => loadCorpusInWorker(config.corpusDir, corpusOptions(config, log.child({ part: 'corpus' }))), log.child({ part: 'corpus' }));

  return {
    http,
    port: address.port,
    async stop() {
      watcher?.close();
      const unfollowed = following.stop();
      // The HTTP server first: what is in flight, and what follows it (posts to Slack), is answered before platforms stop.
      await http.close(4000);
      await unfollowed;
      await Promise.allSettled(running.map((p) => p.stop()));
      await feedback.flush();
      await shared?.close();
    },
  };
}

/** Watches the corpus folder and reloads it in the worker thread, so serving never pauses for it. */
function watchFolder(config: Config, redline: RedlineService, corpus: LoadedCorpus, log: Logger, shared?: SharedState, following?: Following): CorpusWatcher {
  const corpusLog = log.child({ part: 'corpus' });
  const onLoad = (loaded: LoadedCorpus) => {
    // With replicas, the one that saw the change tells the others (they read the same files).
    shared?.publishCorpus(corpusVersion(loaded.index));
    void following?.update(loaded.extras);
  };
  return watchCorpus(config.corpusDir, redline, () => loadCorpusInWorker(config.corpusDir, corpusOptions(config, corpusLog)), corpusLog, corpus, { onLoad });
}

/** The corpus part of `/healthz`: files skipped or partly read, and a change not applied (names and reasons, never content). */
function corpusHealth(watcher: CorpusWatcher | undefined, corpus: LoadedCorpus) {
  const { skipped, problems, broken } = watcher?.status() ?? { ...corpus.report, broken: undefined };
  return { skipped, problems, ...(broken ? { broken } : {}) };
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
  const consoleOnly = configuredPlatforms(config).length === 0;
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
