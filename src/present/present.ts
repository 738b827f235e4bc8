import { REDLINE_COMMAND } from '../request/commands.js';
import { LEAD_SECTION_SLUG } from '../corpus/convert.js';
import { passageLink } from '../corpus/link.js';
import type { DocumentMeta, Passage, Span, Subcommand } from '../types.js';

// The neutral pieces of presentation every renderer shares: what to bold, what a citation says,
// what help lists, where to cut. Renderers escape and lay them out for their platform.

/** A run of text, bold (a matched word) or not. */
export interface Piece {
  text: string;
  bold?: boolean;
}

/**
 * Splits text into plain and bold pieces at the highlight spans (clamped, sorted, overlaps merged).
 * White space at the edges of a bold run stays outside it: bold that starts or ends with a space
 * does not render on Slack or Discord.
 */
export function highlightPieces(text: string, spans: readonly Span[]): Piece[] {
  const merged: Array<[number, number]> = [];
  for (const [rawStart, rawEnd] of [...spans].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(0, Math.min(text.length, Math.floor(rawStart)));
    const end = Math.max(start, Math.min(text.length, Math.floor(rawEnd)));
    if (end === start) continue;
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const pieces: Piece[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) pieces.push({ text: text.slice(at, start) });
    const inner = text.slice(start, end);
    const lead = /^\s*/.exec(inner)![0];
    const trail = /\s*$/.exec(inner.slice(lead.length))![0];
    if (lead) pieces.push({ text: lead });
    if (inner.trim()) pieces.push({ text: inner.trim(), bold: true });
    if (trail) pieces.push({ text: trail });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** What a citation says, unescaped: each renderer joins the parts its own way. */
export interface CitationParts {
  title: string;
  /** The section's title; absent for a document's untitled opening. */
  section?: string;
  /** Where in the section: `p. 4` for a document with pages, else `¶ 2`. */
  location?: string;
  /** `Publisher (source)`, or the source alone. */
  publisher: string;
  source: string;
  /** Only an http(s) link the document itself gives. */
  url?: string;
  /** The passage's own address within it (a PDF's page, a web page's text fragment), where the document has a URL. */
  link?: string;
}

export function citationParts(document: DocumentMeta, passage?: Passage): CitationParts {
  const url = webUrl(document.url);
  const link = url && passage ? webUrl(passageLink(document, passage)) : undefined;
  return {
    title: document.title,
    ...(passage && passage.sectionSlug !== LEAD_SECTION_SLUG ? { section: passage.section } : {}),
    ...(passage ? { location: passage.page !== undefined ? `p. ${passage.page}` : `¶ ${passage.paragraph}` } : {}),
    publisher: publisherOf(document),
    source: document.source,
    ...(url ? { url } : {}),
    ...(link ? { link } : {}),
  };
}

/** `Publisher (source)`, or the source alone. */
export function publisherOf(document: DocumentMeta): string {
  return document.publisher ? `${document.publisher} (${document.source})` : document.source;
}

/** The URL when it is an http(s) address of a sane length; nothing else becomes a link. */
export function webUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 2048) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** One line of help: the call as typed (`/redline brief [topic]`) and what it does. */
export interface HelpLine {
  call: string;
  summary: string;
}

/** The help lines, from the one command definition. */
export function helpLines(command: string): HelpLine[] {
  return Object.entries(REDLINE_COMMAND.subcommands).map(([name, { usage, summary }]) => ({
    call: `/${command} ${typedWords(name as Subcommand, usage)}`.trimEnd(),
    summary,
  }));
}

/** A plain query needs no subcommand word: `/redline <question>`, `/redline brief [topic]`. */
function typedWords(name: Subcommand, rest: string): string {
  return name === 'ask' ? rest : `${name}${rest ? ` ${rest}` : ''}`;
}

// Made on first use: creating a segmenter loads ICU's break rules (every start would pay for them otherwise).
