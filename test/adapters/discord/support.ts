import { loadConfig, type Config } from '../../../app/config.js';
import type { Logger } from '../../../src/log.js';

/** One line a test logger received. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  obj: Record<string, unknown>;
}

/** A logger that keeps what it is told, for assertions. */
export function memoryLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (obj: object | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, msg: obj, obj: {} } : { level, msg: msg ?? '', obj: obj as Record<string, unknown> });
    };
  const logger = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

/** A configuration as `npm start` would read it from these variables. */
export function discordConfig(env: Record<string, string>): Config {
  return loadConfig({ REDLINE_WATCH: 'false', ...env });
}

/** Collects process warnings (discord.js reports deprecated options this way). */
export function collectWarnings(): { warnings: Error[]; stop(): void } {
  const warnings: Error[] = [];
  const listener = (warning: Error) => warnings.push(warning);
  process.on('warning', listener);
  return { warnings, stop: () => process.off('warning', listener) };
}

/** Resolves with `probe()` once it is defined, polling; rejects after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('eventually: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
