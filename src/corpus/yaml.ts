// Front matter and the corpus's settings files are almost always a few `key: value` lines or lists:
// those are read here, quickly; anything else goes to the full YAML parser the shell hands in
// (`useFullYaml`): the yaml library, loaded only when a file needs it, since importing it slows
// every start.

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

/** Parses any YAML (the core schema); throws a `YAMLParseError` for bad syntax. */
export type FullYamlParser = (text: string) => unknown;

let fullYaml: FullYamlParser | undefined;

/** Sets the parser for what the quick reader does not take (the shell hands in the yaml library's). */
export function useFullYaml(parse: FullYamlParser): void {
  fullYaml = parse;
}

/** Parses YAML text as the yaml library does (its core schema); throws a `YAMLParseError` for bad syntax. */
export function parseYaml(text: string): unknown {
  const simple = parseSimpleMapping(text);
  if (simple) return simple;
  if (!fullYaml) throw new YAMLParseError('this YAML needs the full parser, and none was given (useFullYaml)');
  return fullYaml(text);
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/** A plain scalar that is a string in the core schema, for sure: no indicator first, nothing that reads as a comment, a mapping, a number, a boolean or null. */
const PLAIN = /^[^-?:,[\]{}#&*!|>'"%@`\s](?:[^:#\s]|:(?! |$)|(?<! )#|[ ](?![ #]))*$/;
const NOT_A_STRING = /^(?:[-+]?(?:\.?\d|\.(?:inf|nan))|(?:true|false|yes|no|on|off|null|~)$)/i;

/** What the simple reader gives: a string, null (empty), or a list of strings and lists of strings. */
export type SimpleValue = string | null | Array<string | string[]>;

/**
 * Reads text made only of `key: value` lines (blank lines and whole-line comments aside) whose
 * values are plain strings, quoted strings without escapes, or empty, or a key followed by `- item`
 * lines whose items are such strings or one-line `[a, b]` lists of them; `undefined` for anything else.
 */
export function parseSimpleMapping(text: string): Record<string, SimpleValue> | undefined {
  const result: Record<string, SimpleValue> = {};
  let list: { key: string; indent?: number; items: Array<string | string[]> } | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim() || /^#/.test(line)) continue;
    const trimmed = line.replace(/ +$/, '');
    const item = /^( *)- (.*)$/.exec(trimmed);
    if (item) {
      if (!list || (list.indent !== undefined && list.indent !== item[1]!.length)) return undefined;
      list.indent = item[1]!.length;
      const value = flowList(item[2]!) ?? scalar(item[2]!);
      if (value === undefined || value === null) return undefined;
      list.items.push(value);
      result[list.key] = list.items;
      continue;
    }
    const match = KEY.exec(trimmed);
    if (!match) return undefined;
    const [, key, raw = ''] = match;
    if (Object.hasOwn(result, key!) || key === '__proto__' || NOT_A_STRING.test(key!)) return undefined;
    const value = scalar(raw);
    if (value === undefined) return undefined;
    result[key!] = value;
    list = value === null ? { key: key!, items: [] } : undefined;
  }
  return Object.keys(result).length ? result : undefined;
}

/** A one-line flow list of strings, `[a, b c, 'd']`; `undefined` for anything else. */
function flowList(raw: string): string[] | undefined {
  const inner = /^\[(.*)\]$/.exec(raw)?.[1];
  if (inner === undefined) return undefined;
  if (!inner.trim()) return [];
  const items: string[] = [];
  for (const piece of inner.split(',')) {
    const value = piece.trim();
    // In a flow list a plain string may not hold brackets, braces or colons.
    if (/[[\]{}:]/.test(value) && !/^["']/.test(value)) return undefined;
    const parsed = scalar(value);
    if (typeof parsed !== 'string') return undefined;
    items.push(parsed);
  }
  return items;
}

function scalar(raw: string): string | null | undefined {
  if (raw === '') return null;
  if (/^"[^"\\]*"$/.test(raw)) return raw.slice(1, -1);
  if (/^'(?:[^']|'')*'$/.test(raw)) return raw.slice(1, -1).replace(/''/g, "'");
  if (PLAIN.test(raw) && !NOT_A_STRING.test(raw)) return raw;
  return undefined;
}
