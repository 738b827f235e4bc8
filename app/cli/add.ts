import { copyFile, lstat, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { BINARY_EXTENSIONS, CorpusError, formatOf, isCorpusFile, readDocument } from '../../src/corpus/load.js';
import type { Document } from '../../src/types.js';
import { DEFAULT_MAX_FILE_BYTES } from '../corpus/files.js';

/** How long `redline add <URL>` waits for the whole page. */
export const FETCH_TIMEOUT_MS = 20_000;

export interface AddOptions {
  corpusDir: string;
  /** The largest document accepted (as `REDLINE_MAX_FILE_MB`). */
  maxFileBytes?: number;
  /** Metadata for the sidecar: `--title`, `--source`, `--publisher`. */
  meta?: { title?: string; source?: string; publisher?: string };
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface AddResult {
  /** The file written in the corpus folder, and its sidecar when one was written. */
  file: string;
  sidecar?: string;
  document: Document;
  passages: number;
  /** Passages per section, in order. */
  sections: Array<{ title: string; passages: number }>;
  problems: string[];
}

const MIME: Record<string, string> = {
  'text/html': '.html',
  'application/xhtml+xml': '.html',
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'text/markdown': '.md',
  'text/plain': '.txt',
};

/**
 * `redline add`: copies a file (or fetches a URL, within a size and time limit) into the corpus
 * folder, with a sidecar for the metadata given, and checks that it loads. The file appears
 * whole (written aside, then renamed); a document that does not load is removed again.
 */
export async function addDocument(target: string, options: AddOptions): Promise<AddResult> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const fetched = /^https?:\/\//i.test(target) ? await fetchDocument(target, maxFileBytes, options) : undefined;
  const bytes = fetched?.bytes ?? (await readLocal(target, maxFileBytes));
  const name = fetched?.name ?? basename(target);
  const file = join(options.corpusDir, name);
  if (
    isCorpusFile(name) &&
    (await lstat(file).then(
      () => true,
      () => false,
    ))
  )
    throw new CorpusError(file, undefined, 'is already in the corpus; remove it first to replace it');
  const prepared = await prepareDocument(
    { corpusDir: options.corpusDir, name, bytes, ...(fetched ? { url: fetched.url } : {}), meta: options.meta ?? {} },
    target,
  );
  await writeDocument(prepared, { replace: false, ...(fetched ? {} : { copyFrom: target }) });
  return describePrepared(prepared);
}

/** A document read and checked, ready to be written into the corpus folder with its sidecar. */
export interface PreparedDocument {
  file: string;
  bytes: Uint8Array;
  sidecar?: string;
  document: Document;
  problems: string[];
}

/**
 * Reads a document as the corpus would (with the sidecar the metadata makes: a fetched page's
 * canonical address, else where it came from, is its `url`) and checks it loads; throws a
 * `CorpusError` naming the file otherwise.
 */
export async function prepareDocument(
  input: { corpusDir: string; name: string; bytes: Uint8Array; url?: string; meta: Record<string, string | undefined> },
  target = input.url ?? input.name,
): Promise<PreparedDocument> {
  const { name, bytes } = input;
  if (!isCorpusFile(name)) throw new CorpusError(target, undefined, 'not a corpus format (.md, .txt, .pdf, .docx, .html, .htm)');
  const file = join(input.corpusDir, name);
  const fields: Record<string, string> = { ...dropEmpty(input.meta) };
  if (input.url) {
    // The page's own canonical address is kept for citations; else where it was fetched from.
    fields.url = (formatOf(name) === 'html' && canonicalOf(new TextDecoder().decode(bytes), input.url)) || input.url;
  }
  const sidecar = Object.keys(fields).length
    ? Object.entries(fields)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join('\n') + '\n'
    : undefined;
  const content = BINARY_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)) ? bytes : new TextDecoder().decode(bytes);
  const read = await readDocument({ file, content, ...(sidecar ? { sidecar } : {}) });
  if (!read.document) throw new CorpusError(file, undefined, read.problems.join('; ') || 'no usable text');
  return { file, bytes, ...(sidecar ? { sidecar } : {}), document: read.document, problems: read.problems };
}

/**
 * Writes a prepared document and its sidecar; each appears whole (written aside, then renamed), so
 * the watcher never reads half a file. `replace: false` refuses a sidecar already there.
 */
