// General English the text pipeline knows: function words, chat filler, question words and a few
// spelling rules. Nothing here is about one corpus; a team's own words live in its corpus lexicon.

/** How a word relates to another, as a general lexical resource (WordNet) says. */
export interface RelatedWord {
  word: string;
  /** `form`: the same word in another form or part of speech (expel → expulsion, Russian → Russia); `synonym`: a word of the same sense. */
  relation: 'form' | 'synonym';
}

/** General English, injected into the library (the shell reads it from WordNet and SCOWL). */
export interface EnglishLexicon {
  /** How common an English word is (SCOWL level: 10 the most common … 70 rare); `undefined` when it is not an English word. */
  level(word: string): number | undefined;
  /** Words related by form or by meaning (lowercase, single words). */
  related(word: string): RelatedWord[];
  /** Words that name kinds or instances of a noun ("religion" → "catholicism"), for "what religion …?" questions. */
  kinds(noun: string): string[];
  /** Whether the word is mostly a noun (most of its WordNet senses are), as topics are. */
  isNoun(word: string): boolean;
  /** Reads what the lexicon reads on first use, so that the first question asked does not wait for it. */
  warm?(): void;
}

/** Words that carry no meaning for retrieval (in queries and passages alike). */
// biome-ignore format: a word list reads best packed
export const STOP_WORDS: readonly string[] = [
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do',
  'does', 'doing', 'down', 'during', 'each', 'even', 'ever', 'every', 'few', 'for', 'from', 'further', 'had', 'has',
  'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i', 'if', 'in',
  'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'might', 'more', 'most', 'must', 'my', 'myself', 'nor', 'not',
  'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'ought', 'our', 'ours', 'ourselves', 'out', 'over', 'own',
  'same', 'shall', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up',
  'upon', 'us', 'very', 'was', 'we', 'were', 'what', 'whats', 'when', 'where', 'which', 'while', 'who', 'whom',
  'whose', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves', 'much', 'many', 'may',
  'yet', 'still', 'via', 'per', 'within', 'without', 'across', 'among', 'whether', 'however', 'although', 'though',
  'therefore', 'thus', 'including', 'regarding', 'cannot', 'cant', 'dont', 'doesnt', 'no', 'near', 'around',
  'toward', 'towards', 'along', 'beside', 'besides', 'despite', 'till', 'unless', 'whereas', 'whilst', 'onto', 'amid',
  'amidst', 'versus', 'else', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt',
  'hasnt', 'havent', 'hadnt', 'im', 'ive', 'id', 'youre', 'theyre', 'thats', 'theres', 'hows', 'whos', 'wheres',
];

/**
 * Words people add when they ask in chat that say nothing about the subject: politeness,
 * greetings, requests for information in general. Dropped from a query (unless nothing else is
 * left), so "hey, summary of nato pls" asks for "nato".
 */
// biome-ignore format: a word list reads best packed
export const QUERY_FILLER: readonly string[] = [
  'pls', 'plz', 'please', 'thanks', 'thank', 'thx', 'ty', 'hey', 'hi', 'hello', 'yo', 'ok', 'okay', 'hmm', 'um',
  'uh', 'lol', 'btw', 'fyi', 'asap', 'quick', 'quickly', 'briefly', 'info', 'information', 'detail', 'details',
  'summary', 'summarize', 'summarise', 'overview', 'explain', 'explanation', 'describe', 'description', 'tell',
  'told', 'say', 'said', 'says', 'saying', 'show', 'give', 'find', 'know', 'anything', 'something', 'stuff', 'thing',
  'things', 'question', 'wondering', 'wonder', 'curious', 'need', 'want', 'wants', 'wanted', 'like', 'let', 'lets',
  'get', 'got', 'go', 'going', 'mean', 'means', 'meant', 'happen', 'happened', 'happens', 'happening', 'doc',
  'docs', 'document', 'documents', 'article', 'articles', 'text', 'corpus', 'briefing', 'briefings', 'mention',
  'mentioned', 'mentions', 'actually', 'exactly', 'really', 'basically',
  'kind', 'sort', 'bit', 'well', 'also', 'ever', 'again', 'someone', 'anyone', 'somebody', 'anybody', 'name', 'named',
  'questions', 'help', 'guidance', 'assistance', 'morning', 'afternoon', 'evening', 'great', 'hope', 'guys', 'looking',
  'yeah', 'yes', 'concerned', 'doubts', 'wondered',
];

