import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../src/log.js';

/** An article the fake server lists in its feeds and serves as a page at `/items/<slug>`. */
export interface FakeItem {
  slug: string;
  title: string;
  /** Paragraphs of the article. */
  paragraphs: string[];
  /** ISO time. */
  date: string;
}

/**
 * A local feed server on 127.0.0.1: the same items as RSS 2.0 (`/rss`), Atom (`/atom`) and JSON
 * Feed (`/json`), with ETag and Last-Modified (304 when unchanged); a source that answers 500
 * (`/error`), one that is slow (`/slow`, after `slowMs`), a malformed feed (`/malformed`), a web
 * page that may change (`/page`), and an item whose page is 200 MB (`/items/huge`, streamed).
 */
export class FakeFeedServer {
  /** Newest first, as feeds list them. */
  items: FakeItem[] = [];
  /** The text of the page source (`/page`). */
  pageText =
    'The committee met on Monday and agreed the harbour budget for next year, with more for dredging and less for the ferry terminal.';
  slowMs = 3000;
  /** Paths that answer 500 for now (an item's page that fails). */
  readonly failing = new Set<string>();
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders; status: number }> = [];
  private readonly held = new Map<string, { release: () => void; requested: () => void; wait: () => Promise<void> }>();
  private version = 1;
  private modified = new Date('2026-01-01T00:00:00Z');
  private server: Server | undefined;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.answer(req.url ?? '/', req.headers, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const hold of this.held.values()) hold.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Adds an item at the top of every feed (its ETag and Last-Modified change). */
  add(item: Omit<FakeItem, 'date'> & { date?: string }): FakeItem {
    const full = { date: new Date(Date.UTC(2026, 0, 1) + this.items.length * 3600_000).toISOString(), ...item };
    this.items.unshift(full);
    this.touch();
    return full;
  }

  /** Marks the feeds and the page as changed. */
  touch(): void {
    this.version += 1;
    this.modified = new Date(this.modified.getTime() + 60_000);
  }

  /** How many requests reached `path`. */
  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  /** Holds requests to `path` unanswered until `release()`; `seen` resolves when the first arrives. */
  hold(path: string): { release: () => void; seen: Promise<void> } {
    let requested!: () => void;
    const seen = new Promise<void>((resolve) => (requested = resolve));
    const waiters: Array<() => void> = [];
    this.held.set(path, {
      requested,
      wait: () => new Promise<void>((resolve) => waiters.push(resolve)),
      release: () => waiters.splice(0).forEach((w) => w()),
    });
    return {
      seen,
      release: () => {
        this.held.get(path)?.release();
        this.held.delete(path);
      },
    };
  }

  private async answer(url: string, headers: IncomingHttpHeaders, res: import('node:http').ServerResponse): Promise<void> {
    const path = url.split('?')[0]!;
    const reply = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      this.requests.push({ path, headers, status });
      res.writeHead(status, { 'content-type': type, ...extra });
      res.end(body);
    };
    const hold = this.held.get(path);
    if (hold) {
      hold.requested();
      await Promise.race([hold.wait(), new Promise<void>((resolve) => res.once('close', resolve))]);
      if (res.destroyed) return void this.requests.push({ path, headers, status: 0 });
    }
    const etag = `"v${this.version}"`;
    const validators = { etag, 'last-modified': this.modified.toUTCString() };
    const unchanged =
      headers['if-none-match'] === etag || (!headers['if-none-match'] && headers['if-modified-since'] === this.modified.toUTCString());
    if (['/rss', '/atom', '/json', '/page'].includes(path) && unchanged) {
      this.requests.push({ path, headers, status: 304 });
      res.writeHead(304, validators).end();
      return;
    }
    if (path === '/rss') return reply(200, 'application/rss+xml; charset=utf-8', this.rss(), validators);
    if (path === '/atom') return reply(200, 'application/atom+xml', this.atom(), validators);
    if (path === '/json') return reply(200, 'application/feed+json', JSON.stringify(this.json()), validators);
    if (path === '/page')
      return reply(
        200,
        'text/html; charset=utf-8',
        article(
          'Harbour budget',
          [this.pageText, 'The vote was seven to two; the two against asked for the ferry money back next year.'],
          `${this.origin}/page`,
        ),
        validators,
      );
    if (path === '/error' || this.failing.has(path)) return reply(500, 'text/plain', 'internal error');
    if (path === '/malformed')
      return reply(
        200,
        'application/rss+xml',
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>unclosed',
      );
    if (path === '/slow') return void setTimeout(() => reply(200, 'application/rss+xml', this.rss()), this.slowMs);
    if (path === '/items/huge') return this.huge(res, headers);
    const item = this.items.find((i) => `/items/${i.slug}` === path);
    if (item) return reply(200, 'text/html; charset=utf-8', article(item.title, item.paragraphs, `${this.origin}/items/${item.slug}`));
    reply(404, 'text/plain', 'not found');
  }

  /** 200 MB of page, made as it is sent (never held in memory), declared in Content-Length. */
  private huge(res: import('node:http').ServerResponse, headers: IncomingHttpHeaders): void {
    this.requests.push({ path: '/items/huge', headers, status: 200 });
    const total = 200 * 1024 * 1024;
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(total) });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = total));
    pump();
  }

  private link(item: FakeItem): string {
    return `${this.origin}/items/${item.slug}`;
  }

  private rss(): string {
    const items = this.items.map(
      (i) =>
        `<item><title>${escape(i.title)}</title><link>${this.link(i)}</link><guid isPermaLink="false">item-${i.slug}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate></item>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour News</title><link>${this.origin}/</link><description>News</description>${items.join('')}</channel></rss>`;
  }

  private atom(): string {
    const entries = this.items.map(
      (i) =>
        `<entry><title>${escape(i.title)}</title><id>urn:item:${i.slug}</id><link rel="alternate" href="/items/${i.slug}"/><updated>${i.date}</updated></entry>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="${this.origin}/"><title>Harbour Atom</title><id>urn:feed</id><updated>2026-01-01T00:00:00Z</updated>${entries.join('')}</feed>`;
  }

  private json(): object {
    return {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Harbour JSON',
      items: this.items.map((i) => ({ id: `json-${i.slug}`, url: this.link(i), title: i.title, date_published: i.date })),
    };
  }
}

/** A news article page, with its canonical address. */
export function article(title: string, paragraphs: string[], canonical: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><meta property="og:site_name" content="Harbour News"><link rel="canonical" href="${canonical}"></head><body><nav><a href="/">Home</a></nav><main><article><h1>${escape(title)}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}</article></main></body></html>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A news item with enough text for the article reader, and a word of its own to find it by. */
export function newsItem(slug: string, word: string) {
  return {
    slug,
    title: `Harbour report ${slug}`,
    paragraphs: [
      `The harbour board published its ${word} report on Tuesday, describing the state of the quays and the work planned for the coming year in some detail.`,
      `Engineers found that the ${word} wall on the northern side needs repairs before winter, and the board has set aside money for the work from its reserves.`,
      'Ferry operators welcomed the plan but asked that the works be scheduled outside the summer season, when most passengers travel to the islands.',
    ],
  };
}

/** A logger that keeps what was said, to check what a failure logged. */
export function recordingLogger(lines: string[] = []): Logger & { lines: string[] } {
  const say = (obj: object | string, msg?: string) => void lines.push(typeof obj === 'string' ? obj : (msg ?? ''));
  const log = { lines, debug: say, info: say, warn: say, error: say, child: () => log };
  return log;
}
