import { parseYaml, YAMLParseError } from './yaml.js';
import type { Document, DocumentFormat, Section } from '../types.js';
import { ConvertError, slugify, type Converted } from './convert.js';
import { CorpusError } from './corpus-error.js';
import { readSidecar } from './front-matter.js';
import { parseMarkdown, parseText } from './text-formats.js';

export { CorpusError, slugify };

/** A file of the corpus folder: its name (relative to the folder), its text (bytes for PDF and Word), and its sidecar's text. */
export interface CorpusFile {
  file: string;
  content: string | Uint8Array;
  /** The text of `NAME.EXT.yaml` beside it, whose fields override the file's own metadata. */
  sidecar?: string;
}

/** What reading the corpus made of it: the documents, the documents left out and why, and the parts left out (by file, and page where there is one). */
export interface CorpusRead {
  documents: Document[];
  /** Documents that cannot be used (unreadable, no title, a duplicate id, …): each a warning, never an error for the corpus. */
  skipped: Array<{ file: string; line?: number; reason: string }>;
  problems: Array<{ file: string; problem: string }>;
}

/** File endings the loader reads; anything else in the folder (README.md included) is skipped. */
export const CORPUS_EXTENSIONS = ['.md', '.txt', '.pdf', '.docx', '.html', '.htm'] as const;

/** The formats read as bytes rather than text. */
export const BINARY_EXTENSIONS = ['.pdf', '.docx'] as const;

const NO_TEXT = 'no usable text, not indexed';
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Parses and validates every `.md` and `.txt` corpus file; throws a `CorpusError` on the first bad one. */
export function loadCorpus(files: CorpusFile[]): Document[] {
  return checkIds(files.map(parseDocument));
}

/**
 * Reads every corpus file, any format. A file that cannot be used is skipped with its reason (the
 * file and line named), so one unreadable document never takes the others down; of two documents
 * with one id, the second in file order is skipped.
 */
export async function readCorpus(files: CorpusFile[]): Promise<CorpusRead> {
  const documents: Document[] = [];
  const skipped: CorpusRead['skipped'] = [];
  const problems: CorpusRead['problems'] = [];
  for (const file of files) {
    let read;
    try {
      read = await readDocument(file);
    } catch (error) {
      // A reader's own failure (a stack overflow on deep markup, a library bug) is this file's, not the corpus's.
      const e =
        error instanceof CorpusError
          ? error
          : new CorpusError(file.file, undefined, `cannot be read (${(error as Error)?.message ?? String(error)})`);
      // A bad sidecar is named with its line; the document it belongs to is what is left out.
      skipped.push({
        file: e.file,
        ...(e.line ? { line: e.line } : {}),
        reason: e.file === file.file ? e.reason : `${e.reason}; ${file.file} not read`,
      });
      continue;
    }
    const parts = read.document ? read.problems : read.problems.slice(0, -1);
    problems.push(...parts.map((problem) => ({ file: file.file, problem })));
    if (read.document) documents.push(read.document);
    else skipped.push({ file: file.file, reason: read.problems.at(-1) ?? NO_TEXT });
  }
  const seen = new Map<string, string>();
  const unique = documents
    .sort((a, b) => a.file.localeCompare(b.file))
    .filter((document) => {
      const other = seen.get(document.id);
      if (other)
        skipped.push({ file: document.file, reason: `duplicate document id "${document.id}" (also in ${other}); set another "id"` });
      else seen.set(document.id, document.file);
      return !other;
    });
  return { documents: unique, skipped, problems };
}

function checkIds(documents: Document[]): Document[] {
  const seen = new Map<string, string>();
  const sorted = [...documents].sort((a, b) => a.file.localeCompare(b.file));
  for (const document of sorted) {
    const other = seen.get(document.id);
    if (other) throw new CorpusError(document.file, undefined, `duplicate document id "${document.id}" (also in ${other})`);
    seen.set(document.id, document.file);
  }
  return sorted;
}

/** True for the files the loader reads (see `CORPUS_EXTENSIONS`), but not the folder's README or hidden files. */
export function isCorpusFile(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return CORPUS_EXTENSIONS.some((ext) => base.toLowerCase().endsWith(ext)) && !/^readme\./i.test(base) && !base.startsWith('.');
}

