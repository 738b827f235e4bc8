import type { Passage } from '../types.js';
import type { Settings } from './options.js';
import type { Postings, Run } from './postings.js';
import type { QueryTerm } from './query.js';
import { closedWords, coverageFrom, MASK_CREDIT, SECTION_BIT } from './rank.js';

/** What scoring reads of a library. */
export interface ScoringContext {
  postings: Postings;
  passages: readonly Passage[];
  documentFrequency: ReadonlyMap<string, number>;
  options: Settings;
  /** Only passages of these documents. */
  scope?: ReadonlySet<string>;
  scratch: Scratch;
}

/** A passage that may answer: its BM25 score (each word at its best form), coverage, and whether it matched a section title. */
export type Visit = (passage: number, score: number, coverage: number, namesSection: boolean) => void;

/** Walking a long run costs more than looking up each candidate in it when it is this many times longer than there are candidates. */
const LOOKUP_RATIO = 16;
/** Candidate cells (candidates × words) the scratch keeps between queries: 2 MB of each buffer. */
const KEPT_CELLS = 1 << 18;

/**
 * Buffers reused from query to query (a query allocates nothing per posting): a slot per passage,
 * and per candidate each word's best score and best coverage credit.
 */
export class Scratch {
  slot: Int32Array;
  /** Term id → slot in the reread's credit table (see `creditTable`), -1 between queries. */
  readonly termSlots: Int32Array;
  candidates = new Int32Array(1024);
  scores = new Float64Array(1024);
  credits = new Float64Array(1024);
  sections = new Uint8Array(1024);

  constructor(passages: number, terms = 0) {
    this.slot = new Int32Array(passages).fill(-1);
    this.termSlots = new Int32Array(terms).fill(-1);
  }

  /** Gives back buffers a long query of common words grew (kept, they would hold tens of MB for good). */
  release(): void {
    if (this.scores.length <= KEPT_CELLS) return;
    this.candidates = new Int32Array(1024);
    this.scores = new Float64Array(1024);
    this.credits = new Float64Array(1024);
    this.sections = new Uint8Array(1024);
  }

  /** Room for `count` candidates of `words` words each. */
  reserve(count: number, words: number): void {
    if (this.candidates.length < count) {
      const grown = new Int32Array(Math.max(count, this.candidates.length * 2));
      grown.set(this.candidates);
      this.candidates = grown;
      const sections = new Uint8Array(grown.length);
      sections.set(this.sections);
      this.sections = sections;
    }
    if (this.scores.length < count * words) {
      const size = Math.max(count * words, this.scores.length * 2);
      const scores = new Float64Array(size);
      scores.set(this.scores);
      this.scores = scores;
      const credits = new Float64Array(size);
      credits.set(this.credits);
      this.credits = credits;
    }
  }
}

/** One alternative of a word: its run of postings, and what a posting earns toward the score and toward coverage. */
interface Alternative {
  run: Run;
  score: number;
  cover: number;
}

/**
 * Visits the passages holding the query's words with their BM25 scores. Each index term is
 * scored on its own, so that a word's score in a passage is its best alternative's ("religion" or
 * "religious", at their credit), not their sum: a passage using two forms of a word does not
 * count it twice. A passage reaching the coverage gate must hold one of some of the words
 * (`closedWords`: the others, matched in full, are short of it): only those words' passages are
 * candidates, and a much longer run of another word is searched for them rather than walked, so
 * a common word costs a lookup per candidate, not its postings.
 */
export function scoreWords(context: ScoringContext, terms: QueryTerm[], visit: Visit): void {
  const { postings, passages, documentFrequency } = context;
  const n = passages.length;
  const idf = (term: string) => Math.log(1 + (n - (documentFrequency.get(term) ?? 0) + 0.5) / ((documentFrequency.get(term) ?? 0) + 0.5));
  const words = terms.map((t) => {
    const own = t.reading === 'corpus' ? idf(t.term) : Infinity;
    // Another form of a corpus word weighs no more than the word itself, however rare the form.
    return [...t.alternatives].map(([alt, credit]) => ({
      run: postings.run(alt),
      score: alt === t.term ? credit : credit * Math.min(1, own / idf(alt)),
      cover: credit,
    }));
  });
  // The words a passage reaching the gate must hold one of pick the candidates (the rarest,
  // usually); the others are only looked up in them.
  const closed = closedWords(terms, context.options.minCoverage, (i) => postingsOf(words[i]!));
  const order = terms.map((_, i) => i).sort((a, b) => Number(closed[a]) - Number(closed[b]));
  const count = collect(context, words, order, closed.filter((c) => !c).length);
  const { scratch } = context;
  const width = terms.length;
  for (let c = 0; c < count; c++) {
    const passage = scratch.candidates[c]!;
    let score = 0;
    for (let w = 0; w < width; w++) score += scratch.scores[c * width + w]!;
    visit(passage, score, coverageFrom(terms, scratch.credits, c * width), scratch.sections[c] === 1);
  }
  scratch.release();
}

