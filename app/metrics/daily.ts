import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Logger } from '../../src/log.js';
import type { RequestEvent } from '../../src/service/service.js';

/** What is counted per day: questions asked, answered, that found nothing, and votes. Never any query text. */
export const DAILY_FIELDS = ['asked', 'answered', 'nothing', 'up', 'down'] as const;
export type DailyField = (typeof DAILY_FIELDS)[number];
export type DayCounts = { day: string } & Record<DailyField, number>;

/** How many days the file keeps (the page shows 30). */
const KEPT_DAYS = 90;
/** Counts are written this long after the last change: not once per request. */
const WRITE_DELAY_MS = 1000;

/** Daily counts shared by replicas (Redis); `count` is false while it is down (the file counts then). */
export interface SharedDays {
  countDay(day: string, field: DailyField): boolean;
  readDays(days: string[]): Promise<Array<Partial<Record<DailyField, number>>> | undefined>;
}

/** The file beside the feedback log: `redline-feedback.jsonl` → `redline-feedback.daily.json`. */
export function dailyFile(feedbackLog: string): string {
  return feedbackLog.replace(/(\.jsonl?)?$/i, '.daily.json');
}

/** The daily fields a request adds to: a question asked anew (not help or topics), its outcome; a vote. */
export function fieldsOf(event: RequestEvent): DailyField[] {
  if (event.kind === 'vote') return event.outcome === 'answered' && event.vote ? [event.vote] : [];
  if (!event.asked || event.kind === 'help' || event.kind === 'topics') return [];
  return ['asked', ...(event.outcome === 'answered' ? (['answered'] as const) : event.outcome === 'nothing' ? (['nothing'] as const) : [])];
}

/** `YYYY-MM-DD` (UTC) of a time in ms. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Questions per day, kept in Redis with `REDIS_URL` (every replica's) and otherwise, or while
 * Redis is down, in a JSON file beside the feedback log; reading sums the two.
 */
export class DailyCounts {
  private days = new Map<string, Record<DailyField, number>>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failed = false;

  private constructor(
    private readonly file: string,
    private readonly options: { log: Logger; shared?: SharedDays; now?: () => number },
  ) {}

  /** Opens the counts, reading what the file holds (a missing or damaged file starts empty). */
  static async open(file: string, options: { log: Logger; shared?: SharedDays; now?: () => number }): Promise<DailyCounts> {
    const counts = new DailyCounts(file, options);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      for (const [day, value] of Object.entries(saved)) {
        if (!/^\d{4}-\d\d-\d\d$/.test(day) || typeof value !== 'object' || value === null) continue;
        counts.days.set(
          day,
          Object.fromEntries(DAILY_FIELDS.map((f) => [f, safeCount((value as Record<string, unknown>)[f])])) as Record<DailyField, number>,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        options.log.warn({ file, err: { message: (error as Error).message } }, 'daily counts: unreadable file, starting anew');
    }
    return counts;
  }

  /** Adds a request to today's counts (`createRedline`'s `observe`). */
  observe(event: RequestEvent): void {
    const day = dayOf((this.options.now ?? Date.now)());
    for (const field of fieldsOf(event)) {
      if (this.options.shared?.countDay(day, field)) continue;
      const counts = this.days.get(day) ?? emptyDay();
      counts[field]++;
      this.days.set(day, counts);
      this.schedule();
    }
  }

  /** The last `n` days, oldest first, today last; a day without requests counts zeros. */
  async last(n = 30): Promise<DayCounts[]> {
    const today = (this.options.now ?? Date.now)();
    const days = Array.from({ length: n }, (_, i) => dayOf(today - (n - 1 - i) * 86_400_000));
    const shared = (await this.options.shared?.readDays(days).catch(() => undefined)) ?? [];
    return days.map((day, i) => {
      const local = this.days.get(day);
      return {
        day,
        ...(Object.fromEntries(DAILY_FIELDS.map((f) => [f, (local?.[f] ?? 0) + safeCount(shared[i]?.[f])])) as Record<DailyField, number>),
      };
    });
  }

  /** Writes what is pending now (on shutdown). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writing = this.writing.then(() => this.write());
    }
    await this.writing;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.write());
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const kept = [...this.days.keys()].sort().slice(-KEPT_DAYS);
    this.days = new Map(kept.map((day) => [day, this.days.get(day)!]));
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      // Written aside and renamed: a crash mid-write never leaves half a file.
      await writeFile(temporary, JSON.stringify(Object.fromEntries(this.days)));
      await rename(temporary, this.file);
      this.failed = false;
    } catch (error) {
      if (!this.failed)
        this.options.log.error({ file: this.file, err: { message: (error as Error).message } }, 'daily counts: could not write the file');
      this.failed = true;
    }
  }
}

function emptyDay(): Record<DailyField, number> {
  return { asked: 0, answered: 0, nothing: 0, up: 0, down: 0 };
}

function safeCount(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}
