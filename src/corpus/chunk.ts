import type { Document, PageMark, Passage, Span } from '../types.js';
import { splitSentences } from './sentences.js';

export interface ChunkOptions {
  /** A paragraph longer than this is split at sentence boundaries. Default 800 (the most a passage may hold). */
  maxChars?: number;
}

/** The most characters a passage may hold (the `ask --json` contract allows 800). */
export const PASSAGE_HARD_LIMIT = 800;

const defaultChunkOptions: Required<ChunkOptions> = { maxChars: PASSAGE_HARD_LIMIT };

/** A paragraph this short without a closing full stop (a question or a title set on its own line) leads into the next. */
const LEAD_IN_MAX = 120;

/** Whether a paragraph is a lead-in: read with the paragraph after it, it says what that one answers. */
export function leadsIn(paragraph: string): boolean {
  const text = paragraph.trim();
  return text.length > 0 && text.length <= LEAD_IN_MAX && !/[.!]["'”’)\]]*$/.test(text);
}

/**
 * Turns a document into passages: a paragraph each, long paragraphs split at sentence boundaries.
 * A lead-in (a FAQ's question, a title the reader did not see as a heading) is joined to the
 * paragraph after it, so that the passage found for it holds the answer, not the question alone.
 */
export function chunkDocument(document: Document, options: ChunkOptions = {}): Passage[] {
  const { maxChars } = { ...defaultChunkOptions, ...options };
  const passages: Passage[] = [];
  document.sections.forEach((section, sectionIndex) => {
    let lead: { text: string; index: number } | undefined;
    section.paragraphs.forEach((own, p) => {
      if (p + 1 < section.paragraphs.length && leadsIn(own)) {
        lead = lead ? { text: `${lead.text}\n${own.trim()}`, index: lead.index } : { text: own.trim(), index: p };
        return;
      }
      const paragraph = lead ? `${lead.text}\n${own}` : own;
      const first = lead?.index ?? p;
      lead = undefined;
      const parts = splitParagraph(paragraph, Math.min(maxChars, PASSAGE_HARD_LIMIT));
      parts.forEach(([start, end], partIndex) => {
        const text = paragraph.slice(start, end);
        const number = first + 1;
        passages.push({
          id: `${document.id}#${section.slug}/${number}${parts.length > 1 ? `-${partIndex + 1}` : ''}`,
          documentId: document.id,
          section: section.title,
          sectionSlug: section.slug,
          sectionIndex,
          paragraph: number,
          part: partIndex + 1,
          order: passages.length,
          text,
          start,
          end,
          sentences: splitSentences(text),
          ...pageAt(section.pages?.[first], start),
        });
      });
    });
  });
  return passages;
}

/** Groups a paragraph's sentences into parts of at most `maxChars`; a longer sentence is cut between words. */
export function splitParagraph(paragraph: string, maxChars: number): Span[] {
  const trimmedEnd = paragraph.trimEnd().length;
  if (trimmedEnd <= maxChars) return [[skipLeading(paragraph), trimmedEnd]];
  const parts: Span[] = [];
  let current: Span | null = null;
  for (const sentence of splitSentences(paragraph).flatMap((s) => cutLong(paragraph, s, maxChars))) {
    if (current && sentence[1] - current[0] <= maxChars) current[1] = sentence[1];
    else {
      if (current) parts.push(current);
      current = [sentence[0], sentence[1]];
    }
  }
  if (current) parts.push(current);
  return parts;
}

function pageAt(marks: PageMark[] | undefined, offset: number): { page?: number } {
  let page: number | undefined;
  for (const [at, n] of marks ?? []) if (at <= offset) page = n;
  return page === undefined ? {} : { page };
}

function skipLeading(text: string): number {
  return text.length - text.trimStart().length;
}

function cutLong(text: string, [start, end]: Span, maxChars: number): Span[] {
  const spans: Span[] = [];
  while (end - start > maxChars) {
    let cut = text.lastIndexOf(' ', start + maxChars);
    if (cut <= start) cut = start + maxChars;
    spans.push([start, cut]);
    start = cut;
    while (start < end && text[start] === ' ') start++;
  }
  if (end > start) spans.push([start, end]);
  return spans;
}
