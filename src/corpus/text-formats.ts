// The formats read as text, synchronously: Markdown (front matter, "#" headings) and plain-text
// articles (a title line, then paragraphs, short lines standing as headings).
import type { Section } from '../types.js';
import { cleanArticleLines, stripInlineMarkdown } from './clean.js';
import { LEAD_TITLE, newSection } from './convert.js';
import { CorpusError } from './corpus-error.js';
import { readFrontMatter } from './front-matter.js';

/** A text file read: its own metadata, its sections, and the line metadata errors are reported at. */
export interface Parsed {
  meta: Record<string, unknown>;
  sections: Section[];
  metaLine: number;
}

/** Reads a Markdown file: front matter, the first "#" heading as the title, "##" and below as sections. */
export function parseMarkdown(file: string, text: string): Parsed {
  const lines = text.split('\n');
  let meta: Record<string, unknown> = {};
  let bodyStart = 0;
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (close < 0) throw new CorpusError(file, 1, 'front matter opened with "---" is never closed');
    meta = readFrontMatter(file, lines.slice(1, close).join('\n'));
    bodyStart = close + 1;
  }
  const body = lines.slice(bodyStart);
  const heading = body.findIndex((l) => /^#\s+\S/.test(l));
  if (meta.title === undefined && heading >= 0) meta.title = body[heading]!.replace(/^#\s+/, '').trim();
  if (heading >= 0) body[heading] = '';

  const sections: Section[] = [];
  let section = newSection(LEAD_TITLE);
  let paragraph: string[] = [];
  const flush = () => {
    if (!paragraph.length) return;
    const joined = paragraph.join(' ');
    paragraph = [];
    if (/^caption:/i.test(joined)) section.captions.push(stripInlineMarkdown(joined.replace(/^caption:\s*/i, '')));
    else {
      const plain = stripInlineMarkdown(joined);
      if (plain) section.paragraphs.push(plain);
    }
  };
  for (const line of body) {
    const sectionHeading = /^#{2,6}\s+(.*)$/.exec(line);
    if (sectionHeading) {
      flush();
      if (section.paragraphs.length || section.captions.length) sections.push(section);
      section = newSection(stripInlineMarkdown(sectionHeading[1]!));
    } else if (!line.trim()) flush();
    else paragraph.push(line.trim());
  }
  flush();
  if (section.paragraphs.length || section.captions.length) sections.push(section);
  return { meta, sections, metaLine: bodyStart > 0 ? 2 : 1 };
}

/** Reads a plain-text article: its first line as the title, its cleaned lines as paragraphs and headings. */
export function parseText(file: string, text: string): Parsed {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim());
  if (first < 0) throw new CorpusError(file, undefined, 'the file is empty');
  const title = lines[first]!.trim();
  const meta: Record<string, unknown> = { title };
  const sections: Section[] = [];
  let section = newSection(LEAD_TITLE);
  const cleaned = cleanArticleLines(lines.slice(first + 1), title, first + 2);
  cleaned.forEach((line, i) => {
    if (line.kind === 'source') meta.source ??= line.source;
    else if (line.kind === 'caption') section.captions.push(line.text);
    else if (line.text && looksLikeHeading(line.text, cleaned[i + 1])) {
      if (section.paragraphs.length || section.captions.length) sections.push(section);
      section = newSection(line.text);
    } else if (line.text) section.paragraphs.push(line.text);
  });
  if (section.paragraphs.length || section.captions.length) sections.push(section);
  return { meta, sections, metaLine: first + 1 };
}

/** In a plain-text article, a heading is a short line without closing punctuation. */
function looksLikeHeading(text: string, next: { kind: string; text?: string } | undefined): boolean {
  return text.length <= 80 && !/[.!?:;,]$/.test(text) && text.split(/\s+/).length <= 10 && next !== undefined;
}
