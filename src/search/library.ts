import { LRUCache } from 'lru-cache';
import SearchableMap from 'minisearch/SearchableMap';
import { chunkDocument } from '../corpus/chunk.js';
import type { Document, DocumentMeta, Hit, Passage } from '../types.js';
import type { EnglishLexicon } from './english.js';
import { readQuery, type QueryTerm, type ReadQuery, type Vocabulary } from './query.js';
import { corpusVocabulary } from './corpus-vocabulary.js';
import { rankRead, scopeSet } from './rank-read.js';

export type { DocScope, LibraryOptions, LibrarySnapshot, SearchOptions, SearchOutcome } from './options.js';
import {
  defaultOptions,
  type DocScope,
  type LibraryOptions,
  type LibrarySnapshot,
  type SearchOptions,
  type SearchOutcome,
  type Settings,
} from './options.js';
import { Postings } from './postings.js';
import { buildParts, placePassage, restoreParts, type RestoredParts } from './tables.js';
import type { Ranked } from './rank.js';
import { completePassages } from './complete.js';
import { explainRead, type Explanation } from './explain.js';
import { confidences, knownWords, MIN_RELEVANCE, relevanceOf, selfScore } from './confidence.js';
import { Scratch, type ScoringContext } from './score.js';
import { Synonyms } from './synonyms.js';
import { SectionTitles } from './titles.js';
import { analyze, foldText, hash, highlightSpans, PIPELINE_VERSION, type Token } from './text.js';

const MAX_SUGGESTIONS = 6;
const RECENT_TOKENS = 1000;
/** The share of a question a passage must match in a corpus of several documents (`minCoverage` when lower). */
const SEVERAL_DOCUMENTS_COVERAGE = 0.2;

/** The searchable corpus: documents, their passages, and an index of their terms (`Postings`). */
export class Library {
  readonly documents: Document[];
  readonly passages: Passage[];
  private readonly options: Settings;
  private readonly english: EnglishLexicon | undefined;
  private readonly synonyms: Synonyms;
  private readonly meta = new Map<string, DocumentMeta>();
  private readonly byId: Map<string, number>;
  /** Each document's passages: a run in corpus order, from its first to past its last. */
  private readonly runs: Map<string, [number, number]>;
  private readonly postings: Postings;
  private readonly scoring: ScoringContext;
  /** Every index term with the number of passages whose own words (text, section) hold it (0: synonyms only). */
  private readonly documentFrequency: Map<string, number>;
  /** Index terms → the way they were first written, for suggestions and names. */
  private readonly spelling: Map<string, string>;
  private readonly vocabulary: SearchableMap<number>;
  private readonly recentTokens = new LRUCache<string, { tokens: Token[]; ids: Int32Array }>({ max: RECENT_TOKENS });
  private readonly reader: Vocabulary;
  private readonly titles: SectionTitles;

  /**
   * Builds the library, or restores it from a snapshot (`toSnapshot`) of the same documents,
   * pipeline and lexicon, which skips analysing every passage again.
   */
  constructor(documents: Document[], options: LibraryOptions = {}, snapshot?: LibrarySnapshot, restored?: RestoredParts) {
    this.options = { ...defaultOptions, ...options, boost: { ...defaultOptions.boost, ...options.boost } };
    this.english = options.english;
    this.synonyms = new Synonyms(options.lexicon);
    this.documents = documents;
    this.titles = new SectionTitles(documents, (id) => this.position(id));
    this.passages = restored?.passages ?? documents.flatMap((d) => chunkDocument(d, options.chunk));
    for (const { file: _file, sections: _sections, ...meta } of documents) this.meta.set(meta.id, meta);
    this.byId = restored?.byId ?? new Map();
    this.runs = restored?.runs ?? new Map();
    if (!restored) for (let i = 0; i < this.passages.length; i++) placePassage(this.passages, i, this.byId, this.runs);

    if (snapshot) {
      if (snapshot.version !== this.version() || snapshot.passages !== this.passages.length)
        throw new Error('Library: snapshot was made by another pipeline version or corpus');
      this.postings = restored?.postings ?? new Postings(snapshot.postings);
      this.documentFrequency = restored?.documentFrequency ?? new Map(snapshot.vocabulary);
      this.spelling = restored?.spelling ?? new Map(snapshot.spelling);
    } else {
      ({
        postings: this.postings,
        documentFrequency: this.documentFrequency,
        spelling: this.spelling,
      } = buildParts(documents, this.passages, this.synonyms, this.options));
    }
    this.scoring = {
      postings: this.postings,
      passages: this.passages,
      documentFrequency: this.documentFrequency,
      options: this.options,
      scratch: new Scratch(this.passages.length, this.postings.data.terms.length),
    };
    this.vocabulary = restored?.vocabulary ?? new SearchableMap<number>();
    if (!restored) for (const [term, df] of this.documentFrequency) this.vocabulary.set(term, df);
    this.reader = corpusVocabulary(this.passages.length, this.documentFrequency, this.spelling, this.vocabulary, this.english);
  }

