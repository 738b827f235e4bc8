import type SearchableMap from 'minisearch/SearchableMap';
import type { Passage } from '../types.js';
import { before, keepBest, type Ranked } from './rank.js';
import { scoreAllWords, type ScoringContext } from './score.js';
import { analyze } from './text.js';

/** How many letters a word being typed needs before autocomplete reads it as a prefix. */
const MIN_PREFIX = 3;
/** What a completion of the word being typed counts for, at most (MiniSearch's default prefix weight). */
const PREFIX_WEIGHT = 0.375;

/** The best `room` passages holding every word typed so far (`typed` as sent, `text` trimmed), for autocomplete. */
export function completePassages(
  typed: string,
  text: string,
  room: number,
  passages: readonly Passage[],
  vocabulary: SearchableMap<number>,
  scoring: ScoringContext,
): Passage[] {
  const tokens = analyze(text).filter((t) => t.term);
  // The word being typed is a prefix once it has three letters: a shorter one would expand to
  // most of the vocabulary ("e…"), so it waits and the words before it are searched alone.
  const last = tokens[tokens.length - 1];
  const typing = last !== undefined && !/\s$/.test(typed) && last.word.length < MIN_PREFIX;
  const terms = (typing ? tokens.slice(0, -1) : tokens).map((t) => t.term!);
  if (!terms.length) return [];
  // Every word must match; the last, while it is being typed, as any corpus word it begins
  // (MiniSearch's prefix weighting: the longer the completion, the less it counts).
  const prefix = !typing && !/\s$/.test(typed);
  const words = terms.map((term, i): Map<string, number> => {
    if (!prefix || i < terms.length - 1) return new Map([[term, 1]]);
    const alternatives = new Map<string, number>();
    for (const [completion] of vocabulary.atPrefix(term)) {
      const distance = completion.length - term.length;
      alternatives.set(completion, distance ? (PREFIX_WEIGHT * completion.length) / (completion.length + 0.3 * distance) : 1);
    }
    return alternatives;
  });
  const best: Ranked[] = [];
  scoreAllWords(scoring, words, (index, score) => {
    if (best.length >= room && !before({ score, index } as Ranked, best[best.length - 1]!)) return;
    keepBest(best, { index, passage: passages[index]!, coverage: 1, terms: [], score }, room);
  });
  return best.map((r) => r.passage);
}