/** What a question asks for, from its question word: the kind of text the answer holds. */
export type AnswerType = 'time' | 'number' | 'person' | 'place';

/** The answer type of a question ("when …" → time, "how many …" → number), if its wording says. */
export function answerTypeOf(query: string): AnswerType | undefined {
  const q = query.toLowerCase();
  if (
    /\b(?:how (?:many|much|long|old|big|large|far|often)|what (?:percentage|percent|number|amount)|what (?:is|was) the (?:number|amount|population|size|cost|price))\b/.test(
      q,
    )
  )
    return 'number';
  if (/\b(?:when|what (?:year|month|day|date|century|decade|time|period)|which (?:year|month|day|century|decade)|how long ago)\b/.test(q))
    return 'time';
  if (/\b(?:who|whom|whose)\b/.test(q)) return 'person';
  if (/\b(?:where|what (?:country|city|place|region|town|state|location)|which (?:country|city|place|region|town|state))\b/.test(q))
    return 'place';
  return undefined;
}

/** Nouns too general to say what a "what/which …" question asks for. */
const GENERAL_NOUNS = new Set([
  'kind',
  'kinds',
  'type',
  'types',
  'sort',
  'sorts',
  'part',
  'parts',
  'form',
  'forms',
  'piece',
  'pieces',
  'name',
  'names',
  'thing',
  'things',
  'one',
  'ones',
  'way',
  'ways',
  'example',
  'examples',
  'word',
  'words',
  'term',
  'terms',
  'number',
  'amount',
  'year',
  'years',
  'time',
  'date',
  'day',
  'person',
  'people',
  'group',
  'groups',
]);
/** "What was the Norman religion?": the last word of a short "what is the …" question. */
const WHAT_IS_THE_NOUN = /^(?:what|which) (?:is|was|are|were) (?:the |a |an )(?:[a-z'-]+ ){0,3}([a-z-]+)\W*$/;
const WHAT_NOUN = /\b(?:what|which)\s+(?:(?:kind|type|sort|form|part|piece|name)s?\s+of\s+(?:the\s+|a\s+|an\s+)?)?([a-z][a-z-]+)/;

/** The noun a "what/which NOUN …" question asks for an instance of ("what religion" → "religion"), if any. */
export function askedKind(query: string): string | undefined {
  const q = query.toLowerCase().trim();
  for (const noun of [WHAT_NOUN.exec(q)?.[1], WHAT_IS_THE_NOUN.exec(q)?.[1]])
    if (noun && !GENERAL_NOUNS.has(noun) && !STOP_WORDS.includes(noun)) return noun;
  return undefined;
}

/** Direction words folded to the direction (a rule of English, not of one corpus): "eastward" finds "east". */
export const WORD_FORMS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    eastern: 'east',
    eastward: 'east',
    eastwards: 'east',
    westward: 'west',
    westwards: 'west',
    western: 'west',
    northern: 'north',
    northward: 'north',
    southern: 'south',
    southward: 'south',
    northeastern: 'northeast',
    northwestern: 'northwest',
    southeastern: 'southeast',
    southwestern: 'southwest',
  }),
);

/** Phrases read as one name wherever they occur (after folding), e.g. "United States" → the country. */
export const PHRASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'united states': 'usa',
    'united states of america': 'usa',
    'united kingdom': 'uk',
    'soviet union': 'soviet',
  }),
);