  /** The pipeline and lexicon this library was built with: a snapshot of another is not used. */
  private version(): string {
    const { boost, bm25 } = this.options;
    return `${PIPELINE_VERSION}-${this.synonyms.version}-${hash(JSON.stringify([boost, bm25]))}`;
  }

  /**
   * Restores a library whose passages and snapshot were made elsewhere (the corpus worker thread):
   * nothing is chunked again, and every table of the index is filled in slices, with a `pause`
   * between them, so the event loop keeps turning (a large corpus's tables filled in one go hold the serving thread too long).
   */
  static async restore(
    documents: Document[],
    passages: Passage[],
    snapshot: LibrarySnapshot,
    options: LibraryOptions = {},
    pause: () => Promise<void>,
  ): Promise<Library> {
    return new Library(documents, options, snapshot, await restoreParts(passages, snapshot, pause));
  }

  /** What `new Library(documents, options, snapshot)` needs to skip the analysis: serialisable as JSON. */
  toSnapshot(): LibrarySnapshot {
    return {
      version: this.version(),
      passages: this.passages.length,
      postings: this.postings.data,
      vocabulary: [...this.documentFrequency],
      spelling: [...this.spelling],
    };
  }

  /** The document's citation fields (no file path, no text). */
  documentMeta(id: string): DocumentMeta | undefined {
    return this.meta.get(id);
  }

  /** A document's passages, in order, without reading the others. */
  passagesOf(documentId: string): Passage[] {
    const run = this.runs.get(documentId);
    return run ? this.passages.slice(run[0], run[1]).filter((p) => p.documentId === documentId) : [];
  }

