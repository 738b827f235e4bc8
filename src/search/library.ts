import SearchableMap from 'minisearch/SearchableMap';
import { chunkDocument } from '../corpus/chunk.js';
import type { Document, DocumentMeta, Hit, Passage } from '../types.js';
import type { EnglishLexicon } from './english.js';
import { readQuery, type QueryTerm, type ReadQuery, type Vocabulary } from './query.js';

export type { LibraryOptions, LibrarySnapshot, SearchOptions, SearchOutcome } from './options.js';
import { defaultOptions, type LibraryOptions, type LibrarySnapshot, type SearchOptions, type SearchOutcome, type Settings } from './options.js';
import { Postings, PostingsBuilder } from './postings.js';
import { before, creditTable, focusOf, keepBest, releaseCredit, type Ranked } from './rank.js';
import { matchedTerms, scoreAllWords, scoreWords, Scratch, type ScoringContext } from './score.js';
import { Synonyms } from './synonyms.js';
import { analyze, foldText, hash, highlightSpans, PIPELINE_VERSION, type Token } from './text.js';

/** Parts of a library made elsewhere (`Library.restore`): its passages and its index's tables, loaded in slices. */
interface RestoredParts {
  passages: Passage[];
  byId: Map<string, number>;
  runs: Map<string, [number, number]>;
  postings: Postings;
  documentFrequency: Map<string, number>;
  spelling: Map<string, string>;
  vocabulary: SearchableMap<number>;
}

/** Entries of a table restored between two pauses (a few milliseconds of work on a slow core). */
const RESTORE_SLICE = 1000;

