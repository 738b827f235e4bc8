import { LEAD_SECTION_SLUG } from '../corpus/convert.js';
import type { Document } from '../types.js';
import type { DocScope } from './options.js';

export interface SectionTitle {
  documentId: string;
  title: string;
  /** Lowercased, for matching what is typed. */
  folded: string;
}

/**
 * The titles of the corpus's sections, worked out on first use: each distinct title once, in corpus
 * order (a corpus of thousands of articles filed under a few section names offers each name once,
 * and reading them costs as many titles as there are distinct), and each document's own.
 */
export class SectionTitles {
  private distinct: SectionTitle[] | undefined;
  private readonly byDocument = new Map<string, SectionTitle[]>();

  /** `position` orders documents as the corpus does (see `Library.position`). */
  constructor(
    private readonly documents: readonly Document[],
    private readonly position: (documentId: string) => number,
  ) {}

  /** The titles of the whole corpus, or of the documents in `doc` (each of a scope's read on its own), each once. */
  of(doc?: DocScope): readonly SectionTitle[] {
    const distinct = this.read();
    if (doc === undefined) return distinct;
    // A channel of two documents does not walk every title.
    const ids = typeof doc === 'string' ? [doc] : [...doc].sort((a, b) => this.position(a) - this.position(b));
    const seen = new Set<string>();
    return ids.flatMap((id) => this.byDocument.get(id) ?? []).filter((t) => !seen.has(t.folded) && Boolean(seen.add(t.folded)));
  }

  private read(): SectionTitle[] {
    if (this.distinct) return this.distinct;
    const distinct: SectionTitle[] = [];
    const seen = new Set<string>();
    for (const d of this.documents)
      for (const s of d.sections) {
        if (s.slug === LEAD_SECTION_SLUG) continue;
        const title = { documentId: d.id, title: s.title, folded: s.title.toLowerCase() };
        const list = this.byDocument.get(d.id);
        if (list) list.push(title);
        else this.byDocument.set(d.id, [title]);
        if (!seen.has(title.folded)) seen.add(title.folded), distinct.push(title);
      }
    return (this.distinct = distinct);
  }
}
