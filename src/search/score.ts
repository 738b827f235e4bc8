import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import type { Passage } from '../types.js';
import type { Settings } from './options.js';
import type { QueryTerm } from './query.js';
import { requiredWord } from './rank.js';

/** What scoring reads of a library. */
export interface ScoringContext {
  index: MiniSearch<{ id: number }>;
  passages: readonly Passage[];
  documentFrequency: ReadonlyMap<string, number>;
  options: Settings;
  /** Only passages of these documents. */
  scope?: ReadonlySet<string>;
}

/** A passage holding some query word: its BM25 score (each word at its best form) and which terms matched in which fields. */
export interface Scored {
  id: number;
  score: number;
  match: SearchResult['match'];
}

/**
 * BM25 scores of the passages holding any query word. Each index term is searched on its own,
 * so that a word's score in a passage is its best alternative's ("religion" or "religious",
 * at their credit), not their sum: a passage using two forms of a word does not count it twice.
 */
export function scoreWords(context: ScoringContext, terms: QueryTerm[]): Scored[] {
  const { index, passages, documentFrequency, scope } = context;
  const byPassage = new Map<number, Scored & { words: number[] }>();
  const searched = new Map<string, SearchResult[]>();
  const options: { boost: Settings['boost']; bm25: Settings['bm25']; filter?: (r: SearchResult) => boolean } = {
    boost: context.options.boost,
    bm25: context.options.bm25,
    ...(scope ? { filter: (r: SearchResult) => scope.has(passages[r.id as number]!.documentId) } : {}),
  };
  const n = passages.length;
  const idf = (term: string) => Math.log(1 + (n - (documentFrequency.get(term) ?? 0) + 0.5) / ((documentFrequency.get(term) ?? 0) + 0.5));
  // A passage without a required word cannot reach the coverage gate: only the passages that have
  // one are scored for the other words (MiniSearch's filter), so a common word costs its postings,
  // not a result object and a coverage check for each.
  const required = requiredWord(terms, context.options.minCoverage);
  if (required !== undefined) {
    if (!terms[required]!.alternatives.size) return [];
    terms = [terms[required]!, ...terms.filter((_, i) => i !== required)];
  }
  let candidates: Set<number> | undefined;
  terms.forEach((t, position) => {
    const word = required === undefined ? position : position === 0 ? required : position <= required ? position - 1 : position;
    if (required !== undefined && position === 1) {
      candidates = new Set(byPassage.keys());
      const inDocument = options.filter;
      options.filter = (r: SearchResult) => candidates!.has(r.id as number) && (!inDocument || inDocument(r));
    }
    const own = t.reading === 'corpus' ? idf(t.term) : Infinity;
    for (const [alt, altCredit] of t.alternatives) {
      // Another form of a corpus word weighs no more than the word itself, however rare the form.
      const credit = alt === t.term ? altCredit : altCredit * Math.min(1, own / idf(alt));
      let results = searched.get(alt);
      if (!results) searched.set(alt, (results = index.search(alt, { ...options })));
      for (const r of results) {
        const id = r.id as number;
        let entry = byPassage.get(id);
        if (!entry) byPassage.set(id, (entry = { id, score: 0, match: {}, words: new Array<number>(terms.length).fill(0) }));
        entry.match[alt] = r.match[alt]!;
        entry.words[word] = Math.max(entry.words[word]!, r.score * credit);
      }
    }
  });
  const out = [...byPassage.values()];
  for (const entry of out) entry.score = entry.words.reduce((a, b) => a + b, 0);
  return out;
}