const MAX_SUGGESTIONS = 6;
/** How many of the best-scored passages are read again for how closely their matches stand (the rest keep their order). */
const RERANK = 12;
const RECENT_TOKENS = 1000;
/** How many misspellings' neighbours in the vocabulary are remembered. */
const RECENT_NEIGHBOURS = 2000;
/** How many letters a word being typed needs before autocomplete reads it as a prefix. */
const MIN_PREFIX = 3;
/** What a completion of the word being typed counts for, at most (MiniSearch's default prefix weight). */
const PREFIX_WEIGHT = 0.375;

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
  private readonly neighbours = new Map<string, Array<[string, number]>>();
  private readonly recentTokens = new Map<string, { tokens: Token[]; ids: Int32Array }>();
  /** Term id → slot, for the credit table of the passages reread (all -1 between queries). */
  private termSlots: Int32Array | undefined;
  private readonly reader: Vocabulary;
  private titles: Array<{ documentId: string; title: string; folded: string }> | undefined;

  /**
   * Builds the library, or restores it from a snapshot (`toSnapshot`) of the same documents,
   * pipeline and lexicon, which skips analysing every passage again.
   */
  constructor(documents: Document[], options: LibraryOptions = {}, snapshot?: LibrarySnapshot, restored?: RestoredParts) {
    this.options = { ...defaultOptions, ...options, boost: { ...defaultOptions.boost, ...options.boost } };
    this.english = options.english;
    this.synonyms = new Synonyms(options.lexicon);
    this.documents = documents;
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
      this.documentFrequency = new Map();
      this.spelling = new Map();
      const titles = new Map(documents.map((d) => [d.id, termList(analyze(d.title))]));
      // Each passage is analysed once, and its tokens dropped once it is indexed.
      const builder = new PostingsBuilder();
      for (const p of this.passages) {
        // The text before a document's first heading has no title of its own to search.
        const section = p.sectionSlug === 'lead' ? [] : analyze(p.section);
        const text = analyze(p.text);
        const sectionTerms = termList(section);
        const textTerms = termList(text);
        const related = this.synonyms.expand([...sectionTerms, ...textTerms]);
        builder.add({ title: titles.get(p.documentId)!, section: sectionTerms, text: textTerms, related });
        this.count(p.section, section, p.text, text);
        for (const term of related) if (!this.documentFrequency.has(term)) this.documentFrequency.set(term, 0);
      }
      this.postings = new Postings(builder.build(this.options));
    }
    this.scoring = { postings: this.postings, passages: this.passages, documentFrequency: this.documentFrequency, options: this.options, scratch: new Scratch(this.passages.length) };
    this.vocabulary = restored?.vocabulary ?? new SearchableMap<number>();
    if (!restored) for (const [term, df] of this.documentFrequency) this.vocabulary.set(term, df);
    this.reader = {
      passages: this.passages.length,
      df: (term) => this.documentFrequency.get(term),
      near: (term, edits) => {
        // A page turn or a Share reads its query again: a misspelling's neighbours are looked up once.
        const key = `${edits}:${term}`;
        let found = this.neighbours.get(key);
        if (!found) {
          found = [...this.vocabulary.fuzzyGet(term, edits)].map(([t, [df]]): [string, number] => [t, df]);
          this.neighbours.set(key, found);
          if (this.neighbours.size > RECENT_NEIGHBOURS) this.neighbours.delete(this.neighbours.keys().next().value!);
        }
        return found;
      },
      isName: (term) => {
        const written = this.spelling.get(term);
        return written !== undefined && /^\p{Lu}/u.test(written) && this.english?.level(written.toLowerCase()) === undefined;
      },
    };
  }

  /** The pipeline and lexicon this library was built with: a snapshot of another is not used. */
  private version(): string {
    const { boost, bm25 } = this.options;
    return `${PIPELINE_VERSION}-${this.synonyms.version}-${hash(JSON.stringify([boost, bm25]))}`;
  }

  /**
   * Restores a library whose passages and snapshot were made elsewhere (the corpus worker thread):
   * nothing is chunked again, and every table of the index is filled in slices, with a `pause`
   * between them, so the event loop keeps turning (at 50 MB of text they took 150-400 ms in one go).
   */
  static async restore(
    documents: Document[],
    passages: Passage[],
    snapshot: LibrarySnapshot,
    options: LibraryOptions = {},
    pause: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
  ): Promise<Library> {
    const sliced = async (count: number, step: (i: number) => void): Promise<void> => {
      for (let i = 0; i < count; i++) {
        step(i);
        if (i % RESTORE_SLICE === RESTORE_SLICE - 1) await pause();
      }
    };
    const byId = new Map<string, number>();
    const runs = new Map<string, [number, number]>();
    await sliced(passages.length, (i) => placePassage(passages, i, byId, runs));
    const { terms } = snapshot.postings;
    const ids = new Map<string, number>();
    await sliced(terms.length, (i) => ids.set(terms[i]!, i));
    const documentFrequency = new Map<string, number>();
    const vocabulary = new SearchableMap<number>();
    await sliced(snapshot.vocabulary.length, (i) => {
      const [term, df] = snapshot.vocabulary[i]!;
      documentFrequency.set(term, df);
      vocabulary.set(term, df);
    });
    const spelling = new Map<string, string>();
    await sliced(snapshot.spelling.length, (i) => spelling.set(...snapshot.spelling[i]!));
    const postings = new Postings(snapshot.postings, ids);
    return new Library(documents, options, snapshot, { passages, byId, runs, postings, documentFrequency, spelling, vocabulary });
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
    const { ranked, total } = this.rankRead(read, doc ? new Set([doc]) : undefined, offset + limit);
    if (!total) return { hits: [], total: 0, suggestions: this.suggestFor(read.terms, doc) };
    const hits = ranked.slice(offset, offset + limit).map((r) => this.hit(r.passage, r.score, new Set(r.terms)));
    return { hits, total, suggestions: [] };
  }

  /** The best `top` passages that answer the query, with their final scores and matched terms, best first. */
  rank(query: string, doc?: string, top = Infinity): Ranked[] {
    return this.rankRead(this.read(query), doc ? new Set([doc]) : undefined, top).ranked;
  }

  /** The best `top` answers of a read query, and how many answer in all. */
  private rankRead({ terms, answerType, kinds }: ReadQuery, scope: ReadonlySet<string> | undefined, top: number): { ranked: Ranked[]; total: number } {
    const ranked: Ranked[] = [];
    let answering = 0;
    const bounded = Number.isFinite(top);
    const keep = Math.max(top, RERANK);
    const { minCoverage, leadBoost, coverageExponent } = this.options;
    scoreWords(scope ? { ...this.scoring, scope } : this.scoring, terms, (index, bm25, coverage, namesSection) => {
      if (coverage < minCoverage) return;
      answering++;
      const passage = this.passages[index]!;
      const lead = namesSection && passage.paragraph === 1 && passage.part === 1 ? leadBoost : 1;
      const score = bm25 * coverage ** coverageExponent * lead;
      // Most candidates fall short of the best few: no entry is made for them.
      if (bounded && ranked.length >= keep && !before({ score, index } as Ranked, ranked[ranked.length - 1]!)) return;
      const entry: Ranked = { index, passage, coverage, terms: [], score };
      if (bounded) keepBest(ranked, entry, keep);
      else ranked.push(entry);
    });
    if (!answering) return { ranked: [], total: 0 };
    if (!Number.isFinite(top)) ranked.sort((a, b) => (before(a, b) ? -1 : 1));
    // The best few are read again: matches close together, and what a question asks for beside them.
    const { proximityWeight, answerTypeBoost, pairBoost } = this.options;
    this.termSlots ??= new Int32Array(this.postings.data.terms.length).fill(-1);
    const credit = creditTable(terms, (term) => this.postings.id(term), this.termSlots);
    let head: Ranked[];
    try {
      // No factor is over 1 × the answer-type boost × the pair boost: once a passage could not
      // reach the shown ones even at that, neither can any after it (they score less), and the
      // rest is not read.
      const most = (answerType || kinds ? answerTypeBoost : 1) * (terms.length > 1 ? 1 + pairBoost : 1);
      head = [];
      for (const r of ranked.slice(0, RERANK)) {
        if (bounded && head.length >= top && r.score * most < lowest(head, top)) break;
        const { tokens, ids } = this.analysed(r.passage);
        const focus = focusOf(terms, credit, tokens, ids, r.passage.sentences, r.passage.text, answerType, kinds);
        const factor = (1 - proximityWeight + proximityWeight * focus.proximity) * (focus.typedNear || focus.kindNear ? answerTypeBoost : 1) * (1 + pairBoost * focus.pairs);
        head.push({ ...r, score: r.score * factor });
      }
    } finally {
      releaseCredit(credit);
    }
    head.sort((a, b) => (before(a, b) ? -1 : 1));
    ranked.splice(0, head.length, ...head);
    if (bounded) ranked.length = Math.min(ranked.length, top);
    for (const r of ranked) r.terms = matchedTerms(this.postings, terms, r.index);
    return { ranked, total: answering };
  }

  /** Other queries to try when nothing answers: corpus words close to the query's, then section titles. */
  suggest(query: string, doc?: string): string[] {
    return this.suggestFor(this.read(query).terms, doc);
  }

  private suggestFor(terms: QueryTerm[], doc?: string): string[] {
    const out: string[] = [];
    // The words the query was read as: corrections and related corpus words.
    for (const t of terms) if (t.reading !== 'corpus') out.push(...[...t.alternatives.keys()].slice(0, 2).map((m) => this.spelled(m)));
    const titles = new Set(out);
    // Section titles until there are enough: a large corpus is not walked for six of them.
    for (const s of this.sectionTitles()) {
      if (titles.size >= MAX_SUGGESTIONS) break;
      if (!doc || s.documentId === doc) titles.add(s.title);
    }
    return [...titles].slice(0, MAX_SUGGESTIONS);
  }

  /** The way a term is written in the corpus. */
  spelled(term: string): string {
    const written = this.spelling.get(term);
    return written ? foldText(written).replace(/'s$/, '') : term;
  }

  /** Section titles and passage openings matching what has been typed so far, for autocomplete. */
  complete(typed: string, limit: number, doc?: string): Array<{ label: string; value: string }> {
    const text = typed.trim();
    const folded = text.toLowerCase();
    const out: Array<{ label: string; value: string }> = [];
    for (const s of this.sectionTitles()) {
      if (out.length >= limit) return out;
      if ((!doc || s.documentId === doc) && (!text || s.folded.includes(folded))) out.push({ label: s.title, value: s.title });
    }
    const tokens = analyze(text).filter((t) => t.term);
    // The word being typed is a prefix once it has three letters: a shorter one would expand to
    // most of the vocabulary ("e…"), so it waits and the words before it are searched alone.
    const last = tokens[tokens.length - 1];
    const typing = last !== undefined && !/\s$/.test(typed) && last.word.length < MIN_PREFIX;
    const terms = (typing ? tokens.slice(0, -1) : tokens).map((t) => t.term!);
    if (!terms.length) return out;
    // Every word must match; the last, while it is being typed, as any corpus word it begins
    // (MiniSearch's prefix weighting: the longer the completion, the less it counts).
    const prefix = !typing && !/\s$/.test(typed);
    const words = terms.map((term, i): Map<string, number> => {
      if (!prefix || i < terms.length - 1) return new Map([[term, 1]]);
      const alternatives = new Map<string, number>();
      for (const [completion] of this.vocabulary.atPrefix(term)) {
        const distance = completion.length - term.length;
        alternatives.set(completion, distance ? (PREFIX_WEIGHT * completion.length) / (completion.length + 0.3 * distance) : 1);
      }
      return alternatives;
    });
    const best: Ranked[] = [];
    const room = limit - out.length;
    scoreAllWords(doc ? { ...this.scoring, scope: new Set([doc]) } : this.scoring, words, (index, score) => {
      if (best.length >= room && !before({ score, index } as Ranked, best[best.length - 1]!)) return;
      keepBest(best, { index, passage: this.passages[index]!, coverage: 1, terms: [], score }, room);
    });
    for (const r of best) out.push({ label: r.passage.text, value: r.passage.id });
    return out;
  }

  /** Every titled section, worked out once: autocomplete offers them first. */
  private sectionTitles(): Array<{ documentId: string; title: string; folded: string }> {
    this.titles ??= this.documents.flatMap((d) => d.sections.filter((s) => s.slug !== 'lead').map((s) => ({ documentId: d.id, title: s.title, folded: s.title.toLowerCase() })));
    return this.titles;
  }

  /** A passage's tokens, remembered for the passages answered most recently (they come up again: paging, sharing). */
  private tokensOf(passage: Passage): Token[] {
    return this.analysed(passage).tokens;
  }

  /** A passage's tokens and each token's term id (-1: none), remembered as `tokensOf` says. */
  private analysed(passage: Passage): { tokens: Token[]; ids: Int32Array } {
    let found = this.recentTokens.get(passage.id);
    if (found) return found;
    const tokens = analyze(passage.text);
    found = { tokens, ids: Int32Array.from(tokens, (t) => (t.term ? this.postings.id(t.term) : -1)) };
    this.recentTokens.set(passage.id, found);
    if (this.recentTokens.size > RECENT_TOKENS) this.recentTokens.delete(this.recentTokens.keys().next().value!);
    return found;
  }

  /** Bolds the words a query matched, and the words a matched corpus synonym stands for. */
  highlight(text: string, terms: ReadonlySet<string>, tokens: Token[] = analyze(text)) {
    const all = new Set(terms);
    for (const token of tokens) if (token.term && this.synonyms.relatesTo(token.term, terms)) all.add(token.term);
    // The same tokens serve the spans: text is analysed once.
    return highlightSpans(text, all, tokens);
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

/** The `top`-th highest score among the entries. */
function lowest(entries: readonly Ranked[], top: number): number {
  return entries.map((e) => e.score).sort((a, b) => b - a)[top - 1]!;
}

/** Files passage `i` under its id and in its document's run. */
function placePassage(passages: readonly Passage[], i: number, byId: Map<string, number>, runs: Map<string, [number, number]>): void {
  const p = passages[i]!;
  byId.set(p.id, i);
  const run = runs.get(p.documentId);
  if (run) run[1] = i + 1;
  else runs.set(p.documentId, [i, i + 1]);
}

function termList(tokens: Token[]): string[] {
  const terms: string[] = [];
  for (const t of tokens) if (t.term) terms.push(t.term);
  return terms;
}
