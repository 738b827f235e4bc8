import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorpusError, parseCorpusYaml } from '../../src/corpus/load.js';
import { EMPTY_LEXICON, readCorpusLexicon, type CorpusLexicon } from '../../src/search/synonyms.js';

/** The corpus's own vocabulary file, beside its documents (see corpus/README.md). */
export const LEXICON_FILE = 'lexicon.yaml';

/** Parses the text of `lexicon.yaml` (none: an empty lexicon); a bad one is a `CorpusError` naming the file and line. */
export function parseLexiconFile(text: string | undefined, file: string = LEXICON_FILE): CorpusLexicon {
  if (text === undefined) return EMPTY_LEXICON;
  const data = parseCorpusYaml(text, file);
  try {
    return readCorpusLexicon(data);
  } catch (error) {
    throw new CorpusError(file, undefined, (error as Error).message);
  }
}

/** Reads `lexicon.yaml` from a corpus folder (for tools that do not load the whole corpus). */
export async function readLexiconFile(dir: string): Promise<CorpusLexicon> {
  const file = join(dir, LEXICON_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new CorpusError(file, undefined, `cannot read the lexicon (${error.code ?? String(error)})`);
  });
  return parseLexiconFile(text, file);
}
