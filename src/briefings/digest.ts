import { corpusSummary } from '../answer/summary.js';
import { webUrl } from '../present/present.js';
import type { Library } from '../search/library.js';
import type { DigestDocument, Post } from './post.js';

/** Documents one digest lists; the rest are counted ("and N more"), so a busy week still fits a message. */
export const DIGEST_DOCUMENTS_MAX = 40;

/** A document that entered the corpus, and when (milliseconds since the epoch). */
export interface Arrival {
  documentId: string;
  at: number;
}

/**
 * The digest of what arrived in `(since, until]` within a channel's scope, grouped by document in
 * the order they arrived; undefined when nothing did (nothing new, nothing posted). A document the
 * corpus no longer has is left out.
 */
export function digest(
  library: Library,
  arrivals: readonly Arrival[],
  window: { since: number; until: number },
  scope?: readonly string[],
  max = DIGEST_DOCUMENTS_MAX,
): Extract<Post, { kind: 'digest' }> | undefined {
  const summary = corpusSummary(library);
  const allowed = scope ? new Set(scope) : undefined;
  const first = new Map<string, number>();
  for (const { documentId, at } of arrivals) {
    if (at <= window.since || at > window.until || (allowed && !allowed.has(documentId))) continue;
    if (!first.has(documentId) || first.get(documentId)! > at) first.set(documentId, at);
  }
  const documents: DigestDocument[] = [];
  for (const [id, at] of [...first].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))) {
    const part = summary.ofDocument(id);
    if (!part) continue;
    const link = webUrl(part.document.url);
    documents.push({
      document: part.document,
      arrivedAt: new Date(at).toISOString(),
      sections: part.sections.map((s) => s.title),
      passages: part.sections.reduce((n, s) => n + s.passages, 0),
      ...(link ? { link } : {}),
    });
  }
  if (!documents.length) return undefined;
  return {
    kind: 'digest',
    since: new Date(window.since).toISOString(),
    until: new Date(window.until).toISOString(),
    documents: documents.slice(0, max),
    more: Math.max(0, documents.length - max),
  };
}
