import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorpusError, isCorpusFile, type CorpusFile } from '../src/corpus/load.js';

/** Reads the corpus files (`.md`, `.txt`, in subfolders too) under `dir`. */
export async function readCorpusFiles(dir: string): Promise<CorpusFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).map(String);
  } catch (error) {
    throw new CorpusError(dir, undefined, `cannot read the corpus folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files = names.filter(isCorpusFile).sort();
  if (!files.length) throw new CorpusError(dir, undefined, 'the corpus folder holds no .md or .txt document');
  return Promise.all(
    files.map(async (name) => ({ file: join(dir, name), content: await readFile(join(dir, name), 'utf8') })),
  );
}
