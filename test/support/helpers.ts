import { fileURLToPath } from 'node:url';
import { readCorpusFiles } from '../../app/corpus/files.js';
import { readLexiconFile } from '../../app/corpus/lexicon.js';
import { englishLexicon } from '../../app/corpus/english.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { createRedline, type Redline, type RedlineOptions, type RedlineService, type RequestContext } from '../../src/service/service.js';
import { buildCorpusIndex, type CorpusIndex } from '../../src/service/corpus-index.js';
import { followUpsFor, type FollowUp, type FollowUpOptions } from '../../src/chat/follow-ups.js';
import type { Answer, Document, Request } from '../../src/types.js';
import type { LibraryOptions } from '../../src/search/library.js';

/** The shipped corpus folder. */
export const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
/** Fixture documents for tests that need several documents. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/corpus', import.meta.url));

let shipped: Promise<Document[]> | undefined;

/** The documents of the shipped corpus, read once per test file. */
export function loadShippedDocuments(): Promise<Document[]> {
  shipped ??= readCorpusFiles(CORPUS_DIR).then(loadCorpus);
  return shipped;
}

/** The library options the app builds the shipped corpus with: general English and the corpus's lexicon. */
export async function shippedLibraryOptions(): Promise<LibraryOptions> {
  return { english: englishLexicon(), lexicon: await readLexiconFile(CORPUS_DIR) };
}

export async function loadShippedIndex(): Promise<CorpusIndex> {
  return buildCorpusIndex(await loadShippedDocuments(), await shippedLibraryOptions(), Date.now);
}

/** Service options as a test gives them: the clock is the real one unless the test brings its own. */
export type TestRedlineOptions = Omit<RedlineOptions, 'now'> & { now?: () => number };

/** A `Redline` over an index, on the real clock unless the test brings its own. */
export function testRedline(index: CorpusIndex, options: TestRedlineOptions = {}): RedlineService {
  return createRedline(index, { now: Date.now, ...options });
}

/** What the one door answers to a request, as a script asks it (the request's own limit, no paging). */
export function answerOf(redline: Redline, request: Request, context: RequestContext): Answer {
  return redline.respond(request, context, { paged: false }).answer;
}

/** A real `Redline` over the shipped corpus (rate limits and feedback as given). */
export async function loadShippedRedline(options: TestRedlineOptions = {}): Promise<RedlineService> {
  return testRedline(await loadShippedIndex(), options);
}

/** A `Redline` over the shipped article plus the fixture documents. */
export async function loadFixtureRedline(options: TestRedlineOptions = {}): Promise<RedlineService> {
  const docs = loadCorpus([...(await readCorpusFiles(CORPUS_DIR)), ...(await readCorpusFiles(FIXTURES_DIR))]);
  return testRedline(buildCorpusIndex(docs, await shippedLibraryOptions(), Date.now), options);
}

/** Polls `check` until it gives something other than `undefined` or `false`, and returns that; fails after `ms`. */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000, everyMs = 25): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The request an answer was made for (what a chat adapter would have asked). */
export function requestOf(answer: Answer): Request {
  switch (answer.kind) {
    case 'results':
      return {
        command: 'ask',
        text: answer.query,
        ...(answer.doc ? { doc: answer.doc } : {}),
        ...(answer.offset ? { offset: answer.offset } : {}),
      };
    case 'brief':
      return { command: 'brief', text: answer.topic };
    case 'quote':
      return { command: 'quote', text: answer.query };
    case 'topics':
      return { command: 'topics', text: '' };
    default:
      return { command: 'help', text: '' };
  }
}

/** The core's follow-ups for an answer built by hand in a test. */
export function followUpsOf(answer: Answer, options: FollowUpOptions = {}): FollowUp[] {
  return followUpsFor(answer, requestOf(answer), options);
}

/** Runs the `redline` tool in-process with captured output (standard input a terminal unless `stdin` is given). */
export async function runRedline(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const { PassThrough, Readable } = await import('node:stream');
  const { runCli } = await import('../../app/cli/cli.js');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), { isTTY: options.stdin === undefined });
  const code = await runCli(argv, { stdin, stdout, stderr, env: { CORPUS_DIR, REDLINE_FEEDBACK_LOG: '/dev/null', ...options.env } });
  return { code, out, err };
}
