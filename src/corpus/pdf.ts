import type { Converted } from './convert.js';
import { ConvertError, SectionBuilder } from './convert.js';

/** A run of text on a page, in PDF points from the bottom left. */
interface Fragment {
  x: number;
  y: number;
  width: number;
  size: number;
  text: string;
}

interface Line {
  text: string;
  /** The baseline, in points from the bottom. */
  y: number;
  /** In the page's header or footer band. */
  margin: boolean;
  size: number;
  page: number;
  /** Which column of a two-column page the line is in (0 on a one-column page or across both). */
  column: number;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
}

/** Header and footer bands: this share of the page height at the top and the bottom. */
const MARGIN = 0.09;
/** A line at least this much larger than the body text is a heading. */
const HEADING_RATIO = 1.2;
/** Pages read from one PDF at most: a file claiming 100,000 pages is read in bounded time. */
export const MAX_PAGES = 2000;
const PAGE_NUMBER = /^(?:page\s+)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * Reads a PDF's text layer into sections: headings by font size, paragraphs by line spacing, two
 * columns in reading order, running headers, footers and page numbers dropped, line-end hyphens
 * joined, and the page each paragraph starts on. Pages without usable text are reported, not read.
 */
export async function readPdf(bytes: Uint8Array): Promise<Converted> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let pdf;
  try {
    // pdf.js takes ownership of the buffer it is given: pass a copy.
    pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 })
      .promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new ConvertError('the PDF is encrypted (password-protected); save a copy without a password');
    throw new ConvertError(`not a readable PDF (${(error as Error).message})`);
  }
  try {
    const problems: string[] = [];
    const pages: Line[][] = [];
    const last = Math.min(pdf.numPages, MAX_PAGES);
    if (pdf.numPages > MAX_PAGES) problems.push(`pages ${MAX_PAGES + 1} to ${pdf.numPages}: over the ${MAX_PAGES}-page limit, not read`);
    for (let n = 1; n <= last; n++) {
      const page = await pdf.getPage(n).catch((error: Error) => {
        // A page tree that claims more pages than the file holds: the pages read so far are kept.
        problems.push(`pages ${n} to ${pdf.numPages}: cannot be read (${error.message}), not indexed`);
      });
      if (!page) break;
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const fragments = (content.items as PdfTextItem[])
        .filter((item) => typeof item.str === 'string' && item.str.trim())
        .map((item) => ({
          x: item.transform[4]!,
          y: item.transform[5]!,
          width: item.width,
          size: Math.hypot(item.transform[2]!, item.transform[3]!) || 1,
          text: item.str,
        }));
      const text = fragments.map((f) => f.text).join('');
      if (!text.trim()) {
        if (await hasImages(page)) problems.push(`page ${n}: no text layer (a scanned image?), not indexed`);
        pages.push([]);
      } else if (!readable(text)) {
        problems.push(`page ${n}: the text does not extract as words (a font without a Unicode map?), not indexed`);
        pages.push([]);
      } else pages.push(toLines(fragments, n, width, height));
      page.cleanup();
    }
    const info = ((await pdf.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    return { ...assemble(dropRunningLines(pages), info), problems };
  } finally {
    await pdf.destroy();
  }
}

async function hasImages(page: { getOperatorList(): Promise<{ fnArray: number[] }> }): Promise<boolean> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const images = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);
  return (await page.getOperatorList()).fnArray.some((op) => images.has(op));
}

