import type { DocumentMeta, Passage } from '../types.js';
import type { QueryTerm, ReadQuery } from './query.js';
import type { Ranked } from './rank.js';
import { scoreWords, type ScoringContext } from './score.js';

// Why a query is answered as it is: the stages of `Library.search` run again, with their figures
// recorded (how each word was read, what the first pass and the reread scored, the coverage gate).
// Nothing here changes a ranking: it reads what query.ts, score.ts and rerank.ts compute.

/** One index term a query word is searched as. */
export interface ExplainedAlternative {
  term: string;
  /** How the corpus writes it. */
  spelled: string;
  /** What a match earns, 0-1. */
  credit: number;
  /** `word`: the word itself; `correction`: a misspelling's correction; `kind`: a kind of what a question asks ("France" for "what country"); `related`: another form, a synonym, a compound. */
  relation: 'word' | 'correction' | 'kind' | 'related';
}

/** One informative word of the query, as read. */
export interface ExplainedWord {
  word: string;
  term: string;
  reading: QueryTerm['reading'];
  /** Its information (idf) in this corpus: how much matching it counts. */
  weight: number;
  alternatives: ExplainedAlternative[];
}

/** One of the best passages, with the figures that ranked it. */
export interface ExplainedPassage {
  rank: number;
  id: string;
  document: Pick<DocumentMeta, 'id' | 'title'>;
  section: string;
  /** The final score (after the reread). */
  score: number;
  /** BM25 of its words, each at its best alternative. */
  bm25: number;
  /** The share of the query's information it matches, 0-1. */
  coverage: number;
  /** The first pass's score: bm25 × coverage^exponent × the lead boost. */
  firstPass: number;
  /** Final ÷ first pass: closeness of the matches, word pairs, what the question asks for. */
  reread: number;
  terms: string[];
  text: string;
}

/**
 * The no-answer decision: a passage answers when it matches at least `minCoverage` of the query's
 * information and, across documents, the best reaches `minRelevance` of the query's best possible score.
 */
export interface ExplainedDecision {
  answered: boolean;
  minCoverage: number;
  /** Across documents: the best passage's share of the query's best possible score, and the share it needs. */
  relevance?: number;
  minRelevance?: number;
  /** Passages holding any of the query's words (or their alternatives). */
  candidates: number;
  /** Passages at or above the gate: the results' total. */
  answering: number;
  /** The highest coverage of any candidate (0 with none). */
  bestCoverage: number;
  /** In words: why there is an answer, or not. */
  reason: string;
}

export interface Explanation {
  query: string;
  words: ExplainedWord[];
  /** What a question asks for (`time` for "when"), when it says. */
  answerType?: string;
  /** How many kinds of the asked noun are searched ("what country" → countries). */
  kinds?: number;
  passages: ExplainedPassage[];
  decision: ExplainedDecision;
}

/** What the explanation reads of a library: its scoring tables, and the ranking it would answer with. */
export interface ExplainSource {
  scoring: ScoringContext;
  ranked: Ranked[];
  /** The library's own decision (see `Library.decide`): the coverage it required, the relevance gate, the outcome. */
  gate: { minCoverage: number; treated: boolean; relevance?: number; minRelevance?: number };
  spelled: (term: string) => string;
  meta: (documentId: string) => DocumentMeta | undefined;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Explains a read query: its words, its best passages (`source.ranked`), and the coverage gate with its figures. */
export function explainRead(query: string, read: ReadQuery, source: ExplainSource): Explanation {
  const { scoring, ranked, gate } = source;
  const { minCoverage } = gate;
  const { coverageExponent, leadBoost } = scoring.options;
  // The first pass again, over every passage holding any word (the gate lowered to 0 opens them all),
  // so the best coverage below the gate is known too.
  const first = new Map<number, { bm25: number; coverage: number; score: number }>();
  let candidates = 0;
  let answering = 0;
  let bestCoverage = 0;
  scoreWords({ ...scoring, options: { ...scoring.options, minCoverage: 0 } }, read.terms, (index, bm25, coverage, namesSection) => {
    candidates++;
    if (coverage >= minCoverage) answering++;
    bestCoverage = Math.max(bestCoverage, coverage);
    const passage = scoring.passages[index]!;
    const lead = namesSection && passage.paragraph === 1 && passage.part === 1 ? leadBoost : 1;
    if (coverage >= minCoverage) first.set(index, { bm25, coverage, score: bm25 * coverage ** coverageExponent * lead });
  });
  const passages = ranked.map((r, i): ExplainedPassage => {
    const f = first.get(r.index) ?? { bm25: 0, coverage: r.coverage, score: r.score };
    return {
      rank: i + 1,
      id: r.passage.id,
      document: documentOf(source, r.passage),
      section: r.passage.section,
      score: round(r.score),
      bm25: round(f.bm25),
      coverage: round(r.coverage),
      firstPass: round(f.score),
      reread: f.score ? round(r.score / f.score) : 1,
      terms: r.terms,
      text: r.passage.text,
    };
  });
  const answered = gate.treated;
  const percent = (n: number) => `${Math.round(n * 100)}%`;
  const reason = !read.terms.length
    ? 'The query has no word the index can search.'
    : answering > 0 && !answered && gate.relevance !== undefined
      ? `Nothing answers: across documents the best passage reaches ${percent(gate.relevance)} of the query's best possible score, short of the ${percent(gate.minRelevance ?? 0)} needed.`
      : answered
        ? `${answering} of ${candidates} passages holding its words match at least ${percent(minCoverage)} of its information (the best ${percent(bestCoverage)}).`
        : candidates
          ? `Nothing answers: the best of ${candidates} passages holding its words matches ${percent(bestCoverage)} of its information, short of the ${percent(minCoverage)} needed.`
          : 'Nothing answers: no passage holds any of its words, their forms, synonyms or corrections.';
  return {
    query,
    words: read.terms.map((t) => explainWord(t, read, source)),
    ...(read.answerType ? { answerType: read.answerType } : {}),
    ...(read.kinds ? { kinds: read.kinds.size } : {}),
    passages,
    decision: {
      answered,
      minCoverage,
      ...(gate.relevance !== undefined ? { relevance: round(gate.relevance), minRelevance: gate.minRelevance } : {}),
      candidates,
      answering,
      bestCoverage: round(bestCoverage),
      reason,
    },
  };
}

function explainWord(t: QueryTerm, read: ReadQuery, source: ExplainSource): ExplainedWord {
  const alternatives = [...t.alternatives].map(
    ([term, credit]): ExplainedAlternative => ({
      term,
      spelled: source.spelled(term),
      credit: round(credit),
      relation: term === t.term ? 'word' : t.reading === 'corrected' ? 'correction' : read.kinds?.has(term) ? 'kind' : 'related',
    }),
  );
  return { word: t.word, term: t.term, reading: t.reading, weight: round(t.weight), alternatives };
}

function documentOf(source: ExplainSource, passage: Passage): Pick<DocumentMeta, 'id' | 'title'> {
  const meta = source.meta(passage.documentId);
  return { id: passage.documentId, title: meta?.title ?? passage.documentId };
}
