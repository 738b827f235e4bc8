import type { Passage } from '../types.js';
import type { Settings } from './options.js';
import type { QueryTerm, ReadQuery } from './query.js';
import type { AnswerType } from './english.js';
import { before, type Ranked } from './rank.js';
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
      const factor =
        (1 - proximityWeight + proximityWeight * focus.proximity) *
        (focus.typedNear || focus.kindNear ? answerTypeBoost : 1) *
        (1 + pairBoost * focus.pairs);
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

const PATTERNS: Record<AnswerType, RegExp> = {
  time: /\b(?:1[0-9]{3}|20[0-9]{2}|[0-9]{1,2}(?:st|nd|rd|th) centur(?:y|ies)|centur(?:y|ies)|January|February|March|April|May|June|July|August|September|October|November|December|decade|[0-9]{2,4}s)\b/,
  number:
    /\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen)\b/i,
  person: /\b\p{Lu}\p{Ll}+ (?:\p{Lu}\.? )?\p{Lu}\p{Ll}+|\b(?:King|Queen|Duke|Count|Pope|Emperor|President|Prince|Bishop|Lord|Sir)\b/u,
  place: /\b(?:in|at|from|to|near) (?:the )?\p{Lu}\p{Ll}+/u,
};

/** Whether a passage holds text of the kind a question asks for (a date for "when", a number for "how many"). */
export function holdsAnswerType(text: string, type: AnswerType | undefined): boolean {
  return type !== undefined && PATTERNS[type].test(text);
}

/**
 * Each index term's query words and what it is worth to each (credit × weight), worked out once
 * per query for `focusOf`: by term id, so a passage's tokens are looked up in an array.
 */
export interface CreditTable {
  /** Term id → index in `hits`, or -1 (a buffer shared between queries: `release` clears it). */
  slot: Int32Array;
  hits: Array<Array<[word: number, worth: number]>>;
  ids: number[];
}

export function creditTable(terms: readonly QueryTerm[], idOf: (term: string) => number, slot: Int32Array): CreditTable {
  const table: CreditTable = { slot, hits: [], ids: [] };
  terms.forEach((t, i) => {
    for (const [alt, c] of t.alternatives) {
      const id = idOf(alt);
      if (id < 0) continue;
      if (slot[id]! < 0) {
        slot[id] = table.hits.length;
        table.hits.push([]);
        table.ids.push(id);
      }
      table.hits[slot[id]!]!.push([i, c * t.weight]);
    }
  });
  return table;
}

/** Frees the table's slots for the next query. */
export function releaseCredit(table: CreditTable): void {
  for (const id of table.ids) table.slot[id] = -1;
}

/** How many words apart two query words may stand and still count as a pair ("battle … hastings"). */
const PAIR_DISTANCE = 3;

/**
 * How closely a passage's matches stand together: the share of its matched query information
 * that its best sentence holds (1 when one sentence holds every matched word), whether that
 * sentence holds what the question asks for, and the share of the query's consecutive word pairs
 * that stand within three words of each other. One walk over the passage's tokens.
 */
export function focusOf(
  terms: readonly QueryTerm[],
  credit: CreditTable,
  tokens: ReadonlyArray<{ start: number; term: string | null }>,
  ids: Int32Array,
  sentences: ReadonlyArray<readonly [number, number]>,
  text: string,
  answerType: AnswerType | undefined,
  kinds?: ReadonlySet<string>,
): { proximity: number; typedNear: boolean; kindNear: boolean; pairs: number } {
  const words = terms.length;
  const perSentence = new Float64Array(Math.max(1, sentences.length) * words);
  const whole = new Float64Array(words);
  // The last position (in tokens) each word was seen at, and which consecutive pairs stood close.
  const last = new Float64Array(words).fill(-Infinity);
  const paired = new Uint8Array(words);
  let s = 0;
  const { slot } = credit;
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position]!;
    if (id < 0 || slot[id]! < 0) continue;
    const hits = credit.hits[slot[id]!]!;
    const start = tokens[position]!.start;
    while (s < sentences.length - 1 && start >= sentences[s]![1]) s++;
    for (const [i, w] of hits) {
      if (w > whole[i]!) whole[i] = w;
      const at = s * words + i;
      if (w > perSentence[at]!) perSentence[at] = w;
      last[i] = position;
      if (i > 0 && position - last[i - 1]! <= PAIR_DISTANCE) paired[i - 1] = 1;
      if (i + 1 < words && position - last[i + 1]! <= PAIR_DISTANCE) paired[i] = 1;
    }
  }
  let pairWeight = 0;
  let pairFound = 0;
  for (let i = 0; i + 1 < words; i++) {
    const w = Math.min(terms[i]!.weight, terms[i + 1]!.weight);
    pairWeight += w;
    if (paired[i]) pairFound += w;
  }
  const pairs = pairWeight ? pairFound / pairWeight : 0;
  let total = 0;
  for (let i = 0; i < words; i++) total += whole[i]!;
  const kindIn = (start: number, end: number) =>
    !!kinds && tokens.some((t) => t.start >= start && t.start < end && t.term !== null && kinds.has(t.term));
  if (!total || !sentences.length)
    return { proximity: 1, typedNear: holdsAnswerType(text, answerType), kindNear: kindIn(0, text.length), pairs };
  let best = 0;
  let bestSentence = 0;
  for (let j = 0; j < sentences.length; j++) {
    let v = 0;
    for (let i = 0; i < words; i++) v += perSentence[j * words + i]!;
    if (v > best) [best, bestSentence] = [v, j];
  }
  const [start, end] = sentences[bestSentence]!;
  return { proximity: best / total, typedNear: holdsAnswerType(text.slice(start, end), answerType), kindNear: kindIn(start, end), pairs };
}
