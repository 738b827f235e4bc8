import pino from 'pino';

/** The one logger interface the code uses; pino implements it. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

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

/** A logger that drops everything (tests, the CLI when nothing should be said). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
