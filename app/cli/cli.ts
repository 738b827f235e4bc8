import { pathToFileURL } from 'node:url';
import { CorpusError } from '../../src/corpus/load.js';
import { ConfigError } from '../config/config.js';
import { type CliIo, UsageError } from './io.js';
import { SUBCOMMANDS } from './subcommands.js';

export { type CliIo, UsageError } from './io.js';

const SYNOPSIS_WIDTH = 50;

/** The tool's usage, written from the subcommands' own usage lines. */
export const USAGE = [
  'usage: redline <subcommand> [options]',
  '',
  ...[...SUBCOMMANDS.flatMap((s) => s.usage), ['help', 'this text'] as [string, string]].map(([synopsis, summary]) =>
    synopsis.length < SYNOPSIS_WIDTH
      ? `  ${synopsis.padEnd(SYNOPSIS_WIDTH)}${summary}`
      : `  ${synopsis}\n  ${''.padEnd(SYNOPSIS_WIDTH)}${summary}`,
  ),
  '',
  'exit status: 0 answer (also "nothing found"), 2 usage error, 1 configuration error or broken settings file',
  '(a document that cannot be read is a warning on standard error; the rest of the corpus answers)',
].join('\n');

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
  const [name, ...rest] = argv;
  if (!name) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const subcommand = SUBCOMMANDS.find((s) => s.name === name);
  if (!subcommand) throw new UsageError(`unknown subcommand "${name}" (${[...SUBCOMMANDS.map((s) => s.name), 'help'].join(', ')})`);
  return subcommand.run(rest, io);
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
