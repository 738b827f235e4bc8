import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSource, FeedError, readFeed } from '../../../app/briefings/feeds.js';
import { FakeFeedServer, newsItem } from '../../support/fakes/feeds.js';

let server: FakeFeedServer;
beforeAll(async () => {
  server = await new FakeFeedServer().start();
  server.add(newsItem('one', 'quarterly'));
  server.add(newsItem('two', 'breakwater'));
});
afterAll(() => server.close());

const options = { maxPageBytes: 1024 * 1024, timeoutMs: 1000 };

describe('fetchSource', () => {
  it.each(['/rss', '/atom', '/json'])('reads the items of %s, newest first, links absolute', async (path) => {
    const found = await fetchSource(`${server.origin}${path}`, {}, options);
    expect(found.kind).toBe('feed');
    if (found.kind !== 'feed') return;
    expect(found.items.map((i) => i.url)).toEqual([`${server.origin}/items/two`, `${server.origin}/items/one`]);
    expect(found.items[0]!.title).toBe('Harbour report two');
    expect(found.items[0]!.date).toBe(server.items[0]!.date);
    expect(new Set(found.items.map((i) => i.key)).size).toBe(2);
    expect(found.etag).toMatch(/^"v\d+"$/);
  });

  it('sends the ETag and Last-Modified it was given, and reports 304 as nothing new', async () => {
    const first = await fetchSource(`${server.origin}/rss`, {}, options);
    if (first.kind !== 'feed') throw new Error(first.kind);
    expect(await fetchSource(`${server.origin}/rss`, { etag: first.etag! }, options)).toEqual({ kind: 'not-modified' });
    expect(await fetchSource(`${server.origin}/rss`, { lastModified: first.lastModified! }, options)).toEqual({ kind: 'not-modified' });
    expect(server.requests.at(-1)!.headers['if-modified-since']).toBe(first.lastModified);
  });

  it('fails with the reason for a 500, a malformed feed and a slow source', async () => {
    await expect(fetchSource(`${server.origin}/error`, {}, options)).rejects.toThrow(new FeedError('the server answered 500'));
    await expect(fetchSource(`${server.origin}/malformed`, {}, options)).rejects.toThrow(
      /^not a feed \(RSS 2\.0, Atom or JSON Feed\) nor a web page/,
    );
    server.slowMs = 1500;
    await expect(fetchSource(`${server.origin}/slow`, {}, { ...options, timeoutMs: 200 })).rejects.toThrow('no answer within 0.2 s');
  });

  it('takes an HTML page as a page, not a feed', async () => {
    const found = await fetchSource(`${server.origin}/page`, {}, options);
    expect(found.kind).toBe('page');
  });
});

describe('readFeed', () => {
  it('keys an item by its guid, else its link, and skips an item with no link', () => {
    const rss = `<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/a</link></item><item><title>No link</title></item><item><title>B</title><link>https://x.example/b</link><guid>b-1</guid></item></channel></rss>`;
    expect(readFeed(rss, 'https://x.example/feed')).toEqual({
      title: 'T',
      items: [
        { key: 'https://x.example/a', url: 'https://x.example/a', title: 'A' },
        { key: 'b-1', url: 'https://x.example/b', title: 'B' },
      ],
    });
  });

  it('refuses what is not a feed', () => {
    expect(() => readFeed('{"not": "a feed"}', 'https://x.example/')).toThrow(FeedError);
    expect(() => readFeed('plain words', 'https://x.example/')).toThrow(FeedError);
  });
});