/** `report.pdf.yaml` → `report.pdf`: the document a sidecar belongs to, or undefined for any other name. */
export function sidecarOf(name: string): string | undefined {
  const document = name.replace(/\.ya?ml$/i, '');
  return document !== name && isCorpusFile(document) ? document : undefined;
}

export function formatOf(file: string): DocumentFormat {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ext === 'htm' ? 'html' : ((ext ?? 'txt') as DocumentFormat);
}

/** Reads a `.md` or `.txt` file (synchronously; the other formats need `readDocument`). */
export function parseDocument({ file, content, sidecar }: CorpusFile): Document {
  if (typeof content !== 'string' || !/\.(md|txt)$/i.test(file))
    throw new CorpusError(file, undefined, 'only .md and .txt files are read synchronously (use readDocument)');
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { meta, sections, metaLine } = file.toLowerCase().endsWith('.md') ? parseMarkdown(file, text) : parseText(file, text);
  return finish(file, { ...meta, ...readSidecar(file, sidecar) }, sections, metaLine);
}

/** Reads one corpus file of any format; a PDF page without usable text is a problem (reported), not a failure. */
export async function readDocument(corpusFile: CorpusFile): Promise<{ document?: Document; problems: string[] }> {
  const { file, content, sidecar } = corpusFile;
  const format = formatOf(file);
  if (format !== 'pdf' && format !== 'docx' && looksBinary(content))
    throw new CorpusError(file, undefined, `not text (binary content in a .${format} file)`);
  if (format === 'md' || format === 'txt')
    return {
      document: parseDocument({
        file,
        content: typeof content === 'string' ? content : new TextDecoder().decode(content),
        ...(sidecar === undefined ? {} : { sidecar }),
      }),
      problems: [],
    };
  let converted: Converted;
  try {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    if (format === 'pdf') converted = await (await import('./pdf.js')).readPdf(bytes);
    else if (format === 'docx') converted = await (await import('./docx.js')).readDocx(bytes);
    else converted = await (await import('./html.js')).readHtml(typeof content === 'string' ? content : new TextDecoder().decode(content));
  } catch (error) {
    if (error instanceof ConvertError) throw new CorpusError(file, undefined, error.message);
    throw new CorpusError(file, undefined, `cannot be read (${(error as Error).message})`);
  }
  if (!converted.sections.some((s) => s.paragraphs.length)) return { problems: [...converted.problems, NO_TEXT] };
  const base = file.split('/').pop()!;
  const defaults = { title: base.replace(/\.[a-z]+$/i, '').replace(/[-_]+/g, ' '), ...(format === 'html' ? {} : { source: base }) };
  const meta: Record<string, unknown> = { ...defaults, ...converted.meta, ...readSidecar(file, sidecar) };
  // A web page's own address names its source; a page with neither a site nor an address is its file.
  if (meta.source === undefined) meta.source = hostOf(meta.url) ?? (typeof meta.publisher === 'string' ? meta.publisher : base);
  return { document: finish(file, meta, converted.sections, 1), problems: converted.problems };
}

/** NUL bytes never occur in text, in any encoding read here, and are common in binary files; the first 8 KB tell. */
const looksBinary = (content: string | Uint8Array): boolean =>
  typeof content === 'string' ? content.slice(0, 8192).includes('\0') : content.subarray(0, 8192).includes(0);

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const host = /^https?:\/\/([^/?#:]+)/i.exec(url)?.[1]?.toLowerCase();
  return host?.replace(/^www\./, '');
}

/** Parses a corpus YAML file (`lexicon.yaml`, `channels.yaml`); unreadable YAML is a `CorpusError` naming the file and line. */
export function parseCorpusYaml(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line : undefined;
    throw new CorpusError(file, line, `unreadable YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The id a document gets from its file name when it names none itself. */
export function fileIdOf(file: string): string {
  return slugify(
    file
      .split('/')
      .pop()!
      .replace(/\.[a-z]+$/i, ''),
  );
}

function finish(file: string, meta: Record<string, unknown>, sections: Section[], metaLine: number): Document {
  const field = (name: string): string | undefined => {
    const value = Object.hasOwn(meta, name) ? meta[name] : undefined;
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new CorpusError(file, metaLine, `"${name}" must be text`);
    return String(value).trim();
  };
  const id = field('id') ?? fileIdOf(file);
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
    ...(field('date') ? { date: field('date') } : {}),
    format: formatOf(file),
    file,
    sections,
  };
}
