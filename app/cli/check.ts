import { join } from 'node:path';
import { CorpusError, readCorpus } from '../../src/corpus/load.js';
import { CHANNELS_FILE, parseChannels } from '../../src/channels/channels.js';
import { scanCorpus, type ScanOptions } from '../corpus/files.js';
import { LEXICON_FILE, parseLexiconFile } from '../corpus/lexicon.js';

/** One thing wrong in the corpus folder: the file, the line where there is one, and what is wrong. */
export interface CheckProblem {
  file: string;
  line?: number;
  problem: string;
}

/** What `redline check` found: how many documents load, and every problem (none: the corpus is clean). */
export interface CheckReport {
  documents: number;
  problems: CheckProblem[];
}

/**
 * Reads the whole corpus folder and its settings files as the bot would, but instead of skipping
 * what it cannot use, lists it: every file not read, every document left out, every part of a
 * document left out, every broken settings file. For a team's CI: a clean corpus has no problem.
 */
export async function checkCorpus(dir: string, options: ScanOptions = {}): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const scan = await scanCorpus(dir, options);
  problems.push(...scan.skipped.map(({ file, line, reason }) => ({ file, ...(line ? { line } : {}), problem: `not read: ${reason}` })));
  const read = await readCorpus(scan.files);
  problems.push(...read.skipped.map(({ file, line, reason }) => ({ file, ...(line ? { line } : {}), problem: `not read: ${reason}` })));
  problems.push(...read.problems.map(({ file, problem }) => ({ file, problem: `partly read: ${problem}` })));
  if (!scan.files.length) problems.push({ file: dir, problem: 'the corpus folder holds no document (.md, .txt, .pdf, .docx, .html)' });
  else if (!read.documents.length) problems.push({ file: dir, problem: 'no document in the corpus folder has usable text' });

  const settings = (name: string, parse: (text: string, file: string) => void) => {
    const text = scan.extras.get(name);
    if (text === undefined) return;
    try {
      parse(text, join(dir, name));
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      problems.push({ file: error.file, ...(error.line ? { line: error.line } : {}), problem: error.reason });
    }
  };
  settings(LEXICON_FILE, (text, file) => parseLexiconFile(text, file));
  const ids = new Set(read.documents.map((d) => d.id));
  for (const name of [CHANNELS_FILE, 'channels.yml'])
    settings(name, (text, file) => {
      const scopes = parseChannels(text, file);
      const named = [...(scopes?.channels.values() ?? []), scopes?.other ?? []].flat();
      for (const id of new Set(named))
        if (!ids.has(id)) problems.push({ file, ...lineOf(text, id), problem: `no document "${id}" in the corpus` });
    });
  return { documents: read.documents.length, problems };
}

/** The first line that names `word`, for a message that points at it. */
function lineOf(text: string, word: string): { line?: number } {
  const index = text.split('\n').findIndex((line) => line.includes(word));
  return index >= 0 ? { line: index + 1 } : {};
}

/** The report as `redline check` prints it: one line per problem (`file:line: problem`), then a summary line. */
export function renderCheck(report: CheckReport): string {
  const lines = report.problems.map(({ file, line, problem }) => `${file}${line ? `:${line}` : ''}: ${problem}`);
  const count = report.problems.length;
  lines.push(
    `${report.documents} document${report.documents === 1 ? '' : 's'} read; ${count ? `${count} problem${count === 1 ? '' : 's'}` : 'no problems'}`,
  );
  return lines.join('\n');
}
