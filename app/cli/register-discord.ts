import { CredentialError } from '../../adapters/credentials.js';
import { configErrorOf, type Config } from '../config/config.js';
import { readCorpusFiles } from '../corpus/files.js';
import { readCorpus } from '../../src/corpus/load.js';
import { describeRegistration, registerCommands, type RegisterOptions } from '../../adapters/discord/register.js';

/**
 * `redline register [--global]`: registers the slash command and the message command for the corpus in `config.corpusDir` and prints
 * what was registered. Configuration and corpus errors are thrown for the CLI to report (exit 1).
 */
export async function registerFromCli(
  config: Config,
  io: { stdout: NodeJS.WritableStream },
  fetchImpl: typeof fetch = fetch,
  options: RegisterOptions = {},
): Promise<number> {
  // The `doc` option depends on how many documents there are: read the corpus, no index needed.
  const { documents } = await readCorpus(await readCorpusFiles(config.corpusDir));
  const registration = await registerCommands(config, documents, fetchImpl, options).catch((error: unknown) => {
    throw error instanceof CredentialError ? configErrorOf(error) : error;
  });
  io.stdout.write(`${describeRegistration(registration)}\n`);
  return 0;
}
