import { corpusSummary } from '../answer/summary.js';
import { webUrl } from '../present/present.js';
import type { Library } from '../search/library.js';
import type { AnnouncedDocument, Post, PostButton } from './post.js';

/** Documents whose buttons an announcement carries (each gets two); a burst's later ones are announced without. */
export const ANNOUNCED_BUTTON_DOCUMENTS = 5;

/**
 * The announcement a channel gets for documents that entered the corpus: each document in its
 * scope (ids the corpus no longer has are left out) with its briefing, and buttons to ask about
 * it. A burst of documents is one announcement; undefined when none of them is in the scope.
 */
export function announcement(
  library: Library,
  documentIds: readonly string[],
  scope?: readonly string[],
): Extract<Post, { kind: 'announcement' }> | undefined {
  const summary = corpusSummary(library);
  const allowed = scope ? new Set(scope) : undefined;
  const documents: AnnouncedDocument[] = [];
  for (const id of [...new Set(documentIds)].sort((a, b) => library.position(a) - library.position(b))) {
    if (allowed && !allowed.has(id)) continue;
    const part = summary.ofDocument(id);
    if (!part) continue;
    const link = webUrl(part.document.url);
    documents.push({ document: part.document, items: part.leads, ...(link ? { link } : {}) });
  }
  if (!documents.length) return undefined;
  const several = documents.length > 1;
  const buttons: PostButton[] = documents.slice(0, ANNOUNCED_BUTTON_DOCUMENTS).flatMap(({ document }) => [
    { label: several ? `Sections: ${document.title}` : 'Sections', request: { command: 'topics', text: '', doc: document.id } },
    { label: several ? `Briefing: ${document.title}` : 'Full briefing', request: { command: 'brief', text: '', doc: document.id } },
  ]);
  return { kind: 'announcement', documents, buttons };
}
