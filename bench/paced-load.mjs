// A worker thread that sends requests at a fixed rate, on schedule whether or not earlier ones have been
// answered (open loop), so a slow answer cannot slow the load down and every request's wait is counted.
// autocannon's `overallRate` instead sends each second's quota back to back and then idles, which measures
// bursts and the idle-time garbage collection between them rather than a steady rate.
// Plain JavaScript: a worker thread does not get tsx's loader in every runner (vitest, plain node).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ url: string, requests: Array<{ method: string, path: string, headers: Record<string, string>, body: string }>, rate: number, durationSec: number, maxSockets: number, timeoutMs: number }} */
const { url, requests, rate, durationSec, maxSockets, timeoutMs } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets });
const prepared = requests.map((r) => ({ ...r, headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) } }));
const total = Math.max(1, Math.round(rate * durationSec));
const latencies = new Float64Array(total);
let answered = 0;
let errors = 0;
let sent = 0;
let settled = 0;
let lastAnswer = 0;
const start = performance.now();

function send(i) {
  const r = prepared[i % prepared.length];
  const sentAt = performance.now();
  let done = false;
  const settle = (ok) => {
    if (done) return;
    done = true;
    const now = performance.now();
    if (ok) latencies[answered++] = now - sentAt;
    else errors++;
    lastAnswer = now;
    if (++settled === total) finish();
  };
  const req = request({ host: target.hostname, port: target.port, method: r.method, path: r.path, headers: r.headers, agent, timeout: timeoutMs }, (res) => {
    res.on('end', () => settle(res.statusCode >= 200 && res.statusCode < 300));
    res.on('error', () => settle(false));
    res.resume();
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => settle(false));
  req.end(r.body);
}

const ticker = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  while (sent < due) send(sent++);
  if (sent === total) clearInterval(ticker);
}, 1);

function finish() {
  agent.destroy();
  const seconds = (lastAnswer - start) / 1000;
  parentPort.postMessage({ sent, answered, errors, seconds, rps: answered / Math.max(seconds, durationSec), latencies: latencies.subarray(0, answered) });
}
