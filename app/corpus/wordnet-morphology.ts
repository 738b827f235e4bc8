// How WordNet finds a word's base forms: Morphy's detachment rules, and wink-lemmatizer's suffix
// rules with WordNet's irregular forms as wink ships them (read on first use).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** WordNet's parts of speech, in the order its files are searched. */
export const POS = ['noun', 'verb', 'adj', 'adv'] as const;
export type Pos = (typeof POS)[number];

/** Morphy's detachment rules (WordNet's own lemmatiser), by part of speech. */
export const DETACH: Record<Pos, Array<[string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** wink-lemmatizer's suffix rules, in its order (a rule with an empty ending is tried again with "e"). */
export const WINK_RULES: Record<Exclude<Pos, 'adv'>, Array<[string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 's'],
    ['ves', 'f'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', ''],
    ['es', 'e'],
    ['ed', ''],
    ['ed', 'e'],
    ['ing', ''],
    ['ing', 'e'],
  ],
  adj: [
    ['est', ''],
    ['est', 'e'],
    ['er', ''],
    ['er', 'e'],
  ],
};

const EXCEPTION_FILES = { noun: 'noun', verb: 'verb', adj: 'adjective' } as const;
const exceptionTables = new Map<Pos, Record<string, string>>();

/** WordNet's irregular forms of a part of speech, as wink-lemmatizer ships them (read on first use). */
export function exceptions(pos: Exclude<Pos, 'adv'>): Record<string, string> {
  let table = exceptionTables.get(pos);
  if (!table) {
    const wink = createRequire(require.resolve('wink-lemmatizer'));
    table = wink(`wink-lexicon/src/wn-${EXCEPTION_FILES[pos]}-exceptions.js`) as Record<string, string>;
    exceptionTables.set(pos, table);
  }
  return table;
}