export async function writeDocument(prepared: PreparedDocument, options: { replace: boolean; copyFrom?: string }): Promise<void> {
  const { file, sidecar } = prepared;
  const dir = dirname(file);
  const name = basename(file);
  const sidecarFile = `${file}.yaml`;
  const temporary = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    if (sidecar && !options.replace) await writeFile(sidecarFile, sidecar, { flag: 'wx' });
    else if (sidecar) {
      await writeFile(`${temporary}.yaml`, sidecar);
      await rename(`${temporary}.yaml`, sidecarFile);
    }
    if (options.copyFrom) await copyFile(options.copyFrom, temporary);
    else await writeFile(temporary, prepared.bytes);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    await rm(`${temporary}.yaml`, { force: true });
    if (sidecar && !options.replace) await rm(sidecarFile, { force: true });
    throw new CorpusError(file, undefined, `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function describePrepared(prepared: PreparedDocument): AddResult {
  const { file, sidecar, document, problems } = prepared;
  const passages = chunkDocument(document);
  const sections = document.sections.map((s) => ({ title: s.title, passages: passages.filter((p) => p.sectionSlug === s.slug).length }));
  return { file, ...(sidecar ? { sidecar: `${file}.yaml` } : {}), document, passages: passages.length, sections, problems };
}

/** What `redline add` prints. */
export function describeAdded(result: AddResult): string {
  const { document, sections } = result;
  return [
    `Added ${result.file}${result.sidecar ? ` (with ${basename(result.sidecar)})` : ''}: "${document.title}" [${document.id}], ${result.passages} passages in ${sections.length} sections`,
    ...sections.map((s) => `  • ${s.title} (${s.passages})`),
    ...result.problems.map((p) => `  left out: ${p}`),
  ].join('\n');
}

async function readLocal(path: string, maxFileBytes: number): Promise<Uint8Array> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CorpusError(path, undefined, `cannot be read (${error.code ?? String(error)})`);
  });
  if (!stats.isFile()) throw new CorpusError(path, undefined, 'is not a regular file');
  if (stats.size > maxFileBytes)
    throw new CorpusError(path, undefined, `is over the size limit of ${Math.round(maxFileBytes / 1024 / 1024)} MB (REDLINE_MAX_FILE_MB)`);
  return new Uint8Array(await readFile(path));
}

/** A document fetched: its bytes, the file name its address and type call for, where it was found, and what a conditional GET sends next time. */
export interface FetchedDocument {
  bytes: Uint8Array;
  name: string;
  url: string;
  contentType: string;
  etag?: string;
  lastModified?: string;
}

export interface FetchOptions extends Pick<AddOptions, 'timeoutMs' | 'fetchImpl'> {
  /** Extra request headers (User-Agent, If-None-Match, If-Modified-Since, Accept). */
  headers?: Record<string, string>;
}

/** Fetches a URL within a size and time limit; throws a `CorpusError` naming the URL and why. */
export async function fetchDocument(url: string, maxFileBytes: number, options: FetchOptions = {}): Promise<FetchedDocument> {
  const fetched = await fetchIfChanged(url, maxFileBytes, options);
  if (!fetched) throw new CorpusError(url, undefined, 'the server answered 304 to a request that asked for the page');
  return fetched;
}

/** As `fetchDocument`, but undefined when the server answers 304 Not Modified to a conditional GET. */
export async function fetchIfChanged(url: string, maxFileBytes: number, options: FetchOptions = {}): Promise<FetchedDocument | undefined> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const fail = (reason: string) => new CorpusError(url, undefined, reason);
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, {
      signal,
      redirect: 'follow',
      headers: {
        accept: 'text/html, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.9, */*;q=0.5',
        ...options.headers,
      },
    });
  } catch (error) {
    throw fail(signal.aborted ? `no answer within ${timeoutMs / 1000} s` : `cannot be fetched (${(error as Error).message})`);
  }
  if (response.status === 304) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw fail(`the server answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxFileBytes) {
    await response.body?.cancel().catch(() => {});
    throw fail(`is over the size limit of ${Math.round(maxFileBytes / 1024 / 1024)} MB (REDLINE_MAX_FILE_MB)`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > maxFileBytes) throw fail(`is over the size limit of ${Math.round(maxFileBytes / 1024 / 1024)} MB (REDLINE_MAX_FILE_MB)`);
      chunks.push(chunk as Uint8Array);
    }
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw fail(signal.aborted ? `not received within ${timeoutMs / 1000} s` : `cannot be fetched (${(error as Error).message})`);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const finalUrl = response.url || url;
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  const contentType = response.headers.get('content-type') ?? '';
  return {
    bytes,
    name: fileNameFor(finalUrl, contentType),
    url: finalUrl,
    contentType,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}

/** A file name for a fetched document: the last part of its path, with the ending its type calls for. */
function fileNameFor(url: string, contentType: string | null): string {
  const { hostname, pathname } = new URL(url);
  const last = decodeURIComponent(pathname.split('/').filter(Boolean).pop() ?? '');
  const ext = MIME[(contentType ?? '').split(';')[0]!.trim().toLowerCase()] ?? /\.[a-z]+$/i.exec(last)?.[0]?.toLowerCase() ?? '.html';
  const stem =
    (last.replace(/\.[a-z]+$/i, '') || hostname)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'page';
  return `${stem.slice(0, 80)}${ext}`;
}

/** The page's canonical URL, made absolute against where it was fetched from. */
export function canonicalOf(html: string, base: string): string | undefined {
  const tag = /<link\b[^>]*\brel=["']?canonical["']?[^>]*>/i.exec(html)?.[0];
  const href = tag && /\bhref=["']([^"']+)["']/i.exec(tag)?.[1];
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return /^https?:$/.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function dropEmpty(meta: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(meta)
      .filter((entry): entry is [string, string] => Boolean(entry[1]?.trim()))
      .map(([k, v]) => [k, v.trim()]),
  );
}