/**
 * Visits the passages holding every word (autocomplete's AND), each word at its best
 * alternative's score; the word with the fewest postings picks the candidates.
 */
export function scoreAllWords(
  context: ScoringContext,
  words: Array<ReadonlyMap<string, number>>,
  visit: (passage: number, score: number) => void,
): void {
  const { postings, scratch } = context;
  const alternatives = words.map((w) => [...w].map(([alt, credit]) => ({ run: postings.run(alt), score: credit, cover: 1 })));
  const order = words.map((_, i) => i).sort((a, b) => postingsOf(alternatives[a]!) - postingsOf(alternatives[b]!));
  const count = collect(context, alternatives, order, 1);
  const width = words.length;
  next: for (let c = 0; c < count; c++) {
    let score = 0;
    for (let w = 0; w < width; w++) {
      if (!scratch.credits[c * width + w]) continue next;
      score += scratch.scores[c * width + w]!;
    }
    visit(scratch.candidates[c]!, score);
  }
  scratch.release();
}

/** How many postings a word's alternatives have in all: what walking them costs. */
function postingsOf(alternatives: readonly Alternative[]): number {
  return alternatives.reduce((sum, a) => sum + a.run.end - a.run.start, 0);
}

/**
 * Fills the scratch with the candidates (the passages of the first `opening` words in `order`) and each word's best score and coverage credit in each;
 * returns how many. The passage slots are free again when it returns.
 */
function collect(context: ScoringContext, words: Alternative[][], order: number[], opening: number): number {
  const { postings, passages, scope, scratch } = context;
  const { passages: ids, impacts, fields } = postings.data;
  const width = words.length;
  const { slot } = scratch;
  let count = 0;
  const inScope = (passage: number) => !scope || scope.has(passages[passage]!.documentId);
  order.forEach((word, position) => {
    const open = position < opening;
    for (const { run, score, cover } of words[word]!) {
      if (run.end === run.start) continue;
      if (open) {
        scratch.reserve(count + run.end - run.start, width);
        for (let i = run.start; i < run.end; i++) {
          const passage = ids[i]!;
          let c = slot[passage]!;
          if (c < 0) {
            if (!inScope(passage)) continue;
            c = count++;
            slot[passage] = c;
            scratch.candidates[c] = passage;
            scratch.sections[c] = 0;
            scratch.scores.fill(0, c * width, c * width + width);
            scratch.credits.fill(0, c * width, c * width + width);
          }
          take(scratch, c * width + word, c, impacts[i]! * score, cover * MASK_CREDIT[fields[i]!]!, fields[i]!);
        }
      } else if (run.end - run.start > count * LOOKUP_RATIO) {
        for (let c = 0; c < count; c++) {
          const i = postings.find(run, scratch.candidates[c]!);
          if (i >= 0) take(scratch, c * width + word, c, impacts[i]! * score, cover * MASK_CREDIT[fields[i]!]!, fields[i]!);
        }
      } else {
        for (let i = run.start; i < run.end; i++) {
          const c = slot[ids[i]!]!;
          if (c >= 0) take(scratch, c * width + word, c, impacts[i]! * score, cover * MASK_CREDIT[fields[i]!]!, fields[i]!);
        }
      }
    }
  });
  for (let c = 0; c < count; c++) slot[scratch.candidates[c]!] = -1;
  return count;
}

/** Keeps a posting's score and coverage credit for a candidate's word when they are its best so far. */
function take(scratch: Scratch, at: number, candidate: number, score: number, credit: number, mask: number): void {
  if (score > scratch.scores[at]!) scratch.scores[at] = score;
  if (credit > scratch.credits[at]!) scratch.credits[at] = credit;
  if (mask & SECTION_BIT) scratch.sections[candidate] = 1;
}

/** The index terms of a query a passage holds (for highlighting the few passages shown). */
export function matchedTerms(postings: Postings, terms: readonly QueryTerm[], passage: number): string[] {
  const out = new Set<string>();
  for (const t of terms) for (const alt of t.alternatives.keys()) if (postings.find(postings.run(alt), passage) >= 0) out.add(alt);
  return [...out];
}
