import type { DocScope, Library } from '../search/library.js';
import { editDistance, foldText, termsOf } from '../search/text.js';
import type { Passage, Quote, Span } from '../types.js';

/** A person the text names with a role ("Finnish Foreign Ministry spokeswoman Anna Virtanen"). */
export interface Person {
  name: string;
  /** The roles the text gives the person, in document order. */
  roles: string[];
  /** Lowercased words of the name, for matching queries and later mentions ("Virtanen"). */
  words: string[];
}

/** A sentence the text attributes to a person. */
export interface Attribution {
  person: Person;
  passage: Passage;
  span: Span;
}

/** Nouns that introduce a person's name in news text. */
// biome-ignore format: a word list reads best packed
const ROLE_WORDS = new Set([
  'president', 'presidents', 'spokeswoman', 'spokesman', 'spokesperson', 'minister', 'ministry', 'ambassador',
  'secretary', 'chancellor', 'premier', 'leader', 'official', 'representative', 'envoy', 'general', 'chief',
  'director', 'head', 'senator', 'governor', 'mayor', 'king', 'queen', 'prince', 'commander', 'adviser', 'advisor',
  'analyst', 'expert', 'professor', 'chairman', 'chairwoman', 'diplomat', 'negotiator', 'deputy', 'vice',
]);
const CONNECTORS = new Set(['of', 'to', 'the', 'for', 'and']);
/** Capitalised words that open a sentence or name a date, never part of a role. */
// biome-ignore format: a word list reads best packed
const NOT_ROLE = new Set([
  'on', 'in', 'at', 'by', 'as', 'according', 'however', 'earlier', 'later', 'recently', 'meanwhile', 'then', 'when',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mr', 'mrs', 'ms', 'dr', 'it', 'this',
]);
const SPEECH =
  /^(?:noted|said|says|stressed|stressing|announced|argued|warned|revealed|expressed|insisted|believes|believed|added|declared|told|claimed|stated|emphasized|emphasised|raised|did not make|does not|threatened|confirmed|denied|explained|wrote|called|urged|asked|demanded|promised|pledged|accused|suggested|proposed|admitted|acknowledged|agreed|rejected)\b/;
