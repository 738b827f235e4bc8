import { createRequire } from 'node:module';
import { parseFeed } from 'feedsmith';
import { CorpusError } from '../../src/corpus/load.js';
import type { FeedItem } from '../../src/briefings/sources.js';
import { fetchIfChanged, FETCH_TIMEOUT_MS, type FetchedDocument } from '../cli/add.js';

/** How redline names itself to the sites it reads. */
export const USER_AGENT = `redline/${packageVersion()} (+feed reader)`;
/** A feed document larger than this is refused (the pages it links to have `REDLINE_MAX_FILE_MB`). */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

/** A source that could not be read: the server's answer, a timeout, or a body that is neither a feed nor a page. */
export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

/** What a poll of a source found: nothing new (304), a feed's items, or a web page (the page is the item). */
export type SourceFetch =
  | { kind: 'not-modified' }
  | { kind: 'feed'; title?: string; items: FeedItem[]; etag?: string; lastModified?: string }
  | { kind: 'page'; page: FetchedDocument; etag?: string; lastModified?: string };

export interface FeedFetchOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** The largest feed accepted; a web page source has the corpus's per-file limit. */
  maxFeedBytes?: number;
  maxPageBytes: number;
}

/**
 * Fetches a source with a conditional GET (the ETag and Last-Modified it gave last time), within
 * a size and time limit, and reads it as a feed (RSS 2.0, Atom, RDF, JSON Feed) or, when it is an
 * HTML page, as a page. Throws a `FeedError` saying why it could not.
 */
export async function fetchSource(
  url: string,
  validators: { etag?: string; lastModified?: string },
  options: FeedFetchOptions,
): Promise<SourceFetch> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: FEED_ACCEPT };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let fetched: FetchedDocument | undefined;
  try {
    fetched = await fetchIfChanged(url, Math.max(options.maxFeedBytes ?? MAX_FEED_BYTES, options.maxPageBytes), {
      headers,
      timeoutMs: options.timeoutMs ?? FETCH_TIMEOUT_MS,
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    });
  } catch (error) {
    throw new FeedError(error instanceof CorpusError ? error.reason : (error as Error).message);
  }
  if (!fetched) return { kind: 'not-modified' };
  const next = { ...(fetched.etag ? { etag: fetched.etag } : {}), ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}) };
  if (isHtml(fetched)) return { kind: 'page', page: fetched, ...next };
  if (fetched.bytes.length > (options.maxFeedBytes ?? MAX_FEED_BYTES))
    throw new FeedError(`the feed is over ${Math.round((options.maxFeedBytes ?? MAX_FEED_BYTES) / 1024 / 1024)} MB`);
  return { kind: 'feed', ...readFeed(new TextDecoder().decode(fetched.bytes), fetched.url), ...next };
}

/** The items of a feed (RSS 2.0, Atom, RDF or JSON Feed), newest first as feeds list them; links made absolute against `base`. */
export function readFeed(text: string, base: string): { title?: string; items: FeedItem[] } {
  const body = text.replace(/^\uFEFF/, '').trim();
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(body.startsWith('{') ? (JSON.parse(body) as unknown) : body);
  } catch (error) {
    throw new FeedError(`not a feed (RSS 2.0, Atom or JSON Feed) nor a web page: ${(error as Error).message}`);
  }
  const feed = parsed.feed as unknown as Loose;
  const entries = (parsed.format === 'atom' ? feed.entries : feed.items) as Loose[] | undefined;
  const items: FeedItem[] = [];
  for (const entry of entries ?? []) {
    const item = itemOf(parsed.format, entry, base);
    if (item) items.push(item);
  }
  const title = textOf(feed.title);
  return { ...(title ? { title } : {}), items };
}

type Loose = Record<string, unknown>;

function itemOf(format: string, entry: Loose, base: string): FeedItem | undefined {
  let link: unknown;
  let id: unknown;
  let date: unknown;
  if (format === 'atom') {
    const links = (entry.links as Loose[] | undefined) ?? [];
    link = (links.find((l) => l.rel === undefined || l.rel === 'alternate') ?? links[0])?.href;
    id = entry.id;
    date = entry.published ?? entry.updated;
  } else if (format === 'json') {
    link = entry.url ?? entry.external_url;
    id = entry.id;
    date = entry.date_published ?? entry.date_modified;
  } else {
    link = entry.link;
    id = textOf(entry.guid);
    date = entry.pubDate ?? (entry.dc as Loose | undefined)?.date ?? (entry.dc as Loose | undefined)?.dates;
  }
  const url = absolute(typeof link === 'string' ? link : undefined, base);
  if (!url) return undefined;
  const title = textOf(entry.title);
  const when = dateOf(date);
  const key = typeof id === 'string' && id.trim() ? id.trim() : url;
  return { key, url, ...(title ? { title } : {}), ...(when ? { date: when } : {}) };
}

/** A feed's text field: a string, or `{ value }` (Atom text constructs, RSS guids). */
function textOf(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as Loose).value : undefined;
  return typeof text === 'string' && text.trim() ? text.replace(/\s+/g, ' ').trim() : undefined;
}

function dateOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string' && !(first instanceof Date)) return undefined;
  const time = new Date(first).getTime();
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function absolute(link: string | undefined, base: string): string | undefined {
  if (!link?.trim()) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return /^https?:$/.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A page served as HTML, and not a feed someone served with the wrong type. */
function isHtml(fetched: FetchedDocument): boolean {
  const type = fetched.contentType.split(';')[0]!.trim().toLowerCase();
  if (type !== 'text/html' && type !== 'application/xhtml+xml') return false;
  const start = new TextDecoder()
    .decode(fetched.bytes.subarray(0, 2048))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return !/^(<\?xml[^>]*>\s*)?<(rss|feed|rdf:rdf)\b/.test(start) && !start.startsWith('{');
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  // From the sources (app/briefings) and from the build (dist/app/briefings) alike.
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(path) as { name?: string; version?: string };
      if (pkg.name === 'redline' && pkg.version) return pkg.version;
    } catch {
      // not at this depth
    }
  }
  return '0';
}
