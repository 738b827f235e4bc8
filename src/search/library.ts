import MiniSearch, { type AsPlainObject, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { chunkDocument, type ChunkOptions } from '../corpus/chunk.js';
import type { Document, DocumentMeta, Hit, Passage } from '../types.js';
import { analyze, expandTerms, foldText, highlightSpans, PIPELINE_VERSION, termsOf, type Token } from './text.js';

export interface LibraryOptions {
  /** Field weights: the section title, the passage's own words, and its synonyms. Default `{ section: 1.6, text: 1, related: 0.35 }`. */
  boost?: { section: number; text: number; related: number };
  /**
   * The share of a query's information (its words weighted by rarity) that a passage must match
   * to count as an answer. Below it, the answer is "nothing found". Default `0.6`.
   * @example new Library(docs, { minCoverage: 0.5 }) // more lenient
   */
  minCoverage?: number;
  /** Extra weight for a section's first passage when the query names the section. Default `1.3`. */
  leadBoost?: number;
  chunk?: ChunkOptions;
}

export interface SearchOptions {
  /** Only passages of this document. */
  doc?: string;
  /** How many hits to return. Default 3. */
  limit?: number;
  /** Skip this many of the ranked hits (paging). Default 0. */
  offset?: number;
}

export interface SearchOutcome {
  hits: Hit[];
  total: number;
  suggestions: string[];
}

/** A built library's analysis, to restore it without analysing every passage again (the index cache). */
export interface LibrarySnapshot {
  version: string;
  passages: number;
  index: AsPlainObject;
  vocabulary: Array<[string, number]>;
  spelling: Array<[string, string]>;
}

/** How one word of a query was read: the index terms it stands for and how sure that is. */
interface QueryTerm {
  term: string;
  /** Index terms searched for it: itself, or the corrections of a misspelling. */
  matches: string[];
  /** 1 for a word of the corpus, less for a corrected misspelling, 0 for an unknown word. */
  credit: number;
  /** The word's rarity (BM25 idf of its best match), its weight in coverage. */
  weight: number;
}

const defaultOptions: Required<Omit<LibraryOptions, 'chunk'>> = {
  boost: { section: 1.6, text: 1, related: 0.35 },
  minCoverage: 0.6,
  leadBoost: 1.3,
};

const FIELDS = ['section', 'text', 'related'] as const;
type Field = (typeof FIELDS)[number];
const FUZZY_CREDIT = [1, 0.8, 0.55] as const;
const MAX_SUGGESTIONS = 6;
const RECENT_TOKENS = 1000;
/** How much a query word the corpus has, but not in this passage, counts against it (1 = in full). */
const ELSEWHERE_WEIGHT = 0.75;

/** The searchable corpus: documents, their passages, and a MiniSearch index over them. */
export class Library {
  readonly documents: Document[];
  readonly passages: Passage[];
  private readonly options: Required<Omit<LibraryOptions, 'chunk'>>;
  private readonly meta = new Map<string, DocumentMeta>();
  private readonly byId = new Map<string, number>();
  private readonly index: MiniSearch<{ id: number }>;
  /** Every index term with the number of passages whose own words (text, section) hold it (0: synonyms only). */
  private readonly documentFrequency: Map<string, number>;
  /** Index terms → the way they were first written, for suggestions. */
  private readonly spelling: Map<string, string>;
  private readonly vocabulary = new SearchableMap<number>();
  private readonly recentTokens = new Map<string, Token[]>();

  /**
   * Builds the library, or restores it from a snapshot (`toSnapshot`) of the same documents and
   * pipeline version, which skips analysing every passage again.
   */
  constructor(documents: Document[], options: LibraryOptions = {}, snapshot?: LibrarySnapshot) {
    this.options = { ...defaultOptions, ...options, boost: { ...defaultOptions.boost, ...options.boost } };
    this.documents = documents;
    this.passages = documents.flatMap((d) => chunkDocument(d, options.chunk));
    for (const { file: _file, sections: _sections, ...meta } of documents) this.meta.set(meta.id, meta);
    this.passages.forEach((p, i) => this.byId.set(p.id, i));

    if (snapshot) {
      if (snapshot.version !== PIPELINE_VERSION || snapshot.passages !== this.passages.length)
        throw new Error('Library: snapshot was made by another pipeline version or corpus');
      this.index = MiniSearch.loadJS(snapshot.index, this.indexOptions(() => undefined));
      this.documentFrequency = new Map(snapshot.vocabulary);
      this.spelling = new Map(snapshot.spelling);
    } else {
      this.documentFrequency = new Map();
      this.spelling = new Map();
      // Each passage is analysed once, and its tokens dropped once it is indexed.
      let current: Record<Field, string> | undefined;
      this.index = new MiniSearch<{ id: number }>(this.indexOptions((field) => current?.[field]));
      this.passages.forEach((p, id) => {
        const section = analyze(p.section);
        const text = analyze(p.text);
        const own = [...termList(section), ...termList(text)];
        const related = expandTerms(own);
        current = { section: termList(section).join(' '), text: termList(text).join(' '), related: related.join(' ') };
        this.index.add({ id });
        this.count(p.section, section, p.text, text);
        for (const term of related) if (!this.documentFrequency.has(term)) this.documentFrequency.set(term, 0);
      });
      current = undefined;
    }
    for (const [term, df] of this.documentFrequency) this.vocabulary.set(term, df);
  }

  /** What `new Library(documents, options, snapshot)` needs to skip the analysis: serialisable as JSON. */
  toSnapshot(): LibrarySnapshot {
    return {
      version: PIPELINE_VERSION,
      passages: this.passages.length,
      index: this.index.toJSON(),
      vocabulary: [...this.documentFrequency],
      spelling: [...this.spelling],
    };
  }

  private indexOptions(field: (name: Field) => string | undefined) {
    return {
      fields: [...FIELDS],
      // Fields hold the passage's terms, already through the pipeline, joined by spaces.
      extractField: (doc: { id: number }, name: string) => (name === 'id' ? doc.id : field(name as Field)),
      tokenize: splitTerms,
      processTerm: (term: string) => term,
      searchOptions: { tokenize: splitTerms, processTerm: (term: string) => term },
    };
  }

  private count(sectionText: string, section: Token[], text: string, tokens: Token[]): void {
    const seen = new Set<string>();
    for (const [field, list] of [[sectionText, section], [text, tokens]] as const) {
      for (const token of list) {
        if (!token.term) continue;
        seen.add(token.term);
        if (!this.spelling.has(token.term)) this.spelling.set(token.term, field.slice(token.start, token.end));
      }
    }
    for (const term of seen) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
  }

  /** The document's citation fields (no file path, no text). */
  documentMeta(id: string): DocumentMeta | undefined {
    return this.meta.get(id);
  }

  passage(id: string): Passage | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.passages[i];
  }

  /** The passages that answer a query, best first; none when the corpus does not treat it. */
  search(query: string, options: SearchOptions = {}): SearchOutcome {
    const { limit = 3, offset = 0, doc } = options;
    const direct = this.passage(query.trim());
    if (direct && (!doc || direct.documentId === doc)) {
      const hits = offset === 0 ? [this.hit(direct, 1, new Set())] : [];
      return { hits, total: 1, suggestions: [] };
    }
    const terms = this.readQuery(query);
    const { ranked, total } = this.rankTerms(terms, doc, offset + limit);
    if (!total) return { hits: [], total: 0, suggestions: this.suggestFor(terms, doc) };
    const hits = ranked
      .slice(offset, offset + limit)
      .map(({ result, score }) => this.hit(this.passages[result.id as number]!, score, new Set(result.terms)));
    return { hits, total, suggestions: [] };
  }

  /** The best `top` passages that answer the query, with their final scores, best first. */
  rank(query: string, doc?: string, top = Infinity): Ranked[] {
    return this.rankTerms(this.readQuery(query), doc, top).ranked;
  }

  /** The best `top` answers of a read query, and how many answer in all. */
  private rankTerms(terms: QueryTerm[], doc: string | undefined, top: number): { ranked: Ranked[]; total: number } {
    const searched = [...new Set(terms.flatMap((t) => t.matches))];
    if (!searched.length) return { ranked: [], total: 0 };
    const credit = new Map<string, number>();
    for (const t of terms) for (const m of t.matches) credit.set(m, Math.max(credit.get(m) ?? 0, t.credit));
    const results = this.index.search(searched.join(' '), {
      combineWith: 'OR',
      boost: this.options.boost,
      boostTerm: (term) => credit.get(term) ?? 1,
      ...(doc ? { filter: (r: SearchResult) => this.passages[r.id as number]!.documentId === doc } : {}),
    });
    const ranked: Ranked[] = [];
    let answering = 0;
    for (const result of results) {
      let matched = 0;
      let weight = 0;
      let namesSection = false;
      for (const t of terms) {
        let best = 0;
        for (const m of t.matches) {
          const fields = (result.match[m] ?? []) as Field[];
          if (!fields.length) continue;
          if (fields.includes('section')) namesSection = true;
          best = Math.max(best, fields.some((f) => f !== 'related') ? 1 : 0.85);
        }
        matched += t.weight * t.credit * best;
        // A corpus word matched elsewhere weighs less: the corpus treats it, just not here. A word
        // the corpus lacks (or only resembles) weighs in full: the query may be about something else.
        weight += best > 0 || t.credit < 1 ? t.weight : t.weight * ELSEWHERE_WEIGHT;
      }
      const coverage = weight ? matched / weight : 0;
      if (coverage < this.options.minCoverage) continue;
      const passage = this.passages[result.id as number]!;
      const lead = namesSection && passage.paragraph === 1 && passage.part === 1 ? this.options.leadBoost : 1;
      answering++;
      const entry = { result, coverage, score: result.score * coverage * coverage * lead };
      if (Number.isFinite(top)) keepBest(ranked, entry, top);
      else ranked.push(entry);
    }
    if (!Number.isFinite(top)) ranked.sort((a, b) => (before(a, b) ? -1 : 1));
    return { ranked, total: answering };
  }

  /** Reads each informative word of a query: a corpus word, a misspelling of one, or unknown. */
  private readQuery(query: string): QueryTerm[] {
    // Each term with the longest way it was typed: stemming shortens words ("minks" → "mink").
    const typed = new Map<string, number>();
    for (const t of analyze(query)) if (t.term) typed.set(t.term, Math.max(typed.get(t.term) ?? 0, t.word.length));
    const n = this.passages.length;
    const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const unknownWeight = idf(0);
    return [...typed].map(([term, length]) => {
      const df = this.documentFrequency.get(term);
      if (df !== undefined) return { term, matches: [term], credit: 1, weight: idf(Math.max(df, 1)) };
      const corrections = this.corrections(term, length);
      if (!corrections.length) return { term, matches: [], credit: 0, weight: unknownWeight };
      const distance = corrections[0]!.distance;
      const weight = Math.max(...corrections.map((c) => idf(Math.max(c.df, 1))));
      return { term, matches: corrections.map((c) => c.term), credit: FUZZY_CREDIT[distance] ?? 0, weight };
    });
  }

  /** Corpus terms within a small edit distance of a misspelt term, closest first. */
  private corrections(term: string, typedLength = term.length): Array<{ term: string; distance: number; df: number }> {
    // Short words have too many neighbours ("wife" is one letter from "life"): only words typed
    // with five letters or more are corrected, and by two edits only from eight letters on.
    const length = Math.max(term.length, typedLength);
    if (/^\d/.test(term) || length < 5) return [];
    const allowed = length < 8 ? 1 : 2;
    // Levenshtein finds the candidates (one edit first: cheaper, and usually enough); a swap of
    // two letters ("ukriane") counts as one edit, so it needs the two-edit search to be found.
    let candidates = this.vocabulary.fuzzyGet(term, 1);
    if (!candidates.size && length >= 6) candidates = this.vocabulary.fuzzyGet(term, 2);
    const found = [...candidates]
      .map(([t, [df]]) => ({ term: t, distance: editDistance(term, t), df }))
      .filter((f) => f.distance <= allowed);
    if (!found.length) return [];
    const closest = Math.min(...found.map((f) => f.distance));
    return found
      .filter((f) => f.distance === closest && f.df > 0)
      .sort((a, b) => b.df - a.df)
      .slice(0, 3);
  }

  /** Other queries to try when nothing answers: corpus words close to the query's, then section titles. */
  suggest(query: string, doc?: string): string[] {
    return this.suggestFor(this.readQuery(query), doc);
  }

  private suggestFor(terms: QueryTerm[], doc?: string): string[] {
    const out: string[] = [];
    // The corrections the query was read with; two-edit ones only for long words.
    for (const t of terms) if (t.credit < 1 && (t.credit >= FUZZY_CREDIT[1] || t.term.length >= 7)) out.push(...t.matches.slice(0, 2).map((m) => this.spelled(m)));
    for (const d of this.documents) {
      if (doc && d.id !== doc) continue;
      for (const s of d.sections) if (s.slug !== 'lead') out.push(s.title);
    }
    return [...new Set(out)].slice(0, MAX_SUGGESTIONS);
  }

  /** The way a term is written in the corpus. */
  spelled(term: string): string {
    const written = this.spelling.get(term);
    return written ? foldText(written).replace(/'s$/, '') : term;
  }

  /** Section titles and passage openings matching what has been typed so far, for autocomplete. */
  complete(typed: string, limit: number, doc?: string): Array<{ label: string; value: string }> {
    const text = typed.trim();
    const out: Array<{ label: string; value: string }> = [];
    const sections = this.documents.flatMap((d) =>
      doc && d.id !== doc ? [] : d.sections.filter((s) => s.slug !== 'lead').map((s) => s.title),
    );
    const folded = text.toLowerCase();
    for (const title of sections) if (!text || title.toLowerCase().includes(folded)) out.push({ label: title, value: title });
    if (text) {
      const results = this.index.search(termsOf(text).join(' '), {
        combineWith: 'AND',
        prefix: (_term, i, terms) => i === terms.length - 1,
        boost: this.options.boost,
        ...(doc ? { filter: (r: SearchResult) => this.passages[r.id as number]!.documentId === doc } : {}),
      });
      for (const r of results.slice(0, limit)) {
        const p = this.passages[r.id as number]!;
        out.push({ label: p.text, value: p.id });
      }
    }
    return out.slice(0, limit);
  }

  /** A passage's tokens, remembered for the passages answered most recently (they come up again: paging, sharing). */
  private tokensOf(passage: Passage): Token[] {
    let tokens = this.recentTokens.get(passage.id);
    if (tokens) return tokens;
    tokens = analyze(passage.text);
    this.recentTokens.set(passage.id, tokens);
    if (this.recentTokens.size > RECENT_TOKENS) this.recentTokens.delete(this.recentTokens.keys().next().value!);
    return tokens;
  }

  private hit(passage: Passage, score: number, terms: ReadonlySet<string>): Hit {
    return {
      passage,
      document: this.meta.get(passage.documentId)!,
      score: Math.round(score * 1000) / 1000,
      highlights: terms.size ? highlightSpans(passage.text, terms, this.tokensOf(passage)) : [],
    };
  }
}

type Ranked = { result: SearchResult; score: number; coverage: number };

/** Ranking order: higher score first, then document order. */
function before(a: Ranked, b: Ranked): boolean {
  return a.score > b.score || (a.score === b.score && (a.result.id as number) < (b.result.id as number));
}

/** Keeps `best` the `top` highest-scoring entries, best first (ties: document order), without sorting everything. */
function keepBest(best: Ranked[], entry: Ranked, top: number): void {
  if (best.length >= top && !before(entry, best[best.length - 1]!)) return;
  let lo = 0;
  let hi = best.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(best[mid]!, entry)) lo = mid + 1;
    else hi = mid;
  }
  best.splice(lo, 0, entry);
  if (best.length > top) best.pop();
}

function termList(tokens: Token[]): string[] {
  const terms: string[] = [];
  for (const t of tokens) if (t.term) terms.push(t.term);
  return terms;
}

function splitTerms(text: string): string[] {
  return text ? text.split(' ') : [];
}

/** Optimal string alignment distance: Levenshtein plus transpositions of adjacent letters. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
