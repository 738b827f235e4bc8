import { CorpusError, parseCorpusYaml } from '../corpus/load.js';
import { slugify } from '../corpus/convert.js';

// Sources followed: the optional `sources.yaml` of a corpus lists feeds and web pages whose new
// items become documents. This reads and checks it, and holds the pure rules the follower keeps:
// what an item is called on disk, which items are new, how long to wait after a failure.

/** The file's name in the corpus folder (`sources.yml` is read too). */
export const SOURCES_FILE = 'sources.yaml';

/** The shortest and longest poll interval, and the default. */
export const MIN_EVERY_MS = 10_000;
export const MAX_EVERY_MS = 7 * 24 * 3600_000;
export const DEFAULT_EVERY_MS = 30 * 60_000;

/** A feed (RSS 2.0, Atom, JSON Feed) or a web page, polled every `everyMs`. */
export interface Source {
  url: string;
  everyMs: number;
  /** A name for the source in `redline sources`. */
  title?: string;
  /** Metadata given to each of its documents (their sidecars). */
  source?: string;
  publisher?: string;
  /** The 1-based line of its entry in the file. */
  line: number;
}

/** One entry of a feed, as the follower needs it; a web page source is one item, itself. */
export interface FeedItem {
  /** What tells this item from the others, for good: the feed's id / guid, else its link. */
  key: string;
  url: string;
  title?: string;
  /** ISO 8601, when the feed gives a date. */
  date?: string;
}

const SOURCE_KEYS = ['url', 'every', 'title', 'source', 'publisher'];
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 24 * 3600_000 };

/**
 * Reads `sources.yaml`:
 * ```yaml
 * sources:
 *   - url: https://example.org/feed.xml   # RSS 2.0, Atom or JSON Feed, or a web page
 *     every: 30m                          # 10s to 7d (default 30m)
 *     publisher: Example News             # optional metadata for its documents
 * ```
 * Undefined when there is no file. Throws a `CorpusError` naming the file and line of the first mistake.
 */
export function parseSources(text: string | undefined, file = SOURCES_FILE): Source[] | undefined {
  if (text === undefined) return undefined;
  const value = parseCorpusYaml(text, file);
  if (value === null || value === undefined) return [];
  if (!isMapping(value)) throw new CorpusError(file, 1, 'must be a mapping with a "sources:" list');
  for (const key of Object.keys(value))
    if (key !== 'sources') throw new CorpusError(file, lineAfter(text, key, 0, false), `unknown key "${key}" (sources)`);
  const list = value.sources ?? [];
  if (!Array.isArray(list))
    throw new CorpusError(file, lineAfter(text, 'sources', 0, false), '"sources" must be a list of entries, each starting "- url: ..."');
  const starts = entryLines(text);
  const seen = new Map<string, number>();
  return list.map((entry: unknown, index) => {
    const line = starts[index] ?? lineAfter(text, 'sources', 0, false) ?? 1;
    const source = readEntry(entry, file, text, line);
    const other = seen.get(source.url);
    if (other !== undefined) throw new CorpusError(file, line, `${source.url} is listed twice (also line ${other})`);
    seen.set(source.url, line);
    return source;
  });
}

