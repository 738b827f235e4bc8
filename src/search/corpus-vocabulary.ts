import { LRUCache } from 'lru-cache';
import type SearchableMap from 'minisearch/SearchableMap';
import type { EnglishLexicon } from './english.js';
import type { Vocabulary } from './query.js';

/** How many misspellings' neighbours in the vocabulary are remembered. */
const RECENT_NEIGHBOURS = 2000;

/** What a query is read against: the corpus's terms, their document frequencies, their neighbours by spelling, and which are names. */
export function corpusVocabulary(
  passages: number,
  documentFrequency: ReadonlyMap<string, number>,
  spelling: ReadonlyMap<string, string>,
  vocabulary: SearchableMap<number>,
  english: EnglishLexicon | undefined,
): Vocabulary {
  const neighbours = new LRUCache<string, Array<[string, number]>>({ max: RECENT_NEIGHBOURS });
  return {
    passages,
    df: (term) => documentFrequency.get(term),
    near: (term, edits) => {
      // A page turn or a Share reads its query again: a misspelling's neighbours are looked up once.
      const key = `${edits}:${term}`;
      let found = neighbours.get(key);
      if (!found) {
        found = [...vocabulary.fuzzyGet(term, edits)].map(([t, [df]]): [string, number] => [t, df]);
        neighbours.set(key, found);
      }
      return found;
    },
    isName: (term) => {
      const written = spelling.get(term);
      return written !== undefined && /^\p{Lu}/u.test(written) && english?.level(written.toLowerCase()) === undefined;
    },
  };
}
