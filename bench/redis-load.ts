// Slack HTTP mode with REDIS_URL (a real redis-server) beside the in-process default, in one run.
import type { FakeSlack } from '../test/support/fakes/slack.js';
import { signSlackRequest, slashCommandBody, TEST_SIGNING_SECRET } from '../test/support/fakes/slack-requests.js';
import { autocannon, startApp } from './app-process.js';
import { round } from './stats.js';

/** Slack HTTP flat out (10 connections, 400 users, each request signed as it is sent) with `REDIS_URL`, beside the in-process default, in one run. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function sharedVersusInProcess(fake: FakeSlack, seconds: number) {
  const { startRedis } = await import('../test/support/redis-server.js');
  let redis: Awaited<ReturnType<typeof startRedis>>;
  try {
    redis = await startRedis();
  } catch (error) {
    return { skipped: (error as Error).message };
  }
  const run = async (env: Record<string, string>) => {
    const app = await startApp(fake, env);
    const cpuBefore = app.cpuMs();
    let n = 0;
    const r = (await autocannon({
      url: `http://127.0.0.1:${app.port}/slack/events`,
      connections: 10,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: Record<string, unknown>) => {
            const body = slashCommandBody({ text: ['nato', 'visa negotiations', 'sanctions'][n % 3]!, userId: `U${n++ % 400}` });
            return { ...req, method: 'POST', body, headers: signSlackRequest(TEST_SIGNING_SECRET, body) };
          },
        },
      ],
    })) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
    const cpuMs = app.cpuMs() - cpuBefore;
    app.child.kill('SIGTERM');
    await app.exited;
    return {
      rps: r.requests.average,
      p99_ms: r.latency.p99,
      cpu_ms_per_request: cpuMs / Math.max(1, r.requests.total),
      failed: r.non2xx + r.errors,
    };
  };
  // Interleaved, three of each, medians: on a shared machine one run of each says more about the neighbours.
  const runs = { in_process: [] as Array<Awaited<ReturnType<typeof run>>>, redis: [] as Array<Awaited<ReturnType<typeof run>>> };
  try {
    for (let i = 0; i < 3; i++) {
      runs.in_process.push(await run({}));
      runs.redis.push(await run({ REDIS_URL: redis.url }));
    }
    const summary = (list: typeof runs.in_process) => ({
      rps: round(median(list.map((r) => r.rps)), 0),
      p99_ms: median(list.map((r) => r.p99_ms)),
      cpu_ms_per_request: round(median(list.map((r) => r.cpu_ms_per_request)), 2),
      failed: list.reduce((n, r) => n + r.failed, 0),
    });
    const inProcess = summary(runs.in_process);
    const shared = summary(runs.redis);
    return { runs_each: 3, seconds, in_process: inProcess, redis: shared, rps_ratio: round(shared.rps / Math.max(1, inProcess.rps), 2) };
  } finally {
    await redis.kill();
  }
}
