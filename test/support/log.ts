import type { Logger } from '../../src/log.js';

/** A log line kept by `MemoryLogger`. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/** A `Logger` that keeps every line, so tests can assert what was logged. */
export class MemoryLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  debug(obj: object | string, msg?: string): void {
    this.write('debug', obj, msg);
  }
  info(obj: object | string, msg?: string): void {
    this.write('info', obj, msg);
  }
  warn(obj: object | string, msg?: string): void {
    this.write('warn', obj, msg);
  }
  error(obj: object | string, msg?: string): void {
    this.write('error', obj, msg);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new MemoryLogger(this.lines, { ...this.bindings, ...bindings });
  }
  /** Lines at `level` whose message contains `text`. */
  find(level: LogLine['level'], text: string): LogLine[] {
    return this.lines.filter((l) => l.level === level && l.msg.includes(text));
  }
  private write(level: LogLine['level'], obj: object | string, msg?: string): void {
    if (typeof obj === 'string') this.lines.push({ level, msg: obj, fields: { ...this.bindings } });
    else this.lines.push({ level, msg: msg ?? '', fields: { ...this.bindings, ...obj } });
  }
}
