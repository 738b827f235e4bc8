import { config as loadDotenv } from 'dotenv';
import { loadConfig, type Config } from './config.js';

/** Reads `.env` (quietly: dotenv 17+ otherwise prints a line that would spoil `--json` output) and the environment. */
export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): Config {
  loadDotenv({ quiet: true, processEnv: env as Record<string, string> });
  return loadConfig(env);
}
