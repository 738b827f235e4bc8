import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { ConfigError } from '../config/config.js';
import { CorpusError } from '../../src/corpus/load.js';
import { configFromEnvironment } from '../config/env.js';
import { answerJson } from './output.js';
import { renderExplanation } from './explain.js';
import { loadRedline } from '../corpus/index.js';
import type { Request, Subcommand } from '../../src/types.js';
import { renderConsoleAnswer } from '../../adapters/console/render.js';
import { MAX_LIMIT } from '../../src/request/commands.js';
import { silentLogger, type Logger } from '../../src/log.js';

/** A mistake in how the tool was called: exit status 2, with a message that says what is wrong. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const USAGE = `usage: redline <subcommand> [options]

  ask [--json] [--limit N] [--doc ID] <query...>   best passages for a query
  ask --explain [--json] <query...>                 the answer and why: the query as read, the top passages'
                                                    scores, the no-answer decision
  ask --json < queries.txt                          batch: one query a line, one JSON object a line
  topics [--json] [--doc ID]                        the sections of each document
  brief [--json] [--doc ID] [topic...]              a briefing: each section's key passage, or the best on a topic
  quote [--json] [--doc ID] <speaker or phrase...>  exact sentences, with who said them
  gaps [--json] [--limit N]                         the most frequent unanswered or disliked queries
  digest [--json] [--channel ID] [--since DATE]     the digest a channel would get now (what arrived since DATE or its last digest)
  add [--title T] [--source S] [--publisher P] <file or URL>
                                                    copy a document into the corpus (with a sidecar) and check it loads
  check                                             read the whole corpus and its settings; list every problem (exit 1 if any)
  sources [--json]                                  the sources followed (sources.yaml): last fetch, items, errors
  register [--global]                               register the commands with Discord (--global: also drop the guild copy)
  help                                              this text

exit status: 0 answer (also "nothing found"), 2 usage error, 1 configuration error or broken settings file
(a document that cannot be read is a warning on standard error; the rest of the corpus answers)`;

const QUERY_COMMANDS: Subcommand[] = ['ask', 'topics', 'brief', 'quote'];

/** Runs the command-line tool with `argv` (the words after `redline`); resolves to the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`redline: ${error.message}\n${error.message.startsWith('usage') ? '' : 'Run "redline help" for usage.\n'}`);
      return 2;
    }
    if (error instanceof CorpusError || error instanceof ConfigError) {
      io.stderr.write(`redline: ${error instanceof ConfigError ? 'configuration error' : 'corpus error'}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`redline: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (!subcommand) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (subcommand === 'register') return register(rest, io);
  if (subcommand === 'gaps') return gaps(rest, io);
  if (subcommand === 'add') return add(rest, io);
  if (subcommand === 'check') return check(rest, io);
  if (subcommand === 'digest') return (await import('./digest.js')).digestCommand(rest, io);
  if (subcommand === 'sources') return sources(rest, io);
  if (!(QUERY_COMMANDS as string[]).includes(subcommand))
    throw new UsageError(
      `unknown subcommand "${subcommand}" (ask, topics, brief, quote, gaps, digest, sources, add, check, register, help)`,
    );

  const args = parse(rest, subcommand === 'ask');
  const words = args.positionals.join(' ').trim();
  if (args.values.explain && subcommand !== 'ask') throw new UsageError('--explain goes with ask');
  if (args.values.explain && !words) throw new UsageError('ask --explain needs a query, e.g. "redline ask --explain nato"');
  if (subcommand === 'quote' && !words) throw new UsageError('quote needs a speaker or a phrase, e.g. "redline quote <name>"');
  if (subcommand === 'topics' && words) throw new UsageError(`topics takes no words (got "${words}")`);

  const { redline } = await loadRedline(configFromEnvironment(io.env), { log: warningsTo(io.stderr) });
  const request = (text: string): Request => ({
    command: subcommand as Subcommand,
    text,
    ...(args.values.doc ? { doc: args.values.doc } : {}),
    ...(args.limit ? { limit: args.limit } : {}),
  });
  const print = (req: Request): number => {
    const { answer } = redline.respond(req, { platform: 'cli' }, { paged: false });
    if (answer.kind === 'usage') throw new UsageError(answer.message);
    // The same reading and ranking the answer came from, its figures recorded.
    const why = args.values.explain ? redline.current().library.explain(req.text, req.doc ? { doc: req.doc } : {}) : undefined;
    if (args.values.json) io.stdout.write(`${JSON.stringify({ ...answerJson(answer), ...(why ? { explanation: why } : {}) })}\n`);
    else io.stdout.write(`${renderConsoleAnswer(answer)}\n${why ? `\n${renderExplanation(why)}\n` : ''}`);
    return 0;
  };

  if (subcommand === 'ask' && !words) {
    if (!args.values.json || io.stdin.isTTY)
      throw new UsageError('ask needs a query, e.g. "redline ask nato" (or --json with queries on standard input)');
    for await (const line of createInterface({ input: io.stdin, terminal: false })) {
      const query = line.trim();
      const answer = query ? redline.respond(request(query), { platform: 'cli' }, { paged: false }).answer : undefined;
      const json =
        answer?.kind === 'results'
          ? answerJson(answer)
          : { query, results: [], suggestions: [], ...(answer?.kind === 'usage' ? { error: answer.message } : {}) };
      io.stdout.write(`${JSON.stringify(json)}\n`);
    }
    return 0;
  }
  return print(request(words));
}

function parse(argv: string[], allowLimit: boolean) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, explain: { type: 'boolean' }, limit: { type: 'string' }, doc: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  let limit: number | undefined;
  if (parsed.values.limit !== undefined) {
    if (!allowLimit) throw new UsageError('--limit goes with ask (and gaps)');
    limit = Number(parsed.values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT} (got "${parsed.values.limit}")`);
  }
  if (parsed.values.doc !== undefined && !parsed.values.doc.trim())
    throw new UsageError('--doc needs a document id (see "redline topics")');
  return { ...parsed, limit };
}

async function register(argv: string[], io: CliIo): Promise<number> {
  const global = argv[0] === '--global';
  const rest = global ? argv.slice(1) : argv;
  if (rest.length) throw new UsageError(`register takes only --global (got "${rest.join(' ')}")`);
  const config = configFromEnvironment(io.env);
  const { registerFromCli } = await import('./register-discord.js');
  return registerFromCli(config, io, fetch, { global });
}

async function gaps(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, true);
  if (args.positionals.length) throw new UsageError(`gaps takes no words (got "${args.positionals.join(' ')}")`);
  const config = configFromEnvironment(io.env);
  const { readGaps, renderGaps } = await import('../feedback/gaps.js');
  const report = await readGaps(config.feedbackLog, args.limit ?? 10, config.redisUrl ? { redisUrl: config.redisUrl } : {});
  io.stdout.write(args.values.json ? `${JSON.stringify(report)}\n` : `${renderGaps(report, config.feedbackLog)}\n`);
  return 0;
}

async function add(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { title: { type: 'string' }, source: { type: 'string' }, publisher: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  if (parsed.positionals.length !== 1)
    throw new UsageError('add needs one file or URL, e.g. "redline add report.pdf --title \'Q3 report\'"');
  const config = configFromEnvironment(io.env);
  const { addDocument, describeAdded } = await import('./add.js');
  const result = await addDocument(parsed.positionals[0]!, {
    corpusDir: config.corpusDir,
    maxFileBytes: config.maxFileBytes,
    meta: parsed.values,
  });
  io.stdout.write(`${describeAdded(result)}\n`);
  return 0;
}

async function check(argv: string[], io: CliIo): Promise<number> {
  if (argv.length) throw new UsageError(`check takes no arguments (got "${argv.join(' ')}")`);
  const config = configFromEnvironment(io.env);
  const { checkCorpus, renderCheck } = await import('./check.js');
  const report = await checkCorpus(config.corpusDir, { maxFileBytes: config.maxFileBytes });
  io.stdout.write(`${renderCheck(report)}\n`);
  return report.problems.length ? 1 : 0;
}

async function sources(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  if (parsed.positionals.length) throw new UsageError(`sources takes no words (got "${parsed.positionals.join(' ')}")`);
  const config = configFromEnvironment(io.env);
  const { readSourcesReport, renderSourcesReport } = await import('../briefings/report.js');
  const report = await readSourcesReport({
    corpusDir: config.corpusDir,
    feedbackLog: config.feedbackLog,
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
  });
  io.stdout.write(parsed.values.json ? `${JSON.stringify(report)}\n` : `${renderSourcesReport(report)}\n`);
  return 0;
}

/** Warnings (a document skipped, a page left out) as plain lines on standard error; the rest unsaid. */
function warningsTo(stderr: NodeJS.WritableStream): Logger {
  const logger: Logger = {
    ...silentLogger,
    warn: (obj, msg) => void stderr.write(`redline: warning: ${msg ?? (typeof obj === 'string' ? obj : JSON.stringify(obj))}\n`),
    child: () => logger,
  };
  return logger;
}

/** The `redline` executable: runs the tool on this process's arguments and streams. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
