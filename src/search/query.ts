import { answerTypeOf, askedKind, QUERY_FILLER, type AnswerType, type EnglishLexicon, type RelatedWord } from './english.js';
import { analyze, editDistance, plainWord, termOf } from './text.js';

/** What the query reader needs to know of the corpus. */
export interface Vocabulary {
  /** How many passages there are. */
  passages: number;
  /** Passages whose own words hold the term; 0 for a term found only through the corpus's synonyms; `undefined` when the corpus lacks it. */
  df(term: string): number | undefined;
  /** Corpus terms within `edits` edits of a term (Levenshtein), with their document frequencies. */
  near(term: string, edits: number): Array<[term: string, df: number]>;
  /** Whether the corpus writes the term as a name (capitalised) rather than as an English word. */
  isName(term: string): boolean;
}

/** How one informative word of a query was read. */
export interface QueryTerm {
  /** The query's own index term. */
  term: string;
  /** The word as typed (folded, lowercased). */
  word: string;
  /** Index terms searched for it, each with the credit a match earns: 1 for the word itself, less for a related or corrected one. */
  alternatives: Map<string, number>;
  /** The word's information (BM25 idf in this corpus; for a word the corpus lacks, less the commoner the word is in English). */
  weight: number;
  /** `corpus`: the corpus has the word; `related`/`corrected`: only a related word or a correction; `unknown`: neither. */
  reading: 'corpus' | 'related' | 'corrected' | 'unknown';
}

export interface ReadQuery {
  terms: QueryTerm[];
  answerType?: AnswerType;
  /** For a "what/which NOUN" question, the index terms of the kinds of that noun ("what religion" → catholicism, …). */
  kinds?: Set<string>;
}

/** A noun with more kinds than this is too general to say what the question asks for. */
const MAX_KINDS = 600;
/** Credit for a passage naming a kind of what a question asks ("France" for "what country"), and how many kinds are searched. */
const KIND_CREDIT = 0.5;
const MAX_KIND_ALTERNATIVES = 40;

/** Credit for a word found through general English: another form of it, or a synonym. */
const RELATED_CREDIT: Record<RelatedWord['relation'], number> = { form: 0.85, synonym: 0.6 };
/** Credit for a synonym of a word the corpus has: enough to rank a passage that says it another way, never above the word itself. */
const CORPUS_SYNONYM_CREDIT = 0.3;
/** From this SCOWL level on, an English word is rare enough to be a slip for a corpus name; such a reading earns this share of a correction's credit. */
const RARE_LEVEL = 35;
const NAME_SLIP_SHARE = 0.7;
/** Credit for a misspelling corrected by one or two edits. */
const CORRECTION_CREDIT = [1, 0.8, 0.55] as const;
const FILLER = new Set(QUERY_FILLER);

/**
 * How much a word the corpus lacks says that the query is about something else: all of it for a
 * name or a rare word, less for a common English word (it is more likely a paraphrase).
 */
export function unknownWordShare(level: number | undefined, noun: boolean): number {
  if (level === undefined) return 1;
  // Nouns name topics, and a topic the corpus lacks is likely not treated; the commonest nouns ("people", "time") less so.
  return noun ? Math.min(0.9, 0.7 + level / 50) : 0.15 + level / 100;
}

/** Reads each informative word of a query: a corpus word, a form or synonym of one, a misspelling of one, or unknown. */
export function readQuery(query: string, vocabulary: Vocabulary, english?: EnglishLexicon): ReadQuery {
  const tokens = analyze(query).filter((t) => t.term);
  const content = tokens.filter((t) => !FILLER.has(plainWord(t.word)));
  // Each term once, with the longest way it was typed: stemming shortens words ("minks" → "mink").
  const typed = new Map<string, string>();
  for (const t of content.length ? content : tokens) {
    const word = plainWord(t.word);
    if ((typed.get(t.term!)?.length ?? 0) < word.length) typed.set(t.term!, word);
  }
  const n = vocabulary.passages;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const terms = [...typed].map(([term, word]): QueryTerm => {
    const alternatives = new Map<string, number>();
    const df = vocabulary.df(term);
    if (df !== undefined) alternatives.set(term, 1);
    const related = english?.related(word) ?? [];
    if (df !== undefined && df > 0) {
      // A corpus word is also searched in its other forms ("Russia" finds "Russian"), and faintly by its synonyms.
      for (const rel of related) {
        const t = termOf(rel.word);
        const c = rel.relation === 'form' ? RELATED_CREDIT.form : CORPUS_SYNONYM_CREDIT;
        if (c && t && t !== term && vocabulary.df(t)) alternatives.set(t, Math.max(alternatives.get(t) ?? 0, c));
      }
      return { term, word, alternatives, weight: idf(df), reading: 'corpus' };
    }
    const level = english?.level(word);
    const unknownWeight = idf(0) * unknownWordShare(level, level !== undefined && df === undefined && (english?.isNoun(word) ?? false));
    let best = 0;
    for (const rel of related) {
      const t = termOf(rel.word);
      const relDf = t && t !== term ? vocabulary.df(t) : undefined;
      if (!t || !relDf) continue;
      alternatives.set(t, Math.max(alternatives.get(t) ?? 0, RELATED_CREDIT[rel.relation]));
      best = Math.max(best, idf(relDf));
    }
    if (df !== undefined) return { term, word, alternatives, weight: Math.max(best, unknownWeight), reading: 'corpus' };
    if (alternatives.size) return { term, word, alternatives, weight: Math.min(best, unknownWeight), reading: 'related' };
    // Only what is not an English word is corrected: "lunch" is not a misspelt "launch". A rarer
    // English word may still be a slip for one of the corpus's names ("gables" for "Gabler"), at less credit.
    if (level === undefined || level >= RARE_LEVEL) {
      const corrections = correct(term, word, vocabulary).filter(
        (c) => level === undefined || (c.distance === 1 && vocabulary.isName(c.term)),
      );
      if (corrections.length) {
        for (const c of corrections)
          alternatives.set(c.term, (CORRECTION_CREDIT[c.distance] ?? 0) * (level === undefined ? 1 : NAME_SLIP_SHARE));
        return { term, word, alternatives, weight: Math.max(...corrections.map((c) => idf(c.df))), reading: 'corrected' };
      }
    }
    return { term, word, alternatives, weight: unknownWeight, reading: 'unknown' };
  });
  joinCompounds(terms, vocabulary);
  const answerType = answerTypeOf(query);
  const kinds = kindsAsked(query, terms, english);
  if (kinds) answeredByKinds(query, terms, kinds, vocabulary);
  return { terms, ...(answerType ? { answerType } : {}), ...(kinds ? { kinds } : {}) };
}

