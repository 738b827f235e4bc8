import { createInterface } from 'node:readline';
import { renderConsoleAnswer } from '../../adapters/console/render.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { MAX_LIMIT } from '../../src/request/commands.js';
import type { Request, Subcommand } from '../../src/types.js';
import { configFromEnvironment } from '../config/env.js';
import { loadRedline } from '../corpus/index.js';
import { renderExplanation } from './explain.js';
import { type CliIo, parseOptions, UsageError } from './io.js';
import { answerJson } from './output.js';

/** The subcommands that ask the corpus, as the chat command does. */
export const QUERY_COMMANDS: Subcommand[] = ['ask', 'topics', 'brief', 'quote'];

/** `ask`, `topics`, `brief`, `quote`: the answer as text, or as JSON (`--json`); `ask --json` with no words reads queries from standard input. */
export async function runQuery(subcommand: Subcommand, rest: string[], io: CliIo): Promise<number> {
  const args = parseQueryOptions(rest, subcommand === 'ask');
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

/** The query subcommands' options (`--limit` where `allowLimit`). */
export function parseQueryOptions(argv: string[], allowLimit: boolean) {
  const parsed = parseOptions(argv, {
    json: { type: 'boolean' },
    explain: { type: 'boolean' },
    limit: { type: 'string' },
    doc: { type: 'string' },
  });
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

/** Warnings (a document skipped, a page left out) as plain lines on standard error; the rest unsaid. */
function warningsTo(stderr: NodeJS.WritableStream): Logger {
  const logger: Logger = {
    ...silentLogger,
    warn: (obj, msg) => void stderr.write(`redline: warning: ${msg ?? (typeof obj === 'string' ? obj : JSON.stringify(obj))}\n`),
    child: () => logger,
  };
  return logger;
}