const NAME = /^\p{Lu}[\p{Ll}'’-]+$/u;
const APPOSITION =
  /(?:^|[\s(])(?:(?:Dr|Prof|Mr|Mrs|Ms|Sir|Dame)\.?\s+)?(\p{Lu}[\p{Ll}'’-]+ \p{Lu}[\p{Ll}'’-]+), (?:a|an|the) ([^,;.]{3,80}),/gu;
/** How many of the best passages for a quote query decide which documents are read for speakers. */
const CANDIDATE_PASSAGES = 30;
/** The share of a phrase's words a sentence must hold to be quoted for it. */
const PHRASE_COVERAGE = 0.6;

/** Finds the people a document names with a role, and the sentences it attributes to each. */
export function findAttributions(passages: Passage[]): Attribution[] {
  const people = new Map<string, Person>();
  const sentences = passages.flatMap((passage) => passage.sentences.map((span) => ({ passage, span })));
  for (const { passage, span } of sentences) {
    for (const found of namedWithRole(passage.text.slice(span[0], span[1]))) {
      const person = people.get(found.name) ?? { name: found.name, roles: [], words: found.name.toLowerCase().split(' ') };
      if (found.role && !person.roles.includes(found.role)) person.roles.push(found.role);
      people.set(found.name, person);
    }
  }
  const out: Attribution[] = [];
  for (const { passage, span } of sentences) {
    const person = speakerOf(passage.text.slice(span[0], span[1]), [...people.values()]);
    if (person) out.push({ person, passage, span });
  }
  return out;
}

/** "… Deputy Foreign Minister Jan Novak …" → { name: "Jan Novak", role: "Deputy Foreign Minister" }. */
function namedWithRole(sentence: string): Array<{ name: string; role: string }> {
  const words = [...sentence.matchAll(/[\p{L}][\p{L}'’.-]*/gu)].map((m) => m[0].replace(/[.’']s?$/, ''));
  const isRole = (w: string) => ROLE_WORDS.has(w.toLowerCase());
  const isName = (w: string | undefined) => w !== undefined && NAME.test(w) && !isRole(w) && !NOT_ROLE.has(w.toLowerCase());
  const out: Array<{ name: string; role: string }> = [];
  for (let i = 1; i < words.length - 1; i++) {
    if (!isName(words[i]) || !isName(words[i + 1]) || isName(words[i - 1])) continue;
    // Walk left over the role: capitalised words, role nouns and connectors ("Ambassador to the US").
    let start = i;
    while (start > 0) {
      const w = words[start - 1]!;
      if (NOT_ROLE.has(w.toLowerCase())) break;
      if (/^\p{Lu}/u.test(w) || isRole(w) || CONNECTORS.has(w)) start--;
      else break;
    }
    while (start < i && CONNECTORS.has(words[start]!)) start++;
    const roleWords = words.slice(start, i);
    if (!roleWords.some(isRole)) continue;
    const role = roleWords.map((w) => (isRole(w) && /s$/.test(w) && w.toLowerCase() !== 'ministries' ? w.replace(/s$/, '') : w)).join(' ');
    out.push({ name: `${words[i]} ${words[i + 1]}`, role });
    // "Presidents Donald Trump and Barack Obama"
    if (words[i + 2] === 'and' && isName(words[i + 3]) && isName(words[i + 4])) out.push({ name: `${words[i + 3]} ${words[i + 4]}`, role });
  }
  // "Dr. Elena Volkova, a polar scientist, said …": the role in apposition after the name.
  for (const m of sentence.matchAll(APPOSITION)) {
    const [, name, role] = m;
    if (name!.split(' ').every((w) => isName(w))) out.push({ name: name!, role: role!.trim() });
  }
  return out;
}

/** The person a sentence quotes or reports, if it says so: "Virtanen noted …", "According to Mr. Novak, …". */
function speakerOf(sentence: string, people: Person[]): Person | undefined {
  const according = /^According to (?:Mr\.|Mrs\.|Ms\.|Dr\.)?\s*([^,]+),/.exec(sentence);
  if (according) return people.find((p) => mentions(according[1]!, p));
  for (const person of people) {
    const last = person.name.split(' ').pop()!;
    for (const match of sentence.matchAll(new RegExp(`\\b${escape(last)}\\b`, 'g'))) {
      // Skip a role in apposition: "Volkova, a polar scientist, said".
      const after = sentence
        .slice(match.index + last.length)
        .replace(/^,\s*(?:a|an|the)\s[^,;.]{3,80},/, '')
        .replace(/^[\s,]+/, '');
      if (SPEECH.test(after)) return person;
    }
  }
  // "The Russian President raised …": a role that only one person holds.
  const roleSubject = /^The ((?:\p{Lu}[\p{L}-]*\s+)*(?:President|Minister|Ambassador|spokeswoman|spokesman))\s+(\S+)/u.exec(sentence);
  if (roleSubject && SPEECH.test(roleSubject[2]!)) {
    const holders = people.filter((p) => p.roles.some((r) => r.toLowerCase().endsWith(roleSubject[1]!.toLowerCase())));
    if (holders.length === 1) return holders[0];
  }
  return undefined;
}

function mentions(text: string, person: Person): boolean {
  const words = text.toLowerCase().split(/\s+/);
  return person.words.some((w) => words.includes(w));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How well a query names a person: 1 for an exact name word, less for a misspelling, 0 for none. */
export function nameMatch(query: string, person: Person): number {
  return matchWords(letterWords(query), person);
}

/** The query's words of letters, folded and lowercased, as names are matched. */
function letterWords(query: string): string[] {
  return (
    foldText(query)
      .toLowerCase()
      .match(/[\p{L}]+/gu) ?? []
  );
}

function matchWords(words: readonly string[], person: Person): number {
  let best = 0;
  for (const word of words) {
    if (word.length < 3) continue;
    for (const name of person.words) {
      const folded = foldText(name);
      if (folded === word) best = Math.max(best, 1);
      else if (word.length >= 5 && editDistance(word, folded) <= (word.length >= 7 ? 2 : 1)) best = Math.max(best, 0.8);
    }
  }
  return best;
}

/**
 * Exact sentences for a speaker ("virtanen", misspellings too) or, failing that, the sentence
 * that holds a remembered phrase ("springboard for confrontation").
 */
export function findQuotes(
  library: Library,
  attributionsOf: (documentId: string) => Attribution[],
  query: string,
  doc?: DocScope,
  limit = 5,
): Quote[] {
  // Who-said-what is worked out only for the documents that mention the query (misspelt or not),
  // so a large corpus is not read through for one quote.
  const documents =
    typeof doc === 'string' ? [doc] : [...new Set(library.rank(query, doc, CANDIDATE_PASSAGES).map((r) => r.passage.documentId))];
  const inScope = documents.flatMap(attributionsOf);
  // Worked out once per person named, not per sentence attributed.
  const words = letterWords(query);
  const byPerson = new Map<Person, number>();
  const matchOf = (person: Person) => byPerson.get(person) ?? byPerson.set(person, matchWords(words, person)).get(person)!;
  const scored = inScope.map((a) => ({ a, match: matchOf(a.person) })).filter((s) => s.match > 0);
  const best = Math.max(0, ...scored.map((s) => s.match));
  const nameWords = new Set(scored.filter((s) => s.match === best).flatMap((s) => s.a.person.words));
  const named = [...new Set(scored.map((s) => s.a.person))];
  const rest = (
    foldText(query)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((w) => !nameWords.has(w) && !named.some((p) => nameMatch(w, p) > 0));
  if (best > 0 && termsOf(rest.join(' ')).length === 0) {
    return scored
      .filter((s) => s.match === best)
      .sort(
        (x, y) =>
          x.a.passage.documentId.localeCompare(y.a.passage.documentId) ||
          x.a.passage.order - y.a.passage.order ||
          x.a.span[0] - y.a.span[0],
      )
      .slice(0, limit)
      .map(({ a }) => toQuote(library, a.passage, a.span, a.person, new Set(a.person.words.flatMap((w) => termsOf(w)))));
  }
  return phraseQuotes(library, attributionsOf, query, doc, limit);
}

function phraseQuotes(
  library: Library,
  attributionsOf: (documentId: string) => Attribution[],
  query: string,
  doc: DocScope | undefined,
  limit: number,
): Quote[] {
  const queryTerms = new Set(termsOf(query));
  if (!queryTerms.size) return [];
  const ranked = library.rank(query, doc, 10);
  const out: Array<{ quote: Quote; score: number }> = [];
  for (const { passage, score, terms: matchedTerms } of ranked) {
    const matched = new Set(matchedTerms);
    let bestSpan: Span | undefined;
    let bestCount = 0;
    // The passage's tokens (analysed once, and remembered) sorted into its sentences.
    const tokens = library.tokensOf(passage);
    let t = 0;
    for (const span of passage.sentences) {
      const terms = new Set<string>();
      while (t < tokens.length && tokens[t]!.start < span[1]) {
        const token = tokens[t++]!;
        if (token.term && token.start >= span[0]) terms.add(token.term);
      }
      let count = 0;
      for (const term of matched) if (terms.has(term)) count++;
      if (count > bestCount) [bestSpan, bestCount] = [span, count];
    }
    // The sentence must hold most of the remembered phrase, not one of its words.
    if (!bestSpan || bestCount / queryTerms.size < PHRASE_COVERAGE) continue;
    const speaker = attributionsOf(passage.documentId).find((a) => a.passage.id === passage.id && a.span[0] === bestSpan![0])?.person;
    out.push({ quote: toQuote(library, passage, bestSpan, speaker, matched), score: score * (bestCount / matched.size) });
  }
  return out
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.min(limit, 3))
    .map((o) => o.quote);
}

function toQuote(library: Library, passage: Passage, span: Span, person: Person | undefined, terms: ReadonlySet<string>): Quote {
  const text = passage.text.slice(span[0], span[1]);
  return {
    text,
    ...(person ? { speaker: person.name } : {}),
    ...(person?.roles.length ? { role: mainRole(person) } : {}),
    passage,
    document: library.documentMeta(passage.documentId)!,
    highlights: library.highlightIn(passage, span, terms),
  };
}

/** The role to show: the first that says more than one word ("US President" over "President"). */
export function mainRole(person: Person): string {
  return person.roles.find((r) => r.includes(' ')) ?? person.roles[0]!;
}
