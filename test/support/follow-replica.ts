// One replica's source follower in a process of its own, so a test can kill it (SIGKILL) mid-way
// as a crash would: `node --import tsx test/support/follow-replica.ts` with CORPUS_DIR, REDIS_URL,
// SOURCE_URL and LEASE_MS set. It prints each line the follower logs on stdout.
import { Redis } from 'ioredis';
import { SourceFollower } from '../../app/briefings/follow.js';
import { RedisFollowState, SOURCE_KEYS } from '../../app/briefings/state.js';
import { inThreadReader } from '../../app/briefings/reader.js';
import { Lease } from '../../app/replicas/lease.js';
import { shortHash } from '../../src/briefings/sources.js';
import type { Logger } from '../../src/log.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const say = (obj: object | string, msg?: string) => void process.stdout.write(`${typeof obj === 'string' ? obj : (msg ?? '')}\n`);
const log: Logger = { debug: say, info: say, warn: say, error: say, child: () => log };
const client = new Redis(env('REDIS_URL'));
const leaseMs = Number(env('LEASE_MS'));
const follower = new SourceFollower({
  corpusDir: env('CORPUS_DIR'),
  state: new RedisFollowState(client),
  log,
  lease: (url) => new Lease(client, `${SOURCE_KEYS.lease}${shortHash(url)}`, leaseMs),
  leaseCheckMs: Math.round(leaseMs / 3),
  timeoutMs: 10_000,
  reader: inThreadReader,
});
follower.update([{ url: env('SOURCE_URL'), everyMs: 10 * 60_000, line: 1 }]);
say('replica started');