function readEntry(entry: unknown, file: string, text: string, line: number): Source {
  if (typeof entry === 'string') entry = { url: entry };
  if (!isMapping(entry))
    throw new CorpusError(file, line, 'each source is a mapping: "- url: https://..." with optional every, title, source, publisher');
  const at = (key: string) => lineAfter(text, key, line - 1, true) ?? line;
  for (const key of Object.keys(entry))
    if (!SOURCE_KEYS.includes(key)) throw new CorpusError(file, at(key), `unknown key "${key}" (${SOURCE_KEYS.join(', ')})`);
  const url = entry.url;
  if (typeof url !== 'string' || !isHttpUrl(url.trim()))
    throw new CorpusError(file, at('url'), `"url" must be an http(s) address${typeof url === 'string' ? `, got "${url}"` : ''}`);
  const every = entry.every;
  const everyMs = every === undefined || every === null ? DEFAULT_EVERY_MS : parseDuration(every);
  if (everyMs === undefined)
    throw new CorpusError(
      file,
      at('every'),
      `"every" must be a duration from 10s to 7d (a number and s, m, h or d, e.g. 30m), got "${String(every)}"`,
    );
  const text_ = (key: string): string | undefined => {
    const value = entry[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new CorpusError(file, at(key), `"${key}" must be text`);
    return String(value).trim() || undefined;
  };
  const title = text_('title');
  const source = text_('source');
  const publisher = text_('publisher');
  return {
    url: url.trim(),
    everyMs,
    line,
    ...(title ? { title } : {}),
    ...(source ? { source } : {}),
    ...(publisher ? { publisher } : {}),
  };
}

/** `10s`, `30m`, `2h`, `1d` (also `1h30m`) in milliseconds, when from 10 s to 7 days; else undefined. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?\s*[smhd]\s*)+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)\s*([smhd])/g)) ms += Number(amount) * UNITS[unit!]!;
  ms = Math.round(ms);
  return ms >= MIN_EVERY_MS && ms <= MAX_EVERY_MS ? ms : undefined;
}

/** A duration as `sources.yaml` writes it: `30m`, `1h30m`, `10s`. */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return parts.join('') || '0s';
}

/**
 * The file an item is written to, the same every time for the same address: a readable slug of
 * its title (else its address) and a short hash of the address, so two items never share a name
 * and a replica that writes it again replaces it rather than adding a second copy.
 */
export function documentFileName(item: { url: string; title?: string }, extension: string): string {
  const { hostname, pathname } = safeUrl(item.url);
  const words =
    item.title?.trim() ||
    pathname
      .split('/')
      .filter(Boolean)
      .pop()
      ?.replace(/\.[a-z0-9]+$/i, '') ||
    hostname;
  const slug =
    slugify(words)
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'item';
  return `${slug}-${shortHash(item.url)}${extension.startsWith('.') ? extension : `.${extension}`}`;
}

/** The items not seen before, each once, oldest first (feeds list newest first), at most `max`. */
export function newItems(items: FeedItem[], seen: (key: string) => boolean, max = Infinity): FeedItem[] {
  const keys = new Set<string>();
  const fresh = items.filter((item) => {
    if (keys.has(item.key) || seen(item.key)) return false;
    keys.add(item.key);
    return true;
  });
  return fresh.reverse().slice(0, max);
}

/** How long to wait before trying a source again after `failures` failures in a row: its interval, doubling, at most a day (or its interval when longer). */
export function backoffMs(everyMs: number, failures: number): number {
  if (failures <= 0) return everyMs;
  const cap = Math.max(everyMs, 24 * 3600_000);
  return Math.min(cap, Math.max(everyMs, 60_000) * 2 ** Math.min(failures - 1, 20));
}

/** An eight-hex-digit FNV-1a hash: short, stable, and with no platform library. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function safeUrl(url: string): { hostname: string; pathname: string } {
  try {
    const parsed = new URL(url);
    return { hostname: parsed.hostname, pathname: decodeURIComponent(parsed.pathname) };
  } catch {
    return { hostname: 'item', pathname: '' };
  }
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(value)) return false;
  try {
    return Boolean(new URL(value).hostname);
  } catch {
    return false;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 1-based line of each `- ` entry of the list, in order. */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*-(\s|$)/.test(line)) lines.push(index + 1);
  });
  return lines;
}

/** The 1-based line where a key is first written at or after line `from` (0-based), as `key:` or `- key:`. */
function lineAfter(text: string, key: string, from: number, inEntry: boolean): number | undefined {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!.replace(/["']/g, '').trimStart().replace(/^-\s+/, '');
    if (line.startsWith(`${key}:`)) return i + 1;
    // An entry's keys end where the next entry starts.
    if (inEntry && i > from && /^\s*-(\s|$)/.test(lines[i]!)) return undefined;
  }
  return undefined;
}
