/** A document of the corpus, as loaded from `corpus/`. */
export interface DocumentMeta {
  id: string;
  title: string;
  /** Where the text comes from, e.g. `vov.vn`. */
  source: string;
  publisher?: string;
  /** Only when the document's front matter gives one; never invented. */
  url?: string;
  language?: string;
  /** The file format it was read from (a citation links to a PDF's page, a web page's passage). */
  format?: DocumentFormat;
  /** The document's date as the file or its sidecar gives it (`2024-01-31`). */
  date?: string;
}

export type DocumentFormat = 'md' | 'txt' | 'pdf' | 'docx' | 'html';

export interface Section {
  title: string;
  slug: string;
  /** Paragraphs as the corpus has them (plain text, no markup). */
  paragraphs: string[];
  /** Photo captions shown with the section; never searched. */
  captions: string[];
  /** A paged document's (PDF's) page marks, one list per paragraph: where in the paragraph each page begins. */
  pages?: PageMark[][];
}

/** `[offset, page]`: from this character of a paragraph on, the text is on this page (1-based). */
export type PageMark = [offset: number, page: number];

export interface Document extends DocumentMeta {
  /** The file the document was read from, relative to the corpus folder. */
  file: string;
  sections: Section[];
}

/** One searchable unit: a paragraph, or part of a long one split at sentence boundaries. */
export interface Passage {
  /** `documentId#section-slug/paragraph` (plus `-part` when a paragraph was split). */
  id: string;
  documentId: string;
  section: string;
  sectionSlug: string;
  /** Index of the section within its document, from 0. */
  sectionIndex: number;
  /** Paragraph number within the section, from 1. */
  paragraph: number;
  /** Part of the paragraph, from 1 (1 unless the paragraph was split). */
  part: number;
  /** Position of the passage in its document, from 0: document order. */
  order: number;
  text: string;
  /** Character offsets of the passage within its paragraph. */
  start: number;
  end: number;
  /** Character offsets of each sentence within `text`. */
  sentences: Array<[number, number]>;
  /** The page where the passage starts, 1-based (PDF documents only). */
  page?: number;
}

/** A span of characters in a passage's text, e.g. a matched word to bold. */
export type Span = [start: number, end: number];

export interface Hit {
  passage: Passage;
  document: DocumentMeta;
  score: number;
  /** The share of the query's information the passage matches (0-1; a search's hits only). */
  coverage?: number;
  /** Estimated probability that this passage answers the query (0-1, the same meaning on every corpus); absent for a passage picked by id. */
  confidence?: number;
  /** Matched words in `passage.text`. */
  highlights: Span[];
}

export type Subcommand = 'ask' | 'topics' | 'brief' | 'quote' | 'help' | 'watch' | 'unwatch' | 'watches';

/** What a person asked for, parsed from a platform event or a command line. */
export interface Request {
  command: Subcommand;
  /** The words after the subcommand (the query, topic, speaker or phrase). */
  text: string;
  /** Restrict to one document id. */
  doc?: string;
  /** How many results to return (ask). */
  limit?: number;
  /** Index of the first result to return, for paging. */
  offset?: number;
  /** Show this passage (by id) rather than search: a choice picked from autocomplete. */
  passage?: string;
}

export type Vote = 'up' | 'down';

export interface TopicSection {
  title: string;
  slug: string;
  passages: number;
}

export interface Quote {
  /** The exact sentence as the corpus has it. */
  text: string;
  /** Who said it, where the text says so. */
  speaker?: string;
  /** The speaker's role as the text gives it. */
  role?: string;
  passage: Passage;
  document: DocumentMeta;
  highlights: Span[];
}

export interface BriefItem {
  passage: Passage;
  document: DocumentMeta;
  /** The key sentences of the passage (exact text). */
  text: string;
  highlights: Span[];
}

/** What the core answers: plain data that each adapter renders for its platform. */
export type Answer =
  | {
      kind: 'results';
      query: string;
      /** The page of results, best first. */
      hits: Hit[];
      /** How many results there are in all (for paging). */
      total: number;
      offset: number;
      /** Other queries to try when nothing answers. */
      suggestions: string[];
      doc?: string;
      /** The first hit's confidence (see `Hit.confidence`; 0 when nothing answers), for deciding whether to answer unasked. */
      confidence?: number;
    }
  | { kind: 'topics'; documents: Array<{ document: DocumentMeta; sections: TopicSection[] }> }
  | { kind: 'brief'; topic: string; items: BriefItem[]; documents: DocumentMeta[]; suggestions: string[] }
  | { kind: 'quote'; query: string; quotes: Quote[]; suggestions: string[] }
  | {
      kind: 'help';
      command: string;
      documents: DocumentMeta[];
      /** Requests worth trying, taken from the corpus being served (as typed after the command). */
      examples: string[];
    }
  | { kind: 'usage'; message: string }
  /** A channel's watches after `watch`, `unwatch` or `watches`: what changed, and the topics it watches now. */
  | { kind: 'watches'; message: string; topics: string[] }
  | { kind: 'rate-limited'; retryAfterSeconds: number };
