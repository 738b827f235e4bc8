import type { Passage } from '../types.js';
import type { DocScope } from './options.js';
import type { ReadQuery } from './query.js';
import { before, keepBest, type Ranked } from './rank.js';
import { rerank } from './rerank.js';
import { matchedTerms, scoreWords, type ScoringContext } from './score.js';
import type { Token } from './text.js';

/** How many of the best-scored passages are read again for how closely their matches stand (the rest keep their order). */
const RERANK = 12;

/** A passage's tokens and each token's term id (-1: none), as the library remembers them. */
export type Analysed = (passage: Passage) => { tokens: Token[]; ids: Int32Array };

/** The best `top` answers of a read query within `scope` (none: the whole corpus), and how many answer in all. */
export function rankRead(
  scoring: ScoringContext,
  analysed: Analysed,
  { terms, answerType, kinds }: ReadQuery,
  scope: ReadonlySet<string> | undefined,
  top: number,
  minCoverage = scoring.options.minCoverage,
): { ranked: Ranked[]; total: number } {
  const ranked: Ranked[] = [];
  let answering = 0;
  const bounded = Number.isFinite(top);
  const keep = Math.max(top, RERANK);
  const { leadBoost, coverageExponent } = scoring.options;
  const options = minCoverage === scoring.options.minCoverage ? scoring.options : { ...scoring.options, minCoverage };
  scoreWords({ ...scoring, options, ...(scope ? { scope } : {}) }, terms, (index, bm25, coverage, namesSection) => {
    if (coverage < minCoverage) return;
    answering++;
    const passage = scoring.passages[index]!;
    const lead = namesSection && passage.paragraph === 1 && passage.part === 1 ? leadBoost : 1;
    const score = bm25 * coverage ** coverageExponent * lead;
    // Most candidates fall short of the best few: no entry is made for them.
    if (bounded && ranked.length >= keep && !before({ score, index } as Ranked, ranked[ranked.length - 1]!)) return;
    const entry: Ranked = { index, passage, coverage, terms: [], score };
    if (bounded) keepBest(ranked, entry, keep);
    else ranked.push(entry);
  });
  if (!answering) return { ranked: [], total: 0 };
  if (!bounded) ranked.sort((a, b) => (before(a, b) ? -1 : 1));
  // The best few are read again: matches close together, and what a question asks for beside them.
  const head = rerank(
    ranked.slice(0, RERANK),
    { terms, answerType, kinds },
    scoring.options,
    top,
    (term) => scoring.postings.id(term),
    scoring.scratch.termSlots,
    analysed,
  );
  ranked.splice(0, head.length, ...head);
  if (bounded) ranked.length = Math.min(ranked.length, top);
  for (const r of ranked) r.terms = matchedTerms(scoring.postings, terms, r.index);
  return { ranked, total: answering };
}

/** A scope as the set the scorer filters by (none: the whole corpus). */
export function scopeSet(doc: DocScope | undefined): ReadonlySet<string> | undefined {
  return doc === undefined ? undefined : typeof doc === 'string' ? new Set([doc]) : doc;
}