/**
 * The noun a "what NOUN" question asks about is answered by a kind of it: "in what country" is
 * covered by a passage naming France. The corpus's kinds become alternatives of that word.
 */
function answeredByKinds(query: string, terms: QueryTerm[], kinds: Set<string>, vocabulary: Vocabulary): void {
  const noun = termOf(askedKind(query)!);
  const asked = terms.find((t) => t.term === noun);
  if (!asked) return;
  const present = [...kinds].filter((k) => vocabulary.df(k)).slice(0, MAX_KIND_ALTERNATIVES);
  for (const k of present) if (!asked.alternatives.has(k)) asked.alternatives.set(k, KIND_CREDIT);
}

function kindsAsked(query: string, terms: QueryTerm[], english: EnglishLexicon | undefined): Set<string> | undefined {
  const noun = english && askedKind(query);
  if (!noun) return undefined;
  const words = english.kinds(noun);
  if (!words.length || words.length > MAX_KINDS) return undefined;
  const own = new Set(terms.flatMap((t) => [...t.alternatives.keys()]));
  const kinds = new Set<string>();
  for (const w of words) {
    const t = termOf(w);
    if (t && !own.has(t)) kinds.add(t);
  }
  return kinds.size ? kinds : undefined;
}

/** Two query words the corpus writes as one ("cyber security" → "cybersecurity") are searched as that word too. */
function joinCompounds(terms: QueryTerm[], vocabulary: Vocabulary): void {
  for (let i = 0; i + 1 < terms.length; i++) {
    const [a, b] = [terms[i]!, terms[i + 1]!];
    const joined = termOf(a.word + b.word);
    if (!joined || !vocabulary.df(joined)) continue;
    for (const t of [a, b]) {
      t.alternatives.set(joined, 1);
      if (t.reading === 'unknown') t.reading = 'related';
    }
  }
}

/**
 * Corpus terms a misspelt word may stand for, closest first. Short words have too many neighbours
 * ("wife" is one letter from "life"): words of five letters or more are corrected by one edit, of
 * eight or more by two; a four-letter word only to one of the corpus's names ("putn").
 */
export function correct(term: string, word: string, vocabulary: Vocabulary): Array<{ term: string; distance: number; df: number }> {
  const length = Math.max(term.length, word.length);
  if (/\d/.test(term) || length < 4) return [];
  const allowed = length < 8 ? 1 : 2;
  // Levenshtein finds the candidates (one edit first: cheaper, and usually enough); a swap of
  // two letters ("ukriane") counts as one edit, so it needs the two-edit search to be found.
  let candidates = vocabulary.near(term, 1);
  if (!candidates.length && length >= 6) candidates = vocabulary.near(term, 2);
  const found = candidates
    .filter(([t, df]) => df > 0 && (length >= 5 || vocabulary.isName(t)))
    .map(([t, df]) => ({ term: t, distance: editDistance(term, t), df }))
    .filter((f) => f.distance <= allowed);
  if (!found.length) return [];
  const closest = Math.min(...found.map((f) => f.distance));
  return found
    .filter((f) => f.distance === closest)
    .sort((a, b) => Number(vocabulary.isName(b.term)) - Number(vocabulary.isName(a.term)) || b.df - a.df)
    .slice(0, 3);
}
