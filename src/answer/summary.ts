import { keyText } from './brief.js';
import type { Library } from '../search/library.js';
import type { BriefItem, DocumentMeta, TopicSection } from '../types.js';

/** Document ids named in a usage message before "and N more". */
const IDS_SHOWN = 20;

/**
 * What answers need that depends only on the corpus: worked out once per library (one corpus
 * version), so `help`, `topics` and `brief` cost what they return, not a walk over every passage.
 */
export interface CorpusSummary {
  /** Every document's citation fields, in corpus order. */
  documents: DocumentMeta[];
  /** The document ids for a usage message (the first few, then how many more). */
  documentIds: string;
  /** Each document's sections that hold text, with how many passages each has. */
  topics: Array<{ document: DocumentMeta; sections: TopicSection[] }>;
  /** The lead passage of every section (its key text), in corpus order: the briefing. */
  leads: BriefItem[];
  /** The same three, for one document (undefined when there is no such document). */
  ofDocument(id: string): { document: DocumentMeta; sections: TopicSection[]; leads: BriefItem[] } | undefined;
}

const summaries = new WeakMap<Library, CorpusSummary>();
/** Passages summarised between two pauses in `prepareSummary`. */
const SUMMARY_SLICE = 2000;

/** The library's summary: computed on first use, then kept as long as the library is (a new corpus version is a new library). */
export function corpusSummary(library: Library): CorpusSummary {
  let summary = summaries.get(library);
  if (!summary) {
    const steps = summarize(library);
    let step = steps.next();
    while (!step.done) step = steps.next();
    summary = step.value;
    summaries.set(library, summary);
  }
  return summary;
}

/**
 * Works out the library's summary ahead of its first use, with a `pause` every few thousand
 * passages: a corpus swapped in while serving is summarised before its first request (in one go,
 * on a large corpus, that request would wait for it).
 */
export async function prepareSummary(library: Library, pause: () => Promise<void>): Promise<void> {
  if (summaries.has(library)) return;
  const steps = summarize(library);
  let step = steps.next();
  while (!step.done) {
    await pause();
    step = steps.next();
  }
  summaries.set(library, step.value);
}

/** The summary, yielding every `SUMMARY_SLICE` passages. */
function* summarize(library: Library): Generator<void, CorpusSummary> {
  const byDocument = new Map<string, { document: DocumentMeta; sections: TopicSection[]; leads: BriefItem[] }>();
  for (const d of library.documents) {
    const document = library.documentMeta(d.id)!;
    byDocument.set(d.id, {
      document,
      sections: d.sections.filter((s) => s.paragraphs.length).map((s) => ({ title: s.title, slug: s.slug, passages: 0 })),
      leads: [],
    });
  }
  // One pass over the passages: count each section's, and keep each section's first as its lead.
  const sections = new Map<string, TopicSection>();
  for (const [id, entry] of byDocument) for (const section of entry.sections) sections.set(`${id}#${section.slug}`, section);
  const led = new Set<string>();
  let seen = 0;
  for (const passage of library.passages) {
    if (++seen % SUMMARY_SLICE === 0) yield;
    const entry = byDocument.get(passage.documentId);
    if (!entry) continue;
    const key = `${passage.documentId}#${passage.sectionSlug}`;
    const section = sections.get(key);
    if (section) section.passages++;
    if (led.has(key)) continue;
    led.add(key);
    entry.leads.push({ passage, document: entry.document, text: keyText(passage), highlights: [] });
  }
  const entries = [...byDocument.values()];
  const ids = library.documents.map((d) => d.id);
  const more = ids.length - IDS_SHOWN;
  // Frozen: every answer shares these lists, so no renderer may reorder or trim them in place.
  for (const entry of entries) Object.freeze(entry.sections), Object.freeze(entry.leads);
  return {
    documents: Object.freeze(entries.map((e) => e.document)) as DocumentMeta[],
    documentIds: more > 0 ? `${ids.slice(0, IDS_SHOWN).join(', ')} and ${more} more (see topics)` : ids.join(', '),
    topics: Object.freeze(entries.map(({ document, sections }) => ({ document, sections }))) as CorpusSummary['topics'],
    leads: Object.freeze(entries.flatMap((e) => e.leads)) as BriefItem[],
    ofDocument: (id) => byDocument.get(id),
  };
}
