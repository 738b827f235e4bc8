import { configFromEnvironment } from '../config/env.js';
import { type CliIo, parseOptions, UsageError } from './io.js';
import { parseQueryOptions, runQuery } from './query.js';

/** One subcommand of the `redline` tool: its usage lines (each a synopsis and what it does) and how it runs. */
export interface CliSubcommand {
  name: string;
  usage: Array<[synopsis: string, summary: string]>;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Every subcommand, defined once: the dispatch, the usage text and the unknown-subcommand message read this list. */
export const SUBCOMMANDS: CliSubcommand[] = [
  {
    name: 'ask',
    usage: [
      ['ask [--json] [--limit N] [--doc ID] <query...>', 'best passages for a query'],
      ['ask --explain [--json] <query...>', "the answer and why: the query as read, the top passages' scores, the no-answer decision"],
      ['ask --json < queries.txt', 'batch: one query a line, one JSON object a line'],
    ],
    run: (argv, io) => runQuery('ask', argv, io),
  },
  {
    name: 'topics',
    usage: [['topics [--json] [--doc ID]', 'the sections of each document']],
    run: (argv, io) => runQuery('topics', argv, io),
  },
  {
    name: 'brief',
    usage: [['brief [--json] [--doc ID] [topic...]', "a briefing: each section's key passage, or the best on a topic"]],
    run: (argv, io) => runQuery('brief', argv, io),
  },
  {
    name: 'quote',
    usage: [['quote [--json] [--doc ID] <speaker or phrase...>', 'exact sentences, with who said them']],
    run: (argv, io) => runQuery('quote', argv, io),
  },
  { name: 'gaps', usage: [['gaps [--json] [--limit N]', 'the most frequent unanswered or disliked queries']], run: gaps },
  {
    name: 'digest',
    usage: [
      ['digest [--json] [--channel ID] [--since DATE]', 'the digest a channel would get now (what arrived since DATE or its last digest)'],
    ],
    run: async (argv, io) => (await import('./digest.js')).digestCommand(argv, io),
  },
  { name: 'sources', usage: [['sources [--json]', 'the sources followed (sources.yaml): last fetch, items, errors']], run: sources },
  {
    name: 'add',
    usage: [
      ['add [--title T] [--source S] [--publisher P] <file or URL>', 'copy a document into the corpus (with a sidecar) and check it loads'],
    ],
    run: add,
  },
  { name: 'check', usage: [['check', 'read the whole corpus and its settings; list every problem (exit 1 if any)']], run: check },
  {
    name: 'register',
    usage: [['register [--global]', 'register the commands with Discord (--global: also drop the guild copy)']],
    run: register,
  },
];

async function register(argv: string[], io: CliIo): Promise<number> {
  const global = argv[0] === '--global';
  const rest = global ? argv.slice(1) : argv;
  if (rest.length) throw new UsageError(`register takes only --global (got "${rest.join(' ')}")`);
  const config = configFromEnvironment(io.env);
  const { registerFromCli } = await import('./register-discord.js');
  return registerFromCli(config, io, fetch, { global });
}

async function gaps(argv: string[], io: CliIo): Promise<number> {
  const args = parseQueryOptions(argv, true);
  if (args.positionals.length) throw new UsageError(`gaps takes no words (got "${args.positionals.join(' ')}")`);
  const config = configFromEnvironment(io.env);
  const { readGaps, renderGaps } = await import('../feedback/gaps.js');
  const report = await readGaps(config.feedbackLog, args.limit ?? 10, config.redisUrl ? { redisUrl: config.redisUrl } : {});
  io.stdout.write(args.values.json ? `${JSON.stringify(report)}\n` : `${renderGaps(report, config.feedbackLog)}\n`);
  return 0;
}

async function add(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(argv, { title: { type: 'string' }, source: { type: 'string' }, publisher: { type: 'string' } });
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
  const parsed = parseOptions(argv, { json: { type: 'boolean' } });
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
