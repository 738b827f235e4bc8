// A worker thread that sends requests at a fixed rate, on schedule whether or not earlier ones have been
// answered (open loop), so a slow answer cannot slow the load down and every request's wait is counted.
// autocannon's `overallRate` instead sends each second's quota back to back and then idles, which measures
// bursts and the idle-time garbage collection between them rather than a steady rate.
// Plain JavaScript: a worker thread does not get tsx's loader in every runner (vitest, plain node).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

// `lists` holds the requests signed for each second of the run from `firstSec` on (or one list, signed once): a
// request goes out signed in the second it is sent, as a platform's would be.
/** @type {{ url: string, lists: Array<Array<{ method: string, path: string, headers: Record<string, string>, body: string }>>, firstSec?: number, rate: number, durationSec: number, maxSockets: number, timeoutMs: number }} */
const { url, lists, firstSec, rate, durationSec, maxSockets, timeoutMs } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets });
const prepared = lists.map((requests) =>
  requests.map((r) => ({ ...r, headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) } })),
);
const listNow = () =>
  prepared[firstSec === undefined ? 0 : Math.min(prepared.length - 1, Math.max(0, Math.floor(Date.now() / 1000) - firstSec))];
const total = Math.max(1, Math.round(rate * durationSec));
const latencies = new Float64Array(total);
let answered = 0;
let errors = 0;
/** Why requests failed, counted: `503`, `timeout`, `ECONNRESET`… */
const errorKinds = {};
let sent = 0;
let settled = 0;
let lastAnswer = 0;
const start = performance.now();

function send(i) {
  const list = listNow();
  const r = list[i % list.length];
  const sentAt = performance.now();
  let done = false;
  const settle = (ok, kind) => {
    if (done) return;
    done = true;
    const now = performance.now();
    if (ok) latencies[answered++] = now - sentAt;
    else {
      errors++;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
    lastAnswer = now;
    if (++settled === total) finish();
  };
  const req = request(
    { host: target.hostname, port: target.port, method: r.method, path: r.path, headers: r.headers, agent, timeout: timeoutMs },
    (res) => {
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      // A refusal says why in its body (`{"error":"overloaded"}`): counted as `503 overloaded`.
      let text = '';
      if (!ok) res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      else res.resume();
      res.on('end', () => settle(ok, `${res.statusCode} ${reason(text)}`.trim()));
      res.on('error', (error) => settle(false, error.code ?? error.message));
    },
  );
  req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
  req.on('error', (error) => settle(false, error.code ?? error.message));
  req.end(r.body);
}

const ticker = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  while (sent < due) send(sent++);
  if (sent === total) clearInterval(ticker);
}, 1);

function reason(body) {
  try {
    return String(JSON.parse(body).error ?? '');
  } catch {
    return '';
  }
}

function finish() {
  agent.destroy();
  const seconds = (lastAnswer - start) / 1000;
  parentPort.postMessage({
    sent,
    answered,
    errors,
    seconds,
    rps: answered / Math.max(seconds, durationSec),
    errorKinds,
    latencies: latencies.subarray(0, answered),
  });
}
