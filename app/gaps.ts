import { readFile } from 'node:fs/promises';
import { cleanInput } from '../src/answer.js';
import type { FeedbackEntry } from '../src/service.js';

export interface Gap {
  query: string;
  /** Times nobody got an answer. */
  unanswered: number;
  /** Times an answer was marked 👎. */
  disliked: number;
  last: string;
}

/** The most frequent unanswered or disliked queries in the feedback log, most frequent first. */
export async function readGaps(file: string, limit: number): Promise<Gap[]> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return summariseGaps(text.split('\n'), limit);
}

export function summariseGaps(lines: string[], limit: number): Gap[] {
  const gaps = new Map<string, Gap>();
  for (const line of lines) {
    let entry: FeedbackEntry;
    try {
      entry = JSON.parse(line) as FeedbackEntry;
    } catch {
      continue; // a torn or foreign line is skipped, not fatal
    }
    if (!entry || typeof entry.query !== 'string') continue;
    const isGap = entry.type === 'unanswered' || (entry.type === 'vote' && entry.vote === 'down');
    if (!isGap) continue;
    const key = cleanInput(entry.query).toLowerCase();
    if (!key) continue;
    const gap = gaps.get(key) ?? { query: cleanInput(entry.query), unanswered: 0, disliked: 0, last: entry.at };
    if (entry.type === 'unanswered') gap.unanswered++;
    else gap.disliked++;
    if (entry.at > gap.last) gap.last = entry.at;
    gaps.set(key, gap);
  }
  return [...gaps.values()]
    .sort((a, b) => b.unanswered + b.disliked - (a.unanswered + a.disliked) || b.last.localeCompare(a.last))
    .slice(0, limit);
}

export function renderGaps(gaps: Gap[], file: string): string {
  if (!gaps.length) return `No unanswered or disliked queries in ${file} yet.`;
  const rows = gaps.map((g) => `${String(g.unanswered).padStart(10)} ${String(g.disliked).padStart(5)}  ${g.query}`);
  return [`unanswered    👎  query   (from ${file})`, ...rows].join('\n');
}
