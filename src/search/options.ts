import type { ChunkOptions } from '../corpus/chunk.js';
import type { Hit } from '../types.js';
import type { EnglishLexicon } from './english.js';
import type { PostingsData } from './postings.js';
import type { Field } from './rank.js';
import type { CorpusLexicon } from './synonyms.js';

export interface LibraryOptions {
  /** Field weights: the document title, the section title, the passage's own words, and its corpus synonyms. Default `{ title: 0.5, section: 1.6, text: 1, related: 0.35 }`. */
  boost?: Partial<Record<Field, number>>;
  /**
   * The share of a query's information (its words weighted by rarity) that a passage must match
   * to count as an answer. Below it, the answer is "nothing found". Default `0.45`. In a corpus of
   * several documents at most 0.2: there the top passage must also reach a share of the query's best
   * possible score (see `search/confidence.ts`).
   * @example new Library(docs, { minCoverage: 0.6 }) // stricter
   */
  minCoverage?: number;
  /** Extra weight for a section's first passage when the query names the section. Default `1.3`. */
  leadBoost?: number;
  /** Extra weight for a passage holding what a question asks for (a date for "when") in its best-matching sentence. Default `1.15`. */
  answerTypeBoost?: number;
  /** How much the closeness of the matched words counts (0: not at all, 1: a passage whose best sentence holds half its matches scores half). Default `0.3`. */
  proximityWeight?: number;
  /** Extra weight for a passage where the query's consecutive words stand together ("battle of hastings"): up to `1 + pairBoost`. Default `0.3`. */
  pairBoost?: number;
  /** How strongly coverage scales a passage's score (score × coverage^n). Default `2`. */
  coverageExponent?: number;
  /** BM25 parameters (as MiniSearch's `bm25` search option). Default `{ k: 1.2, b: 0.7, d: 0.5 }`. */
  bm25?: { k: number; b: number; d: number };
  /** General English (WordNet, a word list): forms and synonyms of query words, and which words are English. Default: none. */
  english?: EnglishLexicon;
  /** The corpus's own synonyms (`lexicon.yaml`). Default: none. */
  lexicon?: CorpusLexicon;
  chunk?: ChunkOptions;
}

/** Where a search looks: one document (by id), or a set of them (a channel's documents). */
export type DocScope = string | ReadonlySet<string>;

export interface SearchOptions {
  /** Only passages of this document, or of these. */
  doc?: DocScope;
  /** How many hits to return. Default 3. */
  limit?: number;
  /** Skip this many of the ranked hits (paging). Default 0. */
  offset?: number;
}

export interface SearchOutcome {
  hits: Hit[];
  total: number;
  suggestions: string[];
}

/** A built library's analysis, to restore it without analysing every passage again (the index cache). */
export interface LibrarySnapshot {
  version: string;
  passages: number;
  postings: PostingsData;
  vocabulary: Array<[string, number]>;
  spelling: Array<[string, string]>;
}

/** The options with every default filled in. */
export type Settings = Required<Omit<LibraryOptions, 'chunk' | 'english' | 'lexicon' | 'boost'>> & { boost: Record<Field, number> };

export const defaultOptions: Settings = {
  boost: { title: 0.5, section: 1.6, text: 1, related: 0.35 },
  minCoverage: 0.45,
  leadBoost: 1.3,
  answerTypeBoost: 1.15,
  proximityWeight: 0.3,
  pairBoost: 0.3,
  coverageExponent: 2,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
};