  passage(id: string): Passage | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.passages[i];
  }

  /** How a query is read: its informative words, what each is searched as, and what a question asks for. */
  read(query: string): ReadQuery {
    return readQuery(query, this.reader, this.english);
  }

  /** The passages that answer a query, best first; none when the corpus does not treat it. */
  search(query: string, options: SearchOptions = {}): SearchOutcome {
    const { limit = 3, offset = 0, doc } = options;
    const read = this.read(query);
    // One past the page at least: the top hit's confidence weighs the next.
    const { ranked, total, self, treated } = this.decide(read, doc, Math.max(offset + limit, 2));
    if (!treated) return { hits: [], total: 0, suggestions: this.suggestFor(read.terms, doc) };
    const sure = confidences(read.terms.length, self, ranked);
    const hits = ranked.slice(offset, offset + limit).map((r, i) => ({
      ...this.hit(r.passage, r.score, new Set(r.terms)),
      coverage: Math.round(r.coverage * 1000) / 1000,
      confidence: sure[offset + i]!,
    }));
    return { hits, total, suggestions: [] };
  }

  /**
   * Whether the corpus treats a read query, and its best `top` passages. Within one document, words
   * it lacks are unknown to it and coverage tells whether it treats the question. Across documents,
   * each word is found somewhere: the best passage must also reach a share of what the words score at
   * best (`relevanceOf`), counting only the words the corpus knows in some form (a name from another
   * topic scores nowhere and says nothing of whether the corpus treats the question). Asked of one of
   * several, the person chose it. Search and its explanation both decide here.
   */
  private decide(read: ReadQuery, doc: DocScope | undefined, top: number) {
    const several = this.documents.length > 1;
    const oneChosen = typeof doc === 'string' || (doc !== undefined && doc.size === 1);
    const floor = several ? Math.min(this.options.minCoverage, SEVERAL_DOCUMENTS_COVERAGE) : this.options.minCoverage;
    const { ranked, total } = this.rankRead(read, scopeSet(doc), top, floor);
    const self = total ? selfScore(read.terms, (term) => this.postings.peak(term)) : 0;
    const relevance = total > 0 && several && !oneChosen ? relevanceOf(knownWords(read.terms), ranked[0]!.score, self) : undefined;
    const treated = total > 0 && (relevance === undefined || relevance >= MIN_RELEVANCE);
    return { ranked, total, self, floor, relevance, treated };
  }

  /** The best `top` passages that answer the query, with their final scores and matched terms, best first. */
  rank(query: string, doc?: DocScope, top = Infinity): Ranked[] {
    return this.rankRead(this.read(query), scopeSet(doc), top).ranked;
  }

  /** The best `top` answers of a read query, and how many answer in all (see rank-read.ts). */
  private rankRead(read: ReadQuery, scope: ReadonlySet<string> | undefined, top: number, minCoverage?: number) {
    return rankRead(this.scoring, (p) => this.analysed(p), read, scope, top, minCoverage);
  }

  /** Why a query is answered as it is (see explain.ts): its words as read, the best `top` passages with their figures, the no-answer gate. */
  explain(query: string, options: { doc?: DocScope; top?: number } = {}): Explanation {
    const read = this.read(query);
    const scope = scopeSet(options.doc);
    const { ranked, floor, relevance, treated } = this.decide(read, options.doc, options.top ?? 5);
    const scoring = scope ? { ...this.scoring, scope } : this.scoring;
    const gate = { minCoverage: floor, treated, ...(relevance !== undefined ? { relevance, minRelevance: MIN_RELEVANCE } : {}) };
    return explainRead(query, read, { scoring, ranked, gate, spelled: (t) => this.spelled(t), meta: (id) => this.meta.get(id) });
  }

  /** Other queries to try when nothing answers: corpus words close to the query's, then section titles. */
  suggest(query: string, doc?: DocScope): string[] {
    return this.suggestFor(this.read(query).terms, doc);
  }

  private suggestFor(terms: QueryTerm[], doc?: DocScope): string[] {
    const out: string[] = [];
    // The words the query was read as: corrections and related corpus words.
    for (const t of terms) if (t.reading !== 'corpus') out.push(...[...t.alternatives.keys()].slice(0, 2).map((m) => this.spelled(m)));
    const titles = new Set(out);
    // Section titles until there are enough: a large corpus is not walked for six of them.
    for (const s of this.titles.of(doc)) {
      if (titles.size >= MAX_SUGGESTIONS) break;
      titles.add(s.title);
    }
    return [...titles].slice(0, MAX_SUGGESTIONS);
  }

  /** The way a term is written in the corpus. */
  spelled(term: string): string {
    const written = this.spelling.get(term);
    return written ? foldText(written).replace(/'s$/, '') : term;
  }

  /** Section titles and passage openings matching what has been typed so far, for autocomplete. */
  complete(typed: string, limit: number, doc?: DocScope): Array<{ label: string; value: string }> {
    const text = typed.trim();
    const folded = text.toLowerCase();
    const out: Array<{ label: string; value: string }> = [];
    for (const s of this.titles.of(doc)) {
      if (out.length >= limit) return out;
      if (!text || s.folded.includes(folded)) out.push({ label: s.title, value: s.title });
    }
    const room = limit - out.length;
    const scope = scopeSet(doc);
    for (const passage of completePassages(
      typed,
      text,
      room,
      this.passages,
      this.vocabulary,
      scope ? { ...this.scoring, scope } : this.scoring,
    ))
      out.push({ label: passage.text, value: passage.id });
    return out;
  }

  /** Where a document's passages start in corpus order (Infinity: none, or not in the corpus): documents sort by it. */
  position(documentId: string): number {
    return this.runs.get(documentId)?.[0] ?? Infinity;
  }

  /** A passage's tokens, remembered for the passages answered most recently (they come up again: paging, sharing). */
  tokensOf(passage: Passage): Token[] {
    return this.analysed(passage).tokens;
  }

  /** A passage's tokens and each token's term id (-1: none), remembered as `tokensOf` says. */
  private analysed(passage: Passage): { tokens: Token[]; ids: Int32Array } {
    let found = this.recentTokens.get(passage.id);
    if (found) return found;
    const tokens = analyze(passage.text);
    found = { tokens, ids: Int32Array.from(tokens, (t) => (t.term ? this.postings.id(t.term) : -1)) };
    this.recentTokens.set(passage.id, found);
    return found;
  }

  /** Bolds the words a query matched, and the words a matched corpus synonym stands for. */
  highlight(text: string, terms: ReadonlySet<string>, tokens: Token[] = analyze(text)) {
    const all = new Set(terms);
    for (const token of tokens) if (token.term && this.synonyms.relatesTo(token.term, terms)) all.add(token.term);
    // The same tokens serve the spans: text is analysed once.
    return highlightSpans(text, all, tokens);
  }

  /** `highlight` of one sentence (`span`) of a passage, as offsets into the sentence: the passage's remembered tokens serve, nothing is analysed again. */
  highlightIn(passage: Passage, span: readonly [number, number], terms: ReadonlySet<string>): Array<[number, number]> {
    const tokens = this.tokensOf(passage);
    let from = 0;
    while (from < tokens.length && tokens[from]!.start < span[0]) from++;
    let to = from;
    while (to < tokens.length && tokens[to]!.end <= span[1]) to++;
    return this.highlight(passage.text, terms, tokens.slice(from, to)).map(([start, end]) => [start - span[0], end - span[0]]);
  }

  private hit(passage: Passage, score: number, terms: ReadonlySet<string>): Hit {
    return {
      passage,
      document: this.meta.get(passage.documentId)!,
      score: Math.round(score * 1000) / 1000,
      highlights: terms.size ? this.highlight(passage.text, terms, this.tokensOf(passage)) : [],
    };
  }
}
