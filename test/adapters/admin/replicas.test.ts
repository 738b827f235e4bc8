import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../app/metrics/daily.js';
import { REDIS_KEYS } from '../../../app/replicas/redis.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';
import { ADMIN_TOKEN, startOperatorSite, type OperatorSite } from './operator-site.js';

// With REDIS_URL the page shows every replica's feedback and counts: here another replica's are put
// in Redis as it would write them, and the page must show them beside this host's.

let redis: RedisServer;
let site: OperatorSite;
beforeAll(async () => {
  redis = await startRedis();
  const client = new Redis(redis.url);
  const at = new Date().toISOString();
  for (let i = 0; i < 4; i++)
    await client.xadd(
      REDIS_KEYS.feedback,
      '*',
      'e',
      JSON.stringify({ type: 'unanswered', at, platform: 'discord', query: 'tidal barrage costs' }),
    );
  await client.hset(`${REDIS_KEYS.daily}${dayOf(Date.now())}`, { asked: 21, answered: 15, nothing: 6, up: 4, down: 1 });
  await client.quit();
  site = await startOperatorSite({ REDIS_URL: redis.url });
}, 40_000);
afterAll(async () => {
  await site?.close();
  await redis?.kill();
});

describe('the operator page with REDIS_URL', () => {
  it('shows every replica’s gaps and counts, and this host’s log beside them', async () => {
    const html = await (await fetch(`${site.base}/admin`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(html).toMatch(/<a href="\/admin\?q=tidal%20barrage%20costs#try">tidal barrage costs<\/a><\/td><td class="n">4<\/td>/);
    // This host's log (seeded by the site) is read too.
    expect(html).toContain('>bitcoin price</a>');
    expect(html).toContain('Every replica’s feedback (the Redis stream) and this host’s log.');
    // Today: Redis's 21 and the local file's 9 (the site's seeded counts).
    expect(html).toContain(`<title>${dayOf(Date.now())}: 30 asked</title>`);
  });

  it('reports Redis up in /metrics', async () => {
    const metrics = await (await fetch(`${site.base}/metrics`)).text();
    expect(metrics).toMatch(/^redline_redis_up 1$/m);
  });
});
