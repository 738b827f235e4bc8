import type { DocScope, Library } from '../search/library.js';
import type { BriefItem, Passage } from '../types.js';

/** How long a section's key text may be before the second sentence is left out. */
const KEY_TEXT_CHARS = 320;

/**
 * The key text of a section: its lead (first passage), first sentence, plus the second when the
 * first is short. News sections put their point first (the inverted pyramid), so the lead is it.
 */
export function keyText(passage: Passage): string {
  const [first, second] = passage.sentences;
  if (!first) return passage.text;
  const end = second && second[1] - first[0] <= KEY_TEXT_CHARS && first[1] - first[0] < 160 ? second[1] : first[1];
  return passage.text.slice(first[0], end);
}

/** The best `count` passages on a topic, in document order. */
export function briefTopic(library: Library, topic: string, doc?: DocScope, count = 3): BriefItem[] {
  return library
    .search(topic, { doc, limit: count })
    .hits.sort((a, b) => a.passage.documentId.localeCompare(b.passage.documentId) || a.passage.order - b.passage.order)
    .map((hit) => ({ passage: hit.passage, document: hit.document, text: hit.passage.text, highlights: hit.highlights }));
}
