import pino from 'pino';
import type { Logger } from '../src/log.js';

export type { Logger } from '../src/log.js';
export { silentLogger } from '../src/log.js';

/** Names of values that are secrets wherever they appear in a log object; pino replaces them. */
export const REDACTED_PATHS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'publicKey', 'authorization', 'headers.authorization',
  'headers["x-slack-signature"]', 'headers["x-signature-ed25519"]', 'config.discordToken', 'config.slackBotToken',
  'config.slackAppToken', 'config.slackSigningSecret', '*.token', '*.botToken', '*.appToken', '*.signingSecret',
];

/** A JSON-lines logger on standard error (standard output stays for answers and `--json`). */
export function createLogger(level = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[secret]' } },
    destination as pino.DestinationStream,
  ) as unknown as Logger;
}