/** Text that is mostly letters, digits, punctuation and spaces (not private-use glyphs or control codes). */
function readable(text: string): boolean {
  const good = text.match(/[\p{L}\p{N}\p{P}\p{Zs}\p{S}]/gu)?.length ?? 0;
  const bad = text.match(/[\p{Co}\p{Cc}\uFFFD]/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return bad / text.length < 0.1 && good / text.length > 0.9 && letters / text.length > 0.4;
}

/** Orders a page's fragments into lines: top to bottom, and on a two-column page the left column before the right. */
function toLines(fragments: Fragment[], page: number, width: number, height: number): Line[] {
  const middle = width / 2;
  const crosses = (f: Fragment) => f.x < middle - 4 && f.x + f.width > middle + 4;
  const left = fragments.filter((f) => f.x + f.width <= middle + 4).length;
  const right = fragments.filter((f) => f.x >= middle - 4).length;
  const twoColumns = left >= 3 && right >= 3 && fragments.filter(crosses).length <= Math.max(2, fragments.length * 0.2);
  const sorted = [...fragments].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  let band: Fragment[][] = [[], []];
  const flush = () => {
    band.forEach((column, i) => lines.push(...joinRows(column, page, twoColumns ? i + 1 : 0)));
    band = [[], []];
  };
  for (const fragment of sorted) {
    if (!twoColumns) band[0]!.push(fragment);
    else if (crosses(fragment)) {
      flush();
      lines.push(...joinRows([fragment], page, 0));
    } else band[fragment.x >= middle - 4 ? 1 : 0]!.push(fragment);
  }
  flush();
  return lines.map((line) => ({ ...line, margin: line.y > height * (1 - MARGIN) || line.y < height * MARGIN }));
}

/** Fragments on the same baseline become one line, left to right. */
function joinRows(fragments: Fragment[], page: number, column: number): Line[] {
  const rows: Fragment[][] = [];
  for (const f of fragments) {
    const row = rows.find((r) => Math.abs(r[0]!.y - f.y) < f.size * 0.4);
    if (row) row.push(f);
    else rows.push([f]);
  }
  return rows
    .sort((a, b) => b[0]!.y - a[0]!.y)
    .map((row) => {
      row.sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const f of row) {
        text += text && f.x - end > f.size * 0.15 && !/\s$/.test(text) ? ` ${f.text}` : f.text;
        end = f.x + f.width;
      }
      return {
        text: text.replace(/\s+/g, ' ').trim(),
        y: row[0]!.y,
        margin: false,
        size: Math.max(...row.map((f) => f.size)),
        page,
        column,
      };
    });
}

/** Drops page numbers, and lines in the top or bottom band that recur on other pages (running heads, footers). */
function dropRunningLines(pages: Line[][]): Line[] {
  const key = (line: Line) => line.text.toLowerCase().replace(/\d+/g, '#');
  const seen = new Map<string, Set<number>>();
  for (const line of pages.flat()) if (line.margin) seen.set(key(line), (seen.get(key(line)) ?? new Set()).add(line.page));
  const running = (line: Line) =>
    line.margin && (PAGE_NUMBER.test(line.text) || (pages.length > 1 && (seen.get(key(line))?.size ?? 0) >= 2));
  return pages.flat().filter((line) => !running(line));
}

/** Builds sections from lines: a larger font starts a section; a wider gap, a new paragraph. */
function assemble(lines: Line[], info: Record<string, unknown>): Omit<Converted, 'problems'> {
  const sizes = new Map<number, number>();
  for (const line of lines) sizes.set(Math.round(line.size), (sizes.get(Math.round(line.size)) ?? 0) + line.text.length);
  const body = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  const isHeading = (line: Line) => line.size >= body * HEADING_RATIO && line.text.length <= 150 && /\p{L}/u.test(line.text);

  const title =
    typeof info.Title === 'string' && info.Title.trim() && !/^(untitled|microsoft word\b)/i.test(info.Title.trim())
      ? info.Title.trim()
      : undefined;
  const builder = new SectionBuilder();
  let previous: Line | undefined;
  for (const line of lines) {
    if (isHeading(line)) {
      if (previous && isHeading(previous) && previous.page === line.page && Math.abs(previous.size - line.size) < 0.5)
        builder.extendHeading(line.text);
      else builder.heading(line.text, !title);
    } else {
      const continues =
        previous !== undefined &&
        !isHeading(previous) &&
        (previous.page === line.page && previous.column === line.column
          ? previous.y - line.y < Math.max(previous.size, line.size) * 1.75
          : !/[.!?:"”)]$/.test(previous.text));
      if (continues) builder.continueParagraph(line.text, line.page);
      else builder.paragraph(line.text, line.page);
    }
    previous = line;
  }
  const built = builder.finish();
  const date = pdfDate(info.CreationDate);
  return {
    meta: { ...((title ?? built.title) ? { title: title ?? built.title } : {}), ...(date ? { date } : {}) },
    sections: built.sections,
  };
}

/** `D:20240131120000Z` → `2024-01-31`. */
function pdfDate(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^D:(\d{4})(\d{2})?(\d{2})?/.exec(value) : null;
  return m ? [m[1], m[2] ?? '01', m[3] ?? '01'].join('-') : undefined;
}
