import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord, type RunningDiscord } from '../../../adapters/discord/index.js';
import { HttpServer } from '../../../adapters/http/server.js';
import { FeedbackLog } from '../../../app/feedback/log.js';
import { KeptQueries } from '../../../app/replicas/long-queries.js';
import { QUERY_TTL_SECONDS, REDIS_KEYS, SharedState } from '../../../app/replicas/redis.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import { silentLogger } from '../../../src/log.js';
import type { RedlineService } from '../../../src/service/service.js';
import { discordConfig } from '../../support/discord.js';
import { buttonInteraction, commandInteraction, signedHeaders } from '../../support/fakes/discord-interactions.js';
import { loadShippedRedline } from '../../support/helpers.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

/** Queries too long for a Discord button's custom_id: kept in process and, with Redis, for every replica. */

const LONG = 'What did the Russian foreign ministry spokeswoman say about Ukraine joining NATO, and what would it mean for Moscow?';

let redis: RedisServer;
let dir: string;
const shared: SharedState[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'redline-queries-'));
});

afterAll(async () => {
  await Promise.all(shared.map((s) => s.close()));
  await redis?.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function connect(): Promise<SharedState> {
  const state = await SharedState.connect({
    url: redis.url,
    log: silentLogger,
    limits: { ask: { count: 1000, seconds: 1 }, autocomplete: { count: 1000, seconds: 1 } },
    localFeedback: new FeedbackLog({ file: join(dir, `feedback-${shared.length}.jsonl`), maxBytes: 1_000_000, log: silentLogger }),
    streamMax: 1000,
  });
  shared.push(state);
  return state;
}

describe('KeptQueries', () => {
  describe('in process', () => {
    it('gives a query the same short key each time, and finds it by that key', async () => {
      const queries = new KeptQueries();
      const key = queries.keep(LONG);
      expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(queries.keep(LONG)).toBe(key);
      expect(new KeptQueries().keep(LONG)).toBe(key);
      expect(queries.keep(`${LONG}?`)).not.toBe(key);
      expect(await queries.find(key)).toBe(LONG);
      expect(await queries.find('AAAAAAAAAAAAAAAA')).toBeUndefined();
    });

    it('keeps at most its bound, the least recently used going first', async () => {
      const queries = new KeptQueries(undefined, 3);
      const [a, b, c] = ['query a', 'query b', 'query c'].map((q) => queries.keep(q));
      expect(await queries.find(a!)).toBe('query a');
      const d = queries.keep('query d');
      expect(queries.size).toBe(3);
      expect(await queries.find(b!)).toBeUndefined();
      expect([await queries.find(a!), await queries.find(c!), await queries.find(d)]).toEqual(['query a', 'query c', 'query d']);
    });
  });

  describe('with Redis', () => {
    it('finds a query another replica kept, for a week', async () => {
      const [one, two] = [new KeptQueries(await connect()), new KeptQueries(await connect())];
      const key = one.keep(LONG);
      const client = new Redis(redis.url);
      try {
        await expect.poll(() => client.get(`${REDIS_KEYS.queries}${key}`)).toBe(LONG);
        const ttl = await client.ttl(`${REDIS_KEYS.queries}${key}`);
        expect(ttl).toBeGreaterThan(QUERY_TTL_SECONDS - 60);
        expect(ttl).toBeLessThanOrEqual(QUERY_TTL_SECONDS);
      } finally {
        client.disconnect();
      }
      expect(await two.find(key)).toBe(LONG);
      expect(two.size).toBe(1);
    });

    it('answers "not kept" at once while Redis is down, and finds queries again once it is back', async () => {
      const state = await connect();
      const queries = new KeptQueries(state);
      await redis.kill();
      try {
        await expect.poll(() => state.status()).toBe('down');
        const started = performance.now();
        expect(await queries.find('BBBBBBBBBBBBBBBB')).toBeUndefined();
        expect(performance.now() - started).toBeLessThan(600);
        const key = queries.keep('kept while Redis is down');
        expect(await queries.find(key)).toBe('kept while Redis is down');
      } finally {
        await redis.restart();
      }
      await expect.poll(() => state.status(), { timeout: 10_000 }).toBe('ok');
      const later = new KeptQueries(await connect());
      const key = queries.keep('kept once Redis is back');
      await expect.poll(() => later.find(key)).toBe('kept once Redis is back');
    });
  });
});

describe('Discord buttons on a long query, through the HTTP endpoint', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const endpoints: Array<{ server: HttpServer; bot: RunningDiscord; base: string }> = [];
  let redline: RedlineService;

  beforeAll(async () => {
    redline = await loadShippedRedline({ rateLimit: { count: 1000, seconds: 1 } });
  });

  afterAll(async () => {
    for (const { bot, server } of endpoints) {
      await bot.stop();
      await server.close();
    }
  });

  /** A replica's Discord HTTP endpoint; `queries` as `npm start` gives it. */
  async function endpoint(queries: KeptQueries): Promise<(interaction: unknown) => Promise<any>> {
    const server = new HttpServer(silentLogger);
    const config = discordConfig({ DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX, DISCORD_APPLICATION_ID: '123456789012345678' });
    const bot = await startDiscord(config, redline, silentLogger, server, queries);
    const address = await server.listen(0, '127.0.0.1');
    endpoints.push({ server, bot, base: `http://127.0.0.1:${address.port}` });
    const base = `http://127.0.0.1:${address.port}`;
    return async (interaction) => {
      const body = JSON.stringify(interaction);
      const response = await fetch(`${base}/discord/interactions`, { method: 'POST', body, headers: signedHeaders(body, privateKey) });
      expect(response.status).toBe(200);
      return response.json();
    };
  }

  const escaped = (text: string) => text.replace(/[\\*_~`|[\]<]/g, '\\$&');

  it('pages the whole query, on the replica that answered it and on another one sharing Redis; cut at a word where its key is not kept', async () => {
    const total = redline.current().library.search(LONG, { limit: 1 }).total;
    expect(total).toBeGreaterThan(1);
    const first = await endpoint(new KeptQueries(await connect()));
    const asked = await first(commandInteraction(LONG));
    expect(asked.data.content).toBe(`Result 1 of ${total} for “${escaped(LONG)}”`);
    const next = asked.data.components[0].components[1];
    expect(next.custom_id.length).toBeLessThanOrEqual(100);
    const cut = decodeButtonState(next.custom_id)!.request.text;
    expect(LONG.startsWith(cut) && cut.length < LONG.length).toBe(true);

    const paged = await first(buttonInteraction(next.custom_id));
    expect(paged.type).toBe(7);
    expect(paged.data.content).toBe(`Result 2 of ${total} for “${escaped(LONG)}”`);

    const other = await endpoint(new KeptQueries(await connect()));
    expect((await other(buttonInteraction(next.custom_id))).data.content).toBe(`Result 2 of ${total} for “${escaped(LONG)}”`);

    // A replica that never kept it, with no Redis (a restart): the cut query, answered.
    const alone = await endpoint(new KeptQueries());
    const fallback = await alone(buttonInteraction(next.custom_id));
    expect(fallback.type).toBe(7);
    expect(fallback.data.content).toMatch(new RegExp(`^Result 2 of \\d+ for “${escaped(cut).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}”$`));
  });
});
