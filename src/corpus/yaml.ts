import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

// Front matter is almost always a few `key: value` lines. Those are read here; anything else goes
// to the yaml library, loaded on first need: importing it costs ~70 ms of every start.

/** A YAML syntax error, with the position the yaml library gives (`linePos[0].line` is 1-based). */
export class YAMLParseError extends Error {
  constructor(
    message: string,
    readonly linePos?: [{ line: number; col: number }, ...Array<{ line: number; col: number }>],
  ) {
    super(message);
    this.name = 'YAMLParseError';
  }
}

let library: typeof Yaml | undefined;

/** Parses YAML text as the yaml library does (its core schema); throws a `YAMLParseError` for bad syntax. */
export function parseYaml(text: string): unknown {
  const simple = parseSimpleMapping(text);
  if (simple) return simple;
  library ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  try {
    return library.parse(text);
  } catch (error) {
    if (error instanceof library.YAMLParseError) throw new YAMLParseError(error.message, error.linePos);
    throw error;
  }
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/** A plain scalar that is a string in the core schema, for sure: no indicator first, nothing that reads as a comment, a mapping, a number, a boolean or null. */
const PLAIN = /^[^-?:,[\]{}#&*!|>'"%@`\s](?:[^:#\s]|:(?! |$)|(?<! )#|[ ](?![ #]))*$/;
const NOT_A_STRING = /^(?:[-+]?(?:\.?\d|\.(?:inf|nan))|true|false|yes|no|on|off|null|~)/i;

/**
 * Reads text made only of `key: value` lines (blank lines and whole-line comments aside) whose
 * values are plain strings, quoted strings without escapes, or empty; `undefined` for anything else.
 */
export function parseSimpleMapping(text: string): Record<string, string | null> | undefined {
  const result: Record<string, string | null> = {};
  for (const line of text.split('\n')) {
    if (!line.trim() || /^#/.test(line)) continue;
    const match = KEY.exec(line.replace(/ +$/, ''));
    if (!match) return undefined;
    const [, key, raw = ''] = match;
    if (Object.hasOwn(result, key!) || key === '__proto__' || NOT_A_STRING.test(key!)) return undefined;
    const value = scalar(raw);
    if (value === undefined) return undefined;
    result[key!] = value;
  }
  return Object.keys(result).length ? result : undefined;
}

function scalar(raw: string): string | null | undefined {
  if (raw === '') return null;
  if (/^"[^"\\]*"$/.test(raw)) return raw.slice(1, -1);
  if (/^'(?:[^']|'')*'$/.test(raw)) return raw.slice(1, -1).replace(/''/g, "'");
  if (PLAIN.test(raw) && !NOT_A_STRING.test(raw)) return raw;
  return undefined;
}
