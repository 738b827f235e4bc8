import { parseYaml, YAMLParseError } from './yaml.js';
import type { Document, Section } from '../types.js';
import { cleanArticleLines, stripInlineMarkdown } from './clean.js';

/** A file of the corpus folder: its name (relative to the folder) and its text. */
export interface CorpusFile {
  file: string;
  content: string;
}

/** A corpus file that cannot be used; the message names the file, and the line where there is one. */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'CorpusError';
  }
}

/** File endings the loader reads; anything else in the folder (README.md included) is skipped. */
export const CORPUS_EXTENSIONS = ['.md', '.txt'] as const;

const ID = /^[a-z0-9][a-z0-9-]*$/;
const LEAD_TITLE = 'Lead';

/** Parses and validates every corpus file; throws a `CorpusError` on the first bad one. */
export function loadCorpus(files: CorpusFile[]): Document[] {
  const documents: Document[] = [];
  const seen = new Map<string, string>();
  for (const file of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const document = parseDocument(file);
    const other = seen.get(document.id);
    if (other) throw new CorpusError(file.file, undefined, `duplicate document id "${document.id}" (also in ${other})`);
    seen.set(document.id, file.file);
    documents.push(document);
  }
  return documents;
}

/** True for the files `loadCorpus` reads: `.md` and `.txt`, but not the folder's README. */
export function isCorpusFile(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return CORPUS_EXTENSIONS.some((ext) => base.endsWith(ext)) && !/^readme\./i.test(base) && !base.startsWith('.');
}

export function parseDocument({ file, content }: CorpusFile): Document {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return file.endsWith('.md') ? parseMarkdown(file, text) : parseText(file, text);
}

function parseMarkdown(file: string, text: string): Document {
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
  return finish(file, meta, sections, bodyStart > 0 ? 2 : 1);
}

function parseText(file: string, text: string): Document {
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
  return finish(file, meta, sections, first + 1);
}

/** In a plain-text article, a heading is a short line without closing punctuation. */
function looksLikeHeading(text: string, next: { kind: string; text?: string } | undefined): boolean {
  return text.length <= 80 && !/[.!?:;,]$/.test(text) && text.split(/\s+/).length <= 10 && next !== undefined;
}

function readFrontMatter(file: string, yaml: string): Record<string, unknown> {
  try {
    const value: unknown = parseYaml(yaml);
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new CorpusError(file, 2, 'front matter must be a YAML mapping (key: value lines)');
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line + 1 : 2;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CorpusError(file, line, `unreadable front matter: ${reason}`);
  }
}

function finish(file: string, meta: Record<string, unknown>, sections: Section[], metaLine: number): Document {
  const base = file.split('/').pop()!.replace(/\.(md|txt)$/, '');
  const field = (name: string): string | undefined => {
    const value = meta[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new CorpusError(file, metaLine, `"${name}" must be text`);
    return String(value).trim();
  };
  const id = field('id') ?? slugify(base);
  if (!ID.test(id)) throw new CorpusError(file, metaLine, `id "${id}" must be lowercase letters, digits and dashes`);
  const title = field('title');
  if (!title) throw new CorpusError(file, metaLine, 'missing "title"');
  const source = field('source');
  if (!source) throw new CorpusError(file, metaLine, 'missing "source" (where the text comes from, e.g. "source: vov.vn")');
  const url = field('url');
  if (url && !/^https?:\/\/\S+$/.test(url)) throw new CorpusError(file, metaLine, `"url" must be an http(s) address, got "${url}"`);
  if (!sections.some((s) => s.paragraphs.length)) throw new CorpusError(file, undefined, 'the document has no text (empty body)');
  const slugs = new Map<string, number>();
  for (const section of sections) {
    const count = slugs.get(section.slug) ?? 0;
    slugs.set(section.slug, count + 1);
    if (count) section.slug = `${section.slug}-${count + 1}`;
  }
  return {
    id,
    title,
    source,
    ...(field('publisher') ? { publisher: field('publisher') } : {}),
    ...(url ? { url } : {}),
    ...(field('language') ? { language: field('language') } : {}),
    file,
    sections,
  };
}

function newSection(title: string): Section {
  return { title, slug: slugify(title) || 'section', paragraphs: [], captions: [] };
}

/** `NATO's expansion to the East` → `nato-s-expansion-to-the-east`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
