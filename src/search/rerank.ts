import type { Passage } from '../types.js';
import type { Settings } from './options.js';
import type { ReadQuery } from './query.js';
import { before, creditTable, focusOf, releaseCredit, type Ranked } from './rank.js';
import type { Token } from './text.js';

/**
 * The best-scored passages read again, best first: matches close together, consecutive query
 * words side by side, and what a question asks for beside them (`focusOf`) scale each score.
 * No factor is over 1 × the answer-type boost × the pair boost: once a passage could not reach
 * the `top` shown even at that, neither can any after it (they score less), and it stops there.
 */
export function rerank(
  head: readonly Ranked[],
  { terms, answerType, kinds }: Pick<ReadQuery, 'terms' | 'answerType' | 'kinds'>,
  options: Settings,
  top: number,
  idOf: (term: string) => number,
  slots: Int32Array,
  analysed: (passage: Passage) => { tokens: Token[]; ids: Int32Array },
): Ranked[] {
  const { proximityWeight, answerTypeBoost, pairBoost } = options;
  const credit = creditTable(terms, idOf, slots);
  const out: Ranked[] = [];
  try {
    const most = (answerType || kinds ? answerTypeBoost : 1) * (terms.length > 1 ? 1 + pairBoost : 1);
    for (const r of head) {
      if (out.length >= top && r.score * most < lowest(out, top)) break;
      const { tokens, ids } = analysed(r.passage);
      const focus = focusOf(terms, credit, tokens, ids, r.passage.sentences, r.passage.text, answerType, kinds);
      const factor = (1 - proximityWeight + proximityWeight * focus.proximity) * (focus.typedNear || focus.kindNear ? answerTypeBoost : 1) * (1 + pairBoost * focus.pairs);
      out.push({ ...r, score: r.score * factor });
    }
  } finally {
    releaseCredit(credit);
  }
  return out.sort((a, b) => (before(a, b) ? -1 : 1));
}

/** The `top`-th highest score among the entries. */
function lowest(entries: readonly Ranked[], top: number): number {
  return entries.map((e) => e.score).sort((a, b) => b - a)[top - 1]!;
}
