import { Cron } from 'croner';

// Digest schedules: a five-field cron in a time zone (croner), asked about a given time, never
// run on its own timers, so the clock is whatever the caller passes (a test's, or Date.now).

const schedules = new Map<string, Cron>();

function scheduleOf(cron: string, timezone: string): Cron {
  const key = `${timezone} ${cron}`;
  let schedule = schedules.get(key);
  if (!schedule) schedules.set(key, (schedule = new Cron(cron, { timezone, paused: true })));
  return schedule;
}

/** The first time the schedule fires after `after` (milliseconds), or undefined when it never does. */
export function nextRun(cron: string, timezone: string, after: number): number | undefined {
  return scheduleOf(cron, timezone).nextRun(new Date(after))?.getTime();
}

/**
 * The latest time the schedule fired in `(after, now]`, or undefined when it did not: a digest is
 * due then. After a long stop, the missed runs are one digest, not one per run.
 */
export function dueRun(cron: string, timezone: string, after: number, now: number): number | undefined {
  let due: number | undefined;
  let at = nextRun(cron, timezone, after);
  // Bounded: a schedule every minute over a week is about ten thousand runs.
  for (let i = 0; at !== undefined && at <= now && i < 20_000; i++) {
    due = at;
    at = nextRun(cron, timezone, at);
  }
  return due;
}
