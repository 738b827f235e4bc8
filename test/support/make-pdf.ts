/** A line of text placed on a PDF page, in points from the bottom left (a page is 612 × 792). */
export interface PdfLine {
  x: number;
  y: number;
  text: string;
  size?: number;
  bold?: boolean;
}

export interface PdfOptions {
  info?: Record<string, string>;
  /** Adds an /Encrypt dictionary whose password is not empty: readers must refuse the file. */
  encrypted?: boolean;
  /** Pages (0-based) that hold only an image, as a scan does. */
  scannedPages?: number[];
  /** Pages (0-based) drawn in a font whose glyphs map to symbols, as text with a broken font extracts. */
  symbolPages?: number[];
}

const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** Writes a small PDF (Helvetica text, one content stream a page) for the tests: no library, a few lines of syntax. */
export function makePdf(pages: PdfLine[][], options: PdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1;
  const catalog = add('');
  const pagesObj = add('');
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const names = Array.from({ length: 95 }, (_, i) => `/uniE0${(i + 16).toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  const symbol = add(`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [32 ${names}] >> >>`);
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const [n, lines] of pages.entries()) {
    const image = 'q 400 0 0 500 100 150 cm BI /W 2 /H 2 /BPC 8 /CS /G /F /AHx ID 00FF00FF> EI Q';
    const stream = options.scannedPages?.includes(n)
      ? image
      : lines
          .map(
            (l) =>
              `BT /${options.symbolPages?.includes(n) ? 'F3' : l.bold ? 'F2' : 'F1'} ${l.size ?? 11} Tf ${l.x} ${l.y} Td (${escape(l.text)}) Tj ET`,
          )
          .join('\n');
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R /F3 ${symbol} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = options.info
    ? add(
        `<< ${Object.entries(options.info)
          .map(([k, v]) => `/${k} (${escape(v)})`)
          .join(' ')} >>`,
      )
    : undefined;
  const encrypt = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'a5'.repeat(32)}> /U <${'5c'.repeat(32)}> >>`)
    : undefined;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ''}${encrypt ? ` /Encrypt ${encrypt} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
