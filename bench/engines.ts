// The three engines the benchmark compares, over the same passages.
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { Library } from '../src/search/library.js';
import { buildCorpusIndex, type CorpusIndex } from '../src/service/corpus-index.js';
import type { Document, Passage } from '../src/types.js';

export type EngineName = 'redline' | 'minisearch' | 'lunr';
export const ENGINES: readonly EngineName[] = ['redline', 'minisearch', 'lunr'];

/** A built index: `search` does the engine's real work for one query and returns passage texts, best first. */
export interface SearchEngine {
  search(query: string): string[];
}

/** Redline's own corpus index (as the service builds it): chunks the documents, indexes them with the full text pipeline. */
export function buildRedline(documents: Document[]): SearchEngine & { library: Library; index: CorpusIndex } {
  const index = buildCorpusIndex(documents, {}, Date.now);
  const library = index.library;
  return {
    library,
    index,
    // limit 3 is what `ask` returns by default (highlights are computed for those three).
    search: (query) => library.search(query, { limit: 3 }).hits.map((h) => h.passage.text),
  };
}

/** Plain MiniSearch with its default options, the passage text as its one field, OR search. */
export function buildMiniSearch(passages: readonly Pick<Passage, 'text'>[]): SearchEngine & { index: MiniSearch } {
  const index = new MiniSearch({ fields: ['text'] });
  index.addAll(passages.map((p, id) => ({ id, text: p.text })));
  return {
    index,
    search: (query) => index.search(query).map((r) => passages[r.id as number]!.text),
  };
}

/** Lunr's query language characters (field `:`, edit distance `~`, boost `^`, presence `+`/`-`, wildcard `*`). */
const LUNR_SYNTAX = /[:~^+\-*\\]/g;

/** A plain-words query for Lunr: its syntax characters become spaces, so `a:b` or `x~` cannot throw. */
export function lunrQuery(query: string): string {
  return query.replace(LUNR_SYNTAX, ' ').replace(/\s+/g, ' ').trim();
}

/** Lunr with its default pipeline (trimmer, stop words, stemmer), the passage text as its one field. */
export function buildLunr(passages: readonly Pick<Passage, 'text'>[]): SearchEngine & { index: lunr.Index } {
  const index = lunr(function () {
    this.ref('id');
    this.field('text');
    passages.forEach((p, id) => this.add({ id: String(id), text: p.text }));
  });
  return {
    index,
    search: (query) => {
      const words = lunrQuery(query);
      if (!words) return [];
      try {
        return index.search(words).map((r) => passages[Number(r.ref)]!.text);
      } catch {
        return [];
      }
    },
  };
}
