import './yaml.js';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { BINARY_EXTENSIONS, CorpusError, isCorpusFile, sidecarOf, type CorpusFile } from '../../src/corpus/load.js';

/** The default per-file size limit (`REDLINE_MAX_FILE_MB`). */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface ScanOptions {
  /** Files larger than this are skipped, with the reason. Default `DEFAULT_MAX_FILE_BYTES`. */
  maxFileBytes?: number;
}

/** A file of the folder that is not read, and why (a name and a reason, never its content). */
export interface SkippedFile {
  file: string;
  /** The line, where the reason is on one (front matter, a sidecar). */
  line?: number;
  reason: string;
}

/** The corpus folder as read: documents (with their sidecars), files skipped, and the corpus-level YAML files by name. */
export interface CorpusScan {
  files: CorpusFile[];
  skipped: SkippedFile[];
  /** Top-level `.yaml` / `.yml` files that are not sidecars (`channels.yaml`, a lexicon), by file name: their raw text. */
  extras: Map<string, string>;
}

/** A file's size and modification time for each candidate file: equal twice in a row means nothing is being written. */
export type Fingerprint = string;

/**
 * Reads the corpus folder (subfolders too). Only regular files inside it are read: FIFOs, devices,
 * sockets, symlinks that lead outside the folder or to a folder, and symlink loops are skipped;
 * so are files over the size limit and a file that changes while it is read.
 */
export async function scanCorpus(dir: string, options: ScanOptions = {}): Promise<CorpusScan> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const root = await realpath(dir).catch((error: NodeJS.ErrnoException) => {
    throw new CorpusError(dir, undefined, `cannot read the corpus folder (${error.code ?? String(error)})`);
  });
  const skipped: SkippedFile[] = [];
  const texts = new Map<string, string | Uint8Array>();
  for (const name of await listNames(root)) {
    const wanted = isCorpusFile(name) || /\.ya?ml$/i.test(name);
    if (!wanted) continue;
    const read = await readRegularFile(root, name, maxFileBytes, !BINARY_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)));
    if (typeof read === 'object' && 'reason' in read) skipped.push({ file: join(dir, name), reason: read.reason });
    else texts.set(name, read);
  }
  const files: CorpusFile[] = [];
  const extras = new Map<string, string>();
  for (const [name, content] of texts) {
    const owner = sidecarOf(name);
    if (isCorpusFile(name)) {
      const sidecar = texts.get(`${name}.yaml`) ?? texts.get(`${name}.yml`);
      files.push({ file: join(dir, name), content, ...(typeof sidecar === 'string' ? { sidecar } : {}) });
    } else if (owner && !texts.has(owner))
      skipped.push({ file: join(dir, name), reason: `a sidecar for ${owner}, which is not in the folder` });
    else if (!owner && !name.includes('/') && typeof content === 'string') extras.set(name, content);
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, skipped, extras };
}

/** Reads the corpus files under `dir`; throws a `CorpusError` when there is none. */
export async function readCorpusFiles(dir: string, options: ScanOptions = {}): Promise<CorpusFile[]> {
  const { files } = await scanCorpus(dir, options);
  if (!files.length) throw new CorpusError(dir, undefined, 'the corpus folder holds no document (.md, .txt, .pdf, .docx, .html)');
  return files;
}

/** Size and modification time of every file the scan would read, to tell when writing has stopped. */
export async function fingerprintCorpus(dir: string): Promise<Fingerprint> {
  const root = await realpath(dir).catch(() => dir);
  const parts: string[] = [];
  for (const name of await listNames(root).catch(() => [])) {
    const stats = await lstat(join(root, name)).catch(() => undefined);
    if (stats) parts.push(`${name}\0${stats.size}\0${stats.mtimeMs}`);
  }
  return parts.join('\n');
}

/** Every name under `root`, relative to it, without descending into symlinked folders (so no loops). */
async function listNames(root: string): Promise<string[]> {
  const names: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else names.push(relative(root, path).split(sep).join('/'));
    }
  };
  await walk(root);
  return names.sort();
}

async function readRegularFile(
  root: string,
  name: string,
  maxFileBytes: number,
  asText: boolean,
): Promise<string | Uint8Array | { reason: string }> {
  const path = join(root, name);
  let target: string;
  try {
    target = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Listed a moment ago: a file gone now was deleted (or renamed) while the folder was read.
    const gone = await lstat(path).then(
      (stats) => (stats.isSymbolicLink() ? 'a symlink to nothing' : 'gone while being read'),
      () => 'gone while being read',
    );
    return { reason: code === 'ELOOP' ? 'a symlink loop' : code === 'ENOENT' ? gone : `cannot be read (${code})` };
  }
  if (target !== root && !target.startsWith(root + sep)) return { reason: 'a symlink leading outside the corpus folder' };
  // O_NONBLOCK: opening a FIFO that replaced the file since the listing must not wait for a writer.
  let handle;
  try {
    handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'gone while being read' : `cannot be read (${code})` };
  }
  try {
    const before = await handle.stat();
    if (!before.isFile()) return { reason: `not a regular file (${kind(before)})` };
    if (before.size > maxFileBytes)
      return { reason: `${megabytes(before.size)} is over the size limit of ${megabytes(maxFileBytes)} (REDLINE_MAX_FILE_MB)` };
    const bytes = await handle.readFile();
    const after = await handle.stat();
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytes.length !== before.size)
      return { reason: 'changed while being read; read again once it stops changing' };
    return asText ? bytes.toString('utf8') : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  } finally {
    await handle.close();
  }
}

function kind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a folder';
  return 'not a file';
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
