import { parseArgs } from 'node:util';
import { digest, type Arrival } from '../../src/briefings/digest.js';
import { scopeOf } from '../../src/channels/channels.js';
import { silentLogger } from '../../src/log.js';
import { renderConsolePost } from '../../adapters/console/post.js';
import { configFromEnvironment } from '../config/env.js';
import { corpusOptions, loadCorpusDir } from '../corpus/index.js';
import { briefingsFile, FileBriefingStore, type BriefingStore } from '../briefings/store.js';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';
import { documentJson } from './output.js';

/** Without a last digest or `--since`, a digest covers this far back. */
const DEFAULT_SPAN_MS = 24 * 3600 * 1000;

/**
 * `redline digest [--json] [--channel ID] [--since DATE]`: the digest the channel would get now,
 * what arrived since DATE or its last digest (a day without either), within its documents.
 * Documents the running bot has not seen yet count as arriving now.
 */
export async function digestCommand(argv: string[], io: CliIo, now: () => number = Date.now): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, channel: { type: 'string' }, since: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  if (parsed.positionals.length) throw new UsageError(`digest takes no words (got "${parsed.positionals.join(' ')}")`);
  const { channel, since: sinceText, json } = parsed.values;
  if (channel !== undefined && !channel.trim()) throw new UsageError('--channel needs a channel id (as channels.yaml lists it)');
  const sinceGiven = sinceText === undefined ? undefined : Date.parse(sinceText);
  if (sinceGiven !== undefined && Number.isNaN(sinceGiven))
    throw new UsageError(`--since must be a date, e.g. 2026-12-01 or 2026-12-01T08:30:00Z (got "${sinceText}")`);

  const config = configFromEnvironment(io.env);
  const { index } = await loadCorpusDir(config.corpusDir, corpusOptions(config, silentLogger));
  const store = await openStore(config);
  try {
    const t = now();
    const since = sinceGiven ?? (channel ? await store.lastDigest(channel) : undefined) ?? t - DEFAULT_SPAN_MS;
    const arrivals: Arrival[] = await store.arrivals(since);
    const arrived = new Set(arrivals.map((a) => a.documentId));
    for (const { id } of index.library.documents)
      if (!arrived.has(id) && (await store.knows(id)) === false) arrivals.push({ documentId: id, at: t });
    const scope = channel ? scopeOf(index.channels, { id: channel }) : undefined;
    const post = digest(index.library, arrivals, { since, until: t }, scope);
    if (json) {
      const documents = (post?.documents ?? []).map((d) => ({
        ...documentJson(d.document),
        arrivedAt: d.arrivedAt,
        sections: d.sections,
        passages: d.passages,
      }));
      io.stdout.write(
        `${JSON.stringify({ ...(channel ? { channel } : {}), since: new Date(since).toISOString(), until: new Date(t).toISOString(), documents, more: post?.more ?? 0 })}\n`,
      );
    } else {
      io.stdout.write(
        post
          ? `${renderConsolePost(channel ?? 'every channel', post)}\n`
          : `Nothing arrived since ${new Date(since).toISOString().slice(0, 16).replace('T', ' ')} UTC${channel ? ` for ${channel}` : ''}.\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** The store the running bot writes: Redis with `REDIS_URL`, else the file beside the feedback log. */
async function openStore(config: ReturnType<typeof configFromEnvironment>): Promise<BriefingStore> {
  if (!config.redisUrl) return new FileBriefingStore(briefingsFile(config.feedbackLog), silentLogger);
  const { Redis } = await import('ioredis');
  const { RedisBriefingStore } = await import('../briefings/redis-store.js');
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
  await client.connect();
  const store = await RedisBriefingStore.open(client, silentLogger);
  return Object.assign(Object.create(store) as BriefingStore, {
    close: async () => {
      await store.close();
      await client.quit();
    },
  });
}
