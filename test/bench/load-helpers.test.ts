// The bench's load and cold-start helpers (real servers and processes), and the report and target checks of their rows.
import { afterAll, describe, expect, it } from 'vitest';
import { toRows, type LoadRow } from '../../bench/load.js';
import { measureSideBySide, medianRun, paced, recordReplies, type LoadRequest } from '../../bench/http-load.js';
import { renderReport } from '../../bench/report.js';
import type { BenchResult, RunRow } from '../../bench/result.js';
import { checkTargets } from '../../bench/targets.js';
import { freePort, timeToFirstByte, timeToReady } from '../../bench/coldstart.js';
import { createServer, type Server } from 'node:http';

describe('report', () => {
  const row = (engine: RunRow['engine'], scale: number, passages: number, p50: number, p99: number): RunRow => ({
    engine,
    corpus: scale ? `x${scale}` : 'article',
    scale,
    documents: 1,
    passages,
    build_ms: 1,
    query_p50_ms: p50,
    query_p99_ms: p99,
    heap_mb: 1,
    hit_at_1: 1,
    hit_at_1_answerable: 1,
    query_samples: 1,
    slowest_queries: [],
  });
  const cold = {
    runner: 'dist' as const,
    console: { command: 'node', median_ms: 300, runs_ms: [300] },
    cache_load_ms: {},
    rebuild_ms: {},
    cache: [],
    platforms: null,
  };
  describe('checkTargets', () => {
    it('checks x1 and x10 against plain MiniSearch, growth by the mean, and cold start against 250 ms', () => {
      const runs = [
        row('redline', 0, 20, 0.1, 0.3),
        row('redline', 1, 9000, 0.2, 0.5),
        row('minisearch', 1, 9000, 0.2, 6),
        row('redline', 10, 90_000, 0.6, 2),
        row('minisearch', 10, 90_000, 0.5, 30),
        { ...row('redline', 30, 270_000, 1, 4), query_mean_ms: 1.2 },
      ];
      runs[1]!.query_mean_ms = 0.3;
      const checks = checkTargets(runs, { ...cold, cli_ask_json: { command: 'node', median_ms: 240, runs_ms: [240] } }, []);
      const by = (prefix: string) => checks.find((c) => c.target.startsWith(prefix))!;
      expect(by('article').pass).toBe(true);
      expect(by('x1: query p50').pass).toBe(true);
      expect(by('x10: query p50')).toMatchObject({
        pass: false,
        detail: '90000 passages: p50 0.600 vs 0.500 ms (1.20×), p99 2.00 vs 30.00 ms (0.07×)',
      });
      expect(by('x1→x30: mean query time')).toMatchObject({ pass: true });
      expect(by('x1→x30: mean query time').detail).toContain('slope 0.41');
      expect(by('console cold start').pass).toBe(false);
      expect(by('redline ask --json cold start').pass).toBe(true);
      expect(by('endpoints').pass).toBeNull();
    });
    it('fails growth that is linear or worse', () => {
      const runs = [row('redline', 1, 1000, 1, 2), row('redline', 30, 30_000, 40, 80)];
      expect(checkTargets(runs, cold, []).find((c) => c.target.startsWith('x1→x30'))!.pass).toBe(false);
    });
    it('judges an endpoint flat out against both bare baselines, with the fixed rate beside it', () => {
      const endpoint = (rows: LoadRow[]) => checkTargets([], cold, rows).find((c) => c.target.startsWith('discord'))!;
      const check = endpoint([loadRow]);
      expect(check).toEqual({
        target: 'discord (article+news x10): flat out ≥ 0.8 of its bare baselines, 0 errors',
        pass: true,
        detail:
          'flat out 0.85 of the constant baseline (3400 / 4000 rps), 0.97 of the same-size baseline (3500 rps), 0 errors; at 1000/s 999 / 1000 rps',
      });
      expect(endpoint([{ ...loadRow, errors: 1 }]).pass).toBe(false);
      expect(endpoint([{ ...loadRow, max_errors: 2 }]).pass).toBe(false);
      expect(endpoint([{ ...loadRow, max_rps: 3000 }]).pass).toBe(false);
      expect(endpoint([{ ...loadRow, same_size_max_rps: 5000 }]).pass).toBe(false);
    });
  });
  describe('renderReport', () => {
    it('shows platform start-ups in the cold-start table and flat-out throughput in the load table', () => {
      const platforms = {
        discord_gateway: {
          command: 'node dist/app/main.js (DISCORD_TOKEN, DISCORD_API_URL) → /healthz 200',
          median_ms: 950,
          runs_ms: [940, 950, 990],
        },
      };
      const result: BenchResult = {
        machine: { cpus: 2, cpu_model: 'cpu', node: 'v20', os: 'Linux', memory_gb: 8, loadavg_start: [1], loadavg_end: [1] },
        data: { source: 'csv', path: 'news.csv', rows: 1, queries: 'q.jsonl', query_count: 1, gc: 'flag' },
        runs: [],
        cold_start_ms: { ...cold, platforms },
        load: [loadRow],
        targets: [],
        total_ms: 1000,
      };
      const text = renderReport(result);
      expect(text).toMatch(/start: discord gateway\s+950\s+940 950 990\s+node dist\/app\/main\.js \(DISCORD_TOKEN/);
      expect(text).toMatch(/max rps\s+base max\s+same max\s+share\s+same share\n/);
      expect(text).toMatch(
        /discord\s+article\+news x10\s+2100 \/ 70\s+1000\s+999\s+6\.70\s+0\s+1000\s+3400\s+4000\s+3500\s+0\.85\s+0\.97\n/,
      );
    });
  });
});

const loadRow: LoadRow = {
  endpoint: 'discord',
  corpus: 'article+news x10',
  rate: 1000,
  rps: 999,
  p50_ms: 0.9,
  p99_ms: 6.7,
  errors: 0,
  baseline_rps: 1000,
  baseline_p99_ms: 5.1,
  max_rps: 3400,
  max_errors: 0,
  baseline_max_rps: 4000,
  same_size_max_rps: 3500,
  reply_bytes: 2100,
  baseline_reply_bytes: 70,
};

describe('load', () => {
  describe('toRows', () => {
    it('accepts a row, a list of rows, or { rows }', () => {
      const r = { endpoint: '/slack/events', rps: 1, p50_ms: 1, p99_ms: 1, errors: 0, baseline_rps: 1 };
      expect(toRows(r)).toEqual([r]);
      expect(toRows([r, r])).toHaveLength(2);
      expect(toRows({ rows: [r] })).toEqual([r]);
      expect(toRows(undefined)).toEqual([]);
    });
  });
});

describe('http-load', () => {
  const servers: Server[] = [];
  const serve = (delayMs: number, status = 200) =>
    new Promise<string>((resolve) => {
      const server = createServer((req, res) => {
        req.resume();
        const answer = () => res.writeHead(status).end('ok');
        req.on('end', () => (delayMs ? setTimeout(answer, delayMs) : answer()));
      });
      servers.push(server);
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
    });
  const requests: LoadRequest[] = [{ method: 'POST', path: '/x', headers: { 'content-type': 'text/plain' }, body: 'hello' }];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  describe('paced', () => {
    it('keeps its rate when answers are slow (open loop) and counts each wait from the send', async () => {
      const m = await paced(await serve(50), requests, 200, 1);
      // A closed loop would manage 20/s against 50 ms answers; open loop keeps near 200 (less on a busy machine).
      expect(m.rps).toBeGreaterThan(120);
      expect(m.rps).toBeLessThanOrEqual(201);
      expect(m.p50_ms).toBeGreaterThanOrEqual(50);
      expect(m.errors).toBe(0);
    });
    it('counts non-2xx answers as errors, by status and the reason the body gives', async () => {
      const m = await paced(await serve(0, 500), requests, 50, 0.5);
      expect(m.errors).toBe(25);
      expect(m.rps).toBe(0);
      const refusing = createServer((req, res) => req.resume().on('end', () => res.writeHead(503).end('{"error":"overloaded"}')));
      servers.push(refusing);
      await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
      const refused = await paced(`http://127.0.0.1:${(refusing.address() as { port: number }).port}`, requests, 50, 0.2);
      expect(refused.errorKinds).toEqual({ '503 overloaded': 10 });
    });
    it('sends each request signed in the second it goes out, when given a signer', async () => {
      const lags: number[] = [];
      const stamped = createServer((req, res) => {
        lags.push(Date.now() / 1000 - Number(req.headers['x-signed-at']));
        req.resume().on('end', () => res.writeHead(200).end('ok'));
      });
      servers.push(stamped);
      await new Promise<void>((r) => stamped.listen(0, '127.0.0.1', () => r()));
      const sign = (timestampSec: number): LoadRequest[] => [
        { ...requests[0]!, headers: { ...requests[0]!.headers, 'x-signed-at': String(timestampSec) } },
      ];
      const m = await paced(`http://127.0.0.1:${(stamped.address() as { port: number }).port}`, sign, 20, 2.5);
      expect(m.errors).toBe(0);
      expect(lags).toHaveLength(50);
      // Each went out within the second it was signed for (plus the way to the server).
      expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...lags)).toBeLessThan(1.5);
    });
  });
  describe('recordReplies', () => {
    it('sends each request once and keeps each answer, with their mean size', async () => {
      const echo = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => res.writeHead(200).end(`${req.url}:${body}`));
      });
      servers.push(echo);
      await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
      const url = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
      const two: LoadRequest[] = [requests[0]!, { ...requests[0]!, body: 'hello again' }];
      expect(await recordReplies(url, two)).toEqual({ bodies: ['/x:hello', '/x:hello again'], meanBytes: 11 });
      await expect(recordReplies(await serve(0, 500), requests)).rejects.toThrow('bench: recording a reply got 500: ok');
    });
  });
  describe('medianRun', () => {
    it('takes the median of each figure on its own and sums the errors', () => {
      const runs = [
        { rps: 900, p50_ms: 1, p99_ms: 9, errors: 0 },
        { rps: 1200, p50_ms: 3, p99_ms: 4, errors: 2 },
        { rps: 1000, p50_ms: 2, p99_ms: 6, errors: 1 },
      ];
      expect(medianRun(runs)).toEqual({ rps: 1000, p50_ms: 2, p99_ms: 6, errors: 3 });
      expect(medianRun(runs.slice(0, 2))).toEqual({ rps: 1050, p50_ms: 2, p99_ms: 6.5, errors: 2 });
    });
  });
  describe('measureSideBySide', () => {
    it('gives the endpoint and both baselines at the fixed rate and flat out', async () => {
      const urls = { redline: await serve(5), baseline: await serve(0), sameSize: await serve(0) };
      const row = await measureSideBySide(urls, requests, {
        durationSec: 1,
        connections: 4,
        rate: 100,
        rounds: 2,
        corpus: 'article',
        replyBytes: { redline: 2000, baseline: 20 },
      });
      expect(row).toMatchObject({
        corpus: 'article',
        rate: 100,
        max_rounds: 2,
        errors: 0,
        baseline_errors: 0,
        max_errors: 0,
        baseline_max_errors: 0,
        same_size_errors: 0,
        reply_bytes: 2000,
      });
      // Rates are loose: the test shares two cores with whatever else runs; the bench is where figures count.
      expect(row.same_size_rps).toBeGreaterThan(50);
      expect(row.same_size_max_rps).toBeGreaterThan(row.max_rps);
      expect(row.rps).toBeGreaterThan(50);
      expect(row.baseline_rps).toBeGreaterThan(50);
      expect(row.max_rps).toBeGreaterThan(row.rps);
      expect(row.baseline_max_rps).toBeGreaterThan(row.max_rps);
      expect(row.p99_ms).toBeGreaterThanOrEqual(row.p50_ms);
    });
  });
});

describe('coldstart', () => {
  describe('timeToFirstByte', () => {
    it('feeds standard input and times the first byte of output', async () => {
      const r = await timeToFirstByte({ command: process.execPath, args: ['-e', 'process.stdin.pipe(process.stdout)'] }, 'nato\n');
      expect(r.stdout).toBe('nato\n');
      expect(r.ms).toBeGreaterThan(0);
    });
  });
  describe('timeToReady', () => {
    it('polls the readiness URL until it answers 200, then stops the process', async () => {
      const port = await freePort();
      const server = `setTimeout(() => require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'), 150)`;
      const ms = await timeToReady({ command: process.execPath, args: ['-e', server], readyUrl: `http://127.0.0.1:${port}/healthz` });
      expect(ms).toBeGreaterThanOrEqual(150);
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    });
  });
});
