import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backoffMs,
  documentFileName,
  formatDuration,
  newItems,
  parseDuration,
  parseSources,
  shortHash,
} from '../../../src/briefings/sources.js';
import { CorpusError } from '../../../src/corpus/load.js';

const errorOf = (text: string): CorpusError => {
  try {
    parseSources(text, 'corpus/sources.yaml');
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('parseSources', () => {
  it('reads the contract’s example, with the default interval and optional metadata', () => {
    const text = [
      'sources:',
      '  - url: https://example.org/feed.xml   # RSS 2.0, Atom or JSON Feed, or a web page',
      '    every: 30m                          # poll interval',
      '    publisher: Example News             # optional metadata for its documents',
      '  - url: https://example.com/page',
      '    title: The status page',
      '    source: example.com',
      '  - https://example.net/feed.json',
    ].join('\n');
    expect(parseSources(text)).toEqual([
      { url: 'https://example.org/feed.xml', everyMs: 30 * 60_000, publisher: 'Example News', line: 2 },
      { url: 'https://example.com/page', everyMs: 30 * 60_000, title: 'The status page', source: 'example.com', line: 5 },
      { url: 'https://example.net/feed.json', everyMs: 30 * 60_000, line: 8 },
    ]);
  });

  it('is undefined without a file and empty for an empty one', () => {
    expect(parseSources(undefined)).toBeUndefined();
    expect(parseSources('')).toEqual([]);
    expect(parseSources('sources:\n')).toEqual([]);
  });

  it('names the file and line of each mistake', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['sources:\n  - url: https://a.example/f\n    every: 5s\n', 3, /"every" must be a duration from 10s to 7d.*got "5s"/],
      ['sources:\n  - url: https://a.example/f\n  - url: https://b.example/f\n    every: 8d\n', 4, /got "8d"/],
      ['sources:\n  - url: https://a.example/f\n    evry: 1h\n', 3, /unknown key "evry" \(url, every, title, source, publisher\)/],
      ['sources:\n  - url: ftp://a.example/f\n', 2, /"url" must be an http\(s\) address, got "ftp:/],
      ['sources:\n  - every: 1h\n', 2, /"url" must be an http\(s\) address/],
      ['sources:\n  - url: https://a.example/f\n  - url: https://a.example/f\n', 3, /listed twice \(also line 2\)/],
      ['feeds:\n  - url: https://a.example/f\n', 1, /unknown key "feeds" \(sources\)/],
      ['sources:\n  url: https://a.example/f\n', 1, /"sources" must be a list/],
      ['sources:\n  - url: https://a.example/f\n    publisher: [a, b]\n', 3, /"publisher" must be text/],
      ['sources:\n  - url: https://a.example/f\n    every: 1h\n   x: y\n', 4, /unreadable YAML/],
    ];
    for (const [text, line, message] of cases) {
      const error = errorOf(text);
      expect(error.file).toBe('corpus/sources.yaml');
      expect([text, error.line]).toEqual([text, line]);
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(`corpus/sources.yaml:${line}: `)).toBe(true);
    }
  });
});

describe('parseDuration', () => {
  it('reads 10s to 7d, and nothing outside', () => {
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    for (const bad of ['9s', '7d1s', '30', 'soon', '', '-1h', '1w']) expect(parseDuration(bad)).toBeUndefined();
    expect(parseDuration(30)).toBeUndefined();
  });

  it('formats back what it reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 604_800 }), (seconds) => parseDuration(formatDuration(seconds * 1000)) === seconds * 1000),
    );
  });
});

describe('documentFileName', () => {
  it('is readable, stable for the same address, and different for another', () => {
    const a = documentFileName({ url: 'https://news.example/2026/harbour', title: 'Harbour dredging approved!' }, '.html');
    expect(a).toBe(`harbour-dredging-approved-${shortHash('https://news.example/2026/harbour')}.html`);
    expect(documentFileName({ url: 'https://news.example/2026/harbour', title: 'Harbour dredging approved!' }, 'html')).toBe(a);
    expect(documentFileName({ url: 'https://news.example/2026/harbour?page=2', title: 'Harbour dredging approved!' }, '.html')).not.toBe(a);
    expect(documentFileName({ url: 'https://news.example/reports/q3.pdf' }, '.pdf')).toMatch(/^q3-[0-9a-f]{8}\.pdf$/);
    expect(documentFileName({ url: 'https://news.example/', title: '¿¿??' }, '.html')).toMatch(/^item-[0-9a-f]{8}\.html$/);
  });

  it('always gives a name the corpus reads, whose id is valid', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.option(fc.string(), { nil: undefined }), (url, title) => {
        const name = documentFileName({ url, ...(title === undefined ? {} : { title }) }, '.html');
        return /^[a-z0-9][a-z0-9-]*-[0-9a-f]{8}\.html$/.test(name) && name.length <= 80;
      }),
    );
  });
});

describe('newItems', () => {
  it('keeps the items not seen, each once, oldest first, at most max', () => {
    const items = ['e', 'd', 'c', 'd', 'b', 'a'].map((key) => ({ key, url: `https://x.example/${key}` }));
    expect(newItems(items, (key) => key === 'c').map((i) => i.key)).toEqual(['a', 'b', 'd', 'e']);
    expect(newItems(items, () => false, 2).map((i) => i.key)).toEqual(['a', 'b']);
  });
});

describe('backoffMs', () => {
  it('waits the interval, then doubles after each failure in a row, at most a day (or the interval)', () => {
    expect(backoffMs(1_800_000, 0)).toBe(1_800_000);
    expect(backoffMs(1_800_000, 1)).toBe(1_800_000);
    expect(backoffMs(1_800_000, 2)).toBe(3_600_000);
    expect(backoffMs(10_000, 1)).toBe(60_000);
    expect(backoffMs(1_800_000, 40)).toBe(86_400_000);
    expect(backoffMs(604_800_000, 5)).toBe(604_800_000);
  });
});
