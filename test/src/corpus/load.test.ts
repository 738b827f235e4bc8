import { describe, expect, it } from 'vitest';
import { CorpusError, isCorpusFile, loadCorpus, parseDocument, slugify } from '../../../src/corpus/load.js';
import { loadShippedDocuments } from '../../support/helpers.js';

const md = (front: string, body = 'Some text.\n') => `---\n${front}\n---\n\n${body}`;

describe('corpus loader', () => {
  describe('parseDocument (.md)', () => {
    it('reads front matter, the lead and ## sections, with paragraphs joined and markup removed', () => {
      const doc = parseDocument({
        file: 'a.md',
        content: md(
          'id: a\ntitle: A title\nsource: example.org\npublisher: Press',
          'Lead *text*\nwraps here.\n\n## First part\n\nOne [link](http://x).\n\nCaption: A photo. Photo: Someone\n\nTwo.',
        ),
      });
      expect(doc).toMatchObject({ id: 'a', title: 'A title', source: 'example.org', publisher: 'Press' });
      expect(doc.url).toBeUndefined();
      expect(doc.sections.map((s) => [s.title, s.paragraphs])).toEqual([
        ['Lead', ['Lead text wraps here.']],
        ['First part', ['One link.', 'Two.']],
      ]);
      expect(doc.sections[1]!.captions).toEqual(['A photo. Photo: Someone']);
    });

    it('stops on a missing title, naming the file and line', () => {
      expect(() => parseDocument({ file: 'corpus/x.md', content: md('source: s') })).toThrow('corpus/x.md:2: missing "title"');
    });

    it('stops on a missing source', () => {
      expect(() => parseDocument({ file: 'x.md', content: md('title: T') })).toThrow(/^x\.md:2: missing "source"/);
    });

    it('stops on unreadable front matter with the line of the fault', () => {
      const error = (() => {
        try {
          parseDocument({ file: 'x.md', content: md('title: T\nsource: s\nbad: [unclosed') });
        } catch (e) {
          return e as CorpusError;
        }
      })();
      expect(error).toBeInstanceOf(CorpusError);
      expect(error!.message).toMatch(/^x\.md:\d+: unreadable front matter/);
      expect(error!.line).toBeGreaterThanOrEqual(2);
    });

    it('stops on front matter that is never closed', () => {
      expect(() => parseDocument({ file: 'x.md', content: '---\ntitle: T\n\nText' })).toThrow(
        'x.md:1: front matter opened with "---" is never closed',
      );
    });

    it('stops on an empty body', () => {
      expect(() => parseDocument({ file: 'x.md', content: md('title: T\nsource: s', '\n## Only a heading\n') })).toThrow(
        'x.md: the document has no text (empty body)',
      );
    });

    it('refuses a url that is not http(s): a URL is never made up or mangled', () => {
      expect(() => parseDocument({ file: 'x.md', content: md('title: T\nsource: s\nurl: vov.vn') })).toThrow(
        /"url" must be an http\(s\) address/,
      );
    });
  });

  describe('parseDocument (.txt)', () => {
    it('takes the first line as title, drops page furniture and reads the attribution as the source', () => {
      const doc = parseDocument({
        file: 'news.txt',
        content:
          'A title\n\nPV DNUM_ABC 08:05\n\nThe lead.\n\nA heading\n\nBody text.\n\nẢnh: chú thích\nPeople at a table. Photo: Getty\n\nAccording to vov.vn\nCopy Link\n\nLatest\n\nx\nA title\nPOWERED BYONECMS- A PRODUCT OFNEKO',
      });
      expect(doc).toMatchObject({ id: 'news', title: 'A title', source: 'vov.vn' });
      const text = JSON.stringify(doc.sections.map((s) => s.paragraphs));
      for (const furniture of ['Copy Link', 'Latest', 'POWERED', 'PV DNUM', 'According to', 'Ảnh']) expect(text).not.toContain(furniture);
      expect(doc.sections.map((s) => s.title)).toEqual(['Lead', 'A heading']);
      expect(doc.sections[1]!.captions).toEqual(['People at a table. Photo: Getty']);
    });
  });

  describe('loadCorpus', () => {
    it('stops on a duplicate id, naming both files', () => {
      const file = (name: string) => ({ file: name, content: md('id: same\ntitle: T\nsource: s') });
      expect(() => loadCorpus([file('a.md'), file('b.md')])).toThrow('b.md: duplicate document id "same" (also in a.md)');
    });
  });

  describe('isCorpusFile', () => {
    it('reads .md and .txt but not the folder README or hidden files', () => {
      expect(['a.md', 'b.txt', 'README.md', '.x.md', 'c.json'].filter(isCorpusFile)).toEqual(['a.md', 'b.txt']);
    });
  });

  describe('slugify', () => {
    it('makes ids and section slugs from titles', () => {
      expect(slugify("NATO's expansion to the East")).toBe('nato-s-expansion-to-the-east');
      expect(slugify('Tổng thống')).toBe('tong-thong');
    });
  });
});

describe('the shipped corpus', () => {
  it('holds the cleaned article with its source, publisher and five sections after the lead', async () => {
    const [doc, ...others] = await loadShippedDocuments();
    expect(others).toEqual([]);
    expect(doc).toMatchObject({
      id: 'red-line-russia-us',
      title: "'Red line' challenges in Russia-US relations",
      source: 'vov.vn',
      publisher: 'Nghe An Newspaper',
    });
    expect(doc!.url).toBeUndefined();
    expect(doc!.sections.map((s) => s.title)).toEqual([
      'Lead',
      'Dual Deterrence Strategy',
      'Defining the “red line”',
      "NATO's expansion to the East",
      'Visa negotiations deadlock',
      'Unpredictable outlook',
    ]);
  });

  it('has no page furniture, no Vietnamese caption, and the caption only as a caption', async () => {
    const [doc] = await loadShippedDocuments();
    const text = doc!.sections.flatMap((s) => s.paragraphs).join('\n');
    for (const furniture of [
      'Copy Link',
      'Featured Nghe An',
      'Latest',
      'POWERED BY',
      'DNUM',
      'According to vov.vn',
      'Tổng thống',
      'Photo: Getty',
      '../../corpus',
    ])
      expect(text).not.toContain(furniture);
    expect(doc!.sections.flatMap((s) => s.captions)).toEqual(['US President Joe Biden and Russian President Vladimir Putin. Photo: Getty']);
  });

  it('keeps every paragraph of the seed verbatim', async () => {
    const { readFile } = await import('node:fs/promises');
    const seed = await readFile(new URL('../../../shared/seeds/red-line-russia-us.txt', import.meta.url), 'utf8').catch(() => null);
    if (seed === null) return expect(seed).toBeNull(); // shared/ is beside the checkout in CI; skip only if it is absent
    const [doc] = await loadShippedDocuments();
    for (const paragraph of doc!.sections.flatMap((s) => s.paragraphs)) expect(seed).toContain(paragraph);
  });

  it('is what the .txt loader makes of the raw seed, page furniture and all', async () => {
    const { readFile } = await import('node:fs/promises');
    const seed = await readFile(new URL('../../../shared/seeds/red-line-russia-us.txt', import.meta.url), 'utf8').catch(() => null);
    if (seed === null) return expect(seed).toBeNull();
    const raw = parseDocument({ file: 'red-line-russia-us.txt', content: seed });
    const [doc] = await loadShippedDocuments();
    expect(raw.source).toBe('vov.vn');
    expect(raw.sections.map((s) => [s.title, s.paragraphs])).toEqual(doc!.sections.map((s) => [s.title, s.paragraphs]));
  });
});
