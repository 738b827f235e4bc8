import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../../src/corpus/load.js';
import { checkUnzippedSize } from '../../../src/corpus/unzip-limit.js';
import { makeDocx } from '../../support/make-docx.js';
import { makePdf } from '../../support/make-pdf.js';

const ok = { file: 'c/ok.md', content: '---\ntitle: Fine\nsource: example.org\n---\n\nThe fine document is read.\n' };

/** Reads `file` beside a good document; resolves to what was skipped, with how long it took. */
async function beside(file: { file: string; content: string | Uint8Array }) {
  const started = performance.now();
  const read = await readCorpus([file, ok]);
  return { ...read, ms: performance.now() - started };
}

describe('hostile files are skipped or read, in bounded time, and never stop the corpus', () => {
  it('HTML nested 100,000 deep is refused before it is parsed', async () => {
    const deep = `<html><body>${'<div>'.repeat(100_000)}<p>Deep text.</p>${'</div>'.repeat(100_000)}</body></html>`;
    const read = await beside({ file: 'c/deep.html', content: deep });
    expect(read.skipped).toEqual([{ file: 'c/deep.html', reason: expect.stringMatching(/^the markup is nested 100002 deep/) }]);
    expect(read.documents.map((d) => d.id)).toEqual(['ok']);
    expect(read.ms).toBeLessThan(10_000);
  });

  it('a 5 MB page of 600,000 elements on one line is refused; a 5 MB single line of text is read', async () => {
    const tags = `<html><body>${'<p>word <b>x</b> '.repeat(300_000)}</body></html>`;
    const refused = await beside({ file: 'c/tags.html', content: tags });
    expect(refused.skipped).toEqual([{ file: 'c/tags.html', reason: expect.stringMatching(/^the page has 600002 elements/) }]);
    expect(refused.ms).toBeLessThan(10_000);
    const line = `---\ntitle: One line\nsource: example.org\n---\n\n${'word '.repeat(1_000_000)}\n`;
    const read = await beside({ file: 'c/line.md', content: line });
    expect(read.skipped).toEqual([]);
    expect(read.documents.find((d) => d.id === 'line')!.sections[0]!.paragraphs.join('').length).toBeGreaterThan(4_999_000);
  }, 60_000);

  it('binary junk named .md is skipped as not text', async () => {
    const junk = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256);
    const read = await beside({ file: 'c/junk.md', content: junk });
    expect(read.skipped).toEqual([{ file: 'c/junk.md', reason: 'not text (binary content in a .md file)' }]);
    expect(read.documents.map((d) => d.id)).toEqual(['ok']);
  });

  it('a Word file whose parts unzip to gigabytes is refused while inflating, even when its directory claims a few bytes', async () => {
    const docx = await makeDocx([{ text: 'A normal paragraph.' }]);
    const zip = await JSZip.loadAsync(docx);
    // 70 MB of zeros deflates to about 70 KB: over the 64 MB limit once inflated.
    zip.file('word/bomb.xml', new Uint8Array(70 * 1024 * 1024), { compression: 'DEFLATE' });
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const read = await beside({ file: 'c/bomb.docx', content: bomb });
    expect(read.skipped).toEqual([{ file: 'c/bomb.docx', reason: expect.stringMatching(/^the Word file unzips to more than 64 MB/) }]);

    // The same part, its declared size rewritten to 100 bytes: the inflated bytes are what count.
    const lying = lieAboutSizes(bomb, 100);
    await expect(checkUnzippedSize(lying, 1024 * 1024)).rejects.toThrow(/unzips to more than 1 MB/);
    await expect(checkUnzippedSize(docx, 1024 * 1024)).resolves.toBeUndefined();
  }, 60_000);

  it('a PDF whose page tree claims 100,000 pages is read for the page it has', async () => {
    const pdf = new TextDecoder('latin1').decode(
      makePdf([[{ x: 72, y: 700, text: 'The only page there is, with enough words to read.' }]]),
    );
    const claims = Uint8Array.from(pdf.replace('/Count 1 >>', '/Count 100000 >>'), (c) => c.charCodeAt(0));
    const read = await beside({ file: 'c/claims.pdf', content: claims });
    expect(read.skipped).toEqual([]);
    expect(read.documents.find((d) => d.id === 'claims')!.sections.flatMap((s) => s.paragraphs)).toEqual([
      'The only page there is, with enough words to read.',
    ]);
  }, 60_000);

  it("a document that throws inside its reader is skipped with the reader's message; duplicate ids skip the second", async () => {
    const read = await readCorpus([
      ok,
      { file: 'c/z-copy.md', content: ok.content.replace('---\n\n', 'id: ok\n---\n\n') },
      { file: 'c/bad.docx', content: new TextEncoder().encode('PK not a zip') },
    ]);
    expect(read.documents.map((d) => d.file)).toEqual(['c/ok.md']);
    expect(read.skipped).toEqual([
      { file: 'c/bad.docx', reason: expect.stringMatching(/^not a readable Word file/) },
      { file: 'c/z-copy.md', reason: 'duplicate document id "ok" (also in c/ok.md); set another "id"' },
    ]);
  });
});

/** Rewrites every uncompressed size in a ZIP's local and central headers (a lying archive). */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  for (let at = 0; at + 30 < bytes.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return bytes;
}
