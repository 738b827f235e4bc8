import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, mountMetrics } from '../../../adapters/http/metrics.js';
import { HttpServer } from '../../../adapters/http/server.js';
import { loadConfig } from '../../../app/config/config.js';
import { start, type Running } from '../../../app/main.js';
import { Metrics } from '../../../app/metrics/metrics.js';
import { silentLogger } from '../../../src/log.js';
import { commandInteraction, signedHeaders } from '../../support/fakes/discord-interactions.js';
import { CORPUS_DIR } from '../../support/helpers.js';
import { parsePrometheus } from '../../support/prometheus.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

let running: Running;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-metrics-'));
  const config = loadConfig({
    CORPUS_DIR,
    PORT: '0',
    HOST: '127.0.0.1',
    DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX,
    DISCORD_APPLICATION_ID: '123456789012345678',
    REDLINE_FEEDBACK_LOG: join(dir, 'feedback.jsonl'),
    REDLINE_WATCH: 'false',
    REDLINE_CACHE_DIR: 'off',
    REDLINE_RATE_LIMIT: '1000/1',
  });
  running = await start(config, silentLogger);
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function scrape() {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

async function ask(query: string): Promise<void> {
  const body = JSON.stringify(commandInteraction(query));
  const res = await fetch(`${base}/discord/interactions`, { method: 'POST', body, headers: signedHeaders(body, privateKey) });
  expect(res.status).toBe(200);
  await res.json();
}

const series = (outcome: string) => ({ platform: 'discord', kind: 'ask', outcome });

describe('GET /metrics', () => {
  it('moves the request counters by exactly the requests sent, and their latency histogram with them', async () => {
    const before = await scrape();
    const answered = 17;
    const nothing = 8;
    // Sent at once: a burst, not one after another.
    await Promise.all([
      ...Array.from({ length: answered }, (_, i) => ask(i % 2 ? 'nato' : 'visa')),
      ...Array.from({ length: nothing }, () => ask('xylophone zeppelin quokka')),
    ]);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(moved('redline_requests_total', series('answered'))).toBe(answered);
    expect(moved('redline_requests_total', series('nothing'))).toBe(nothing);
    expect(moved('redline_requests_total', series('error'))).toBe(0);
    expect(moved('redline_request_duration_seconds_count', { kind: 'ask' })).toBe(answered + nothing);
    expect(moved('redline_request_duration_seconds_bucket', { kind: 'ask', le: '+Inf' })).toBe(answered + nothing);
  });

  it('exposes the corpus size, reloads and the process metrics, in the text format with each family typed', async () => {
    const metrics = await scrape();
    expect(metrics.value('redline_corpus_documents')).toBe(1);
    expect(metrics.value('redline_corpus_passages')).toBe(22);
    expect(metrics.value('redline_corpus_skipped_files')).toBe(0);
    expect(metrics.value('redline_corpus_reloads_total', { result: 'failed' })).toBe(0);
    expect(metrics.types.get('redline_requests_total')).toBe('counter');
    expect(metrics.types.get('redline_request_duration_seconds')).toBe('histogram');
    expect(metrics.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(metrics.value('nodejs_heap_size_total_bytes')).toBeGreaterThan(0);
    // No Redis configured: no Redis gauge pretending it is down.
    expect(metrics.types.has('redline_redis_up')).toBe(false);
  });

  it('the strict reader refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheus('a{b="c} 1\n')).toThrow(/unclosed label/);
    expect(() => parsePrometheus('a 1\na 2\n')).toThrow(/series twice/);
    expect(() => parsePrometheus('a one\n')).toThrow(/bad value/);
    expect(() => parsePrometheus('a 1')).toThrow(/line feed/);
    expect(() => parsePrometheus('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 0\n')).toThrow(
      /cumulative/,
    );
  });
});

describe('who /metrics answers', () => {
  const scraped = async (host: string, token: string | undefined, headers: Record<string, string> = {}) => {
    const server = new HttpServer(silentLogger);
    const metrics = new Metrics({ corpus: () => ({ documents: 3, passages: 9, skipped: 1, partlyRead: 0 }), redis: () => 'down' });
    mountMetrics(server, { host, ...(token ? { token } : {}), scrape: () => metrics.scrape() });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
      return { status: res.status, text: await res.text() };
    } finally {
      await server.close();
    }
  };

  it('without a token, answers on a loopback-bound server and refuses (403) on any other', async () => {
    const loopback = await scraped('127.0.0.1', undefined);
    expect(loopback.status).toBe(200);
    expect(parsePrometheus(loopback.text).value('redline_redis_up')).toBe(0);
    const open = await scraped('0.0.0.0', undefined);
    expect(open.status).toBe(403);
    expect(open.text).not.toContain('redline_');
  });

  it('with a token, answers only a request bearing it, wherever the server is bound', async () => {
    const token = 'metrics-token-0123456789';
    expect((await scraped('0.0.0.0', token)).status).toBe(401);
    expect((await scraped('127.0.0.1', token)).status).toBe(401);
    expect((await scraped('0.0.0.0', token, { authorization: 'Bearer metrics-token-012345678' })).status).toBe(401);
    const right = await scraped('0.0.0.0', token, { authorization: `Bearer ${token}` });
    expect(right.status).toBe(200);
    expect(parsePrometheus(right.text).value('redline_corpus_skipped_files')).toBe(1);
  });

  it('knows a loopback address from others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.org', '']) expect(isLoopback(host), host).toBe(false);
  });
});
