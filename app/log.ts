import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { Logger } from '../src/log.js';

export type { Logger } from '../src/log.js';
export { silentLogger } from '../src/log.js';

/** Names of values that are secrets wherever they appear in a log object; pino replaces them. */
// biome-ignore format: a word list reads best packed
export const REDACTED_PATHS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'publicKey', 'authorization', 'headers.authorization',
  'headers["x-slack-signature"]', 'headers["x-signature-ed25519"]', 'config.discordToken', 'config.slackBotToken',
  'config.slackAppToken', 'config.slackSigningSecret', '*.token', '*.botToken', '*.appToken', '*.signingSecret',
];

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
type Method = 'debug' | 'info' | 'warn' | 'error';

/**
 * A JSON-lines logger on standard error (standard output stays for answers and `--json`). pino is
 * loaded when the first line at an enabled level is written: the console and the CLI, which
 * mostly log nothing, do not pay for importing it.
 */
export function createLogger(level = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  const threshold = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info;
  let root: Pino.Logger | undefined;
  const pinoLogger = (): Pino.Logger => {
    if (root) return root;
    const pino = createRequire(import.meta.url)('pino') as typeof Pino.pino;
    root = pino({ level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[secret]' } }, destination as Pino.DestinationStream);
    return root;
  };
  const logger = (bindings: Array<Record<string, unknown>>): Logger => {
    let instance: Pino.Logger | undefined;
    const write = (method: Method) =>
      LEVELS[method] < threshold
        ? () => {}
        : (obj: object | string, msg?: string) => {
            instance ??= bindings.reduce((l, b) => l.child(b), pinoLogger());
            if (typeof obj === 'string') instance[method](obj);
            else instance[method](obj, msg);
          };
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      child: (b) => logger([...bindings, b]),
    };
  };
  return logger([]);
}
