import { describe, expect, it } from 'vitest';
import { isInternal, refusedLink } from '../../../app/briefings/address.js';

describe('refusedLink', () => {
  it('refuses an item of a public feed that points into the host network: loopback, private ranges, cloud metadata', async () => {
    const feed = 'https://93.184.216.34/feed.xml';
    for (const item of [
      'http://127.0.0.1:8080/admin',
      'http://localhost/x',
      'http://10.1.2.3/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
    ])
      expect(await refusedLink(feed, item), item).toMatch(/host's own network/);
    expect(await refusedLink(feed, 'https://93.184.216.35/article.html')).toBeUndefined();
  });

  it("follows an internal feed's internal links: a team's own intranet feed", async () => {
    expect(await refusedLink('http://127.0.0.1:8765/feed.xml', 'http://127.0.0.1:8765/news/1.html')).toBeUndefined();
    expect(await isInternal('http://172.20.0.5/feed')).toBe(true);
    expect(await isInternal('not a url')).toBe(false);
  });
});
