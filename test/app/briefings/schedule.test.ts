import { describe, expect, it } from 'vitest';
import { dueRun, nextRun } from '../../../app/briefings/schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('digest schedules', () => {
  it('fires at the cron time in the channel’s time zone, through a change of summer time', () => {
    // 08:30 in Paris is 06:30 UTC in summer and 07:30 UTC in winter.
    expect(new Date(nextRun('30 8 * * 1-5', 'Europe/Paris', at('2026-03-27T12:00:00Z'))!).toISOString()).toBe('2026-03-30T06:30:00.000Z');
    expect(new Date(nextRun('30 8 * * 1-5', 'Europe/Paris', at('2026-12-04T12:00:00Z'))!).toISOString()).toBe('2026-12-07T07:30:00.000Z');
    expect(new Date(nextRun('30 8 * * 1-5', 'UTC', at('2026-12-07T08:30:00Z'))!).toISOString()).toBe('2026-12-08T08:30:00.000Z');
  });

  it('is due at the latest run in (after, now], once for runs missed while stopped, and not before its time', () => {
    const cron = '0 9 * * *';
    expect(dueRun(cron, 'UTC', at('2026-12-01T09:00:00Z'), at('2026-12-02T08:59:59Z'))).toBeUndefined();
    expect(new Date(dueRun(cron, 'UTC', at('2026-12-01T09:00:00Z'), at('2026-12-02T09:00:00Z'))!).toISOString()).toBe(
      '2026-12-02T09:00:00.000Z',
    );
    expect(new Date(dueRun(cron, 'UTC', at('2026-12-01T09:00:00Z'), at('2026-12-06T10:00:00Z'))!).toISOString()).toBe(
      '2026-12-06T09:00:00.000Z',
    );
  });
});
