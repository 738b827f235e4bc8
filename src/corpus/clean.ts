/** Lines of web-page furniture that carry no content (share buttons, CMS credits, menus). */
const FURNITURE: RegExp[] = [
  /^copy link$/i,
  /^featured\b.*$/i,
  /^latest$/i,
  /^(x|×|share|print|tags?:.*|related( news| articles)?)$/i,
  /^powered by/i,
  /^(PV|TTXVN|VOV)\s+[A-Z0-9_]+\s+\d{1,2}:\d{2}$/, // byline code and time
  /^\d{1,2}:\d{2}$/,
];

/** A caption line: "… Photo: Getty". The Vietnamese original ("Ảnh: …") is dropped. */
const CAPTION = /\b(photo|image|source image)\s*:\s*\S/i;
const VIETNAMESE_CAPTION = /(?:^|\s)Ảnh\s*:/u;

/** "According to vov.vn" at the end of an article names its source. */
const ATTRIBUTION = /^(according to|source:)\s+(\S.*?)\.?$/i;

export type CleanLine =
  | { kind: 'text'; text: string; line: number }
  | { kind: 'caption'; text: string; line: number }
  | { kind: 'source'; source: string; line: number };

/**
 * Classifies the lines of an article pasted from a web page: drops furniture and repeated
 * titles, keeps captions apart from the text, and turns an attribution line into the source.
 */
export function cleanArticleLines(lines: string[], title: string, firstLine = 1): CleanLine[] {
  const out: CleanLine[] = [];
  const normalisedTitle = squash(title);
  lines.forEach((raw, i) => {
    const text = raw.trim();
    const line = firstLine + i;
    if (!text) return out.push({ kind: 'text', text: '', line });
    if (FURNITURE.some((re) => re.test(text)) || squash(text) === normalisedTitle) return;
    if (VIETNAMESE_CAPTION.test(text)) return;
    if (CAPTION.test(text) && text.length < 300) return out.push({ kind: 'caption', text, line });
    const attribution = ATTRIBUTION.exec(text);
    if (attribution && text.length < 80) return out.push({ kind: 'source', source: attribution[2]!, line });
    // Vietnamese news sites close an article with ".".
    out.push({ kind: 'text', text: text.replace(/\.\/\.$/, '.'), line });
  });
  return out;
}

function squash(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Removes inline Markdown (emphasis, code, links, images) and keeps the words. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])([*_])(?=\S)([\s\S]*?\S)\2(?!\w)/g, '$1$3')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<[^>\n]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
