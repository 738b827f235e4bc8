import SearchableMap from 'minisearch/SearchableMap';
import { LEAD_SECTION_SLUG } from '../corpus/convert.js';
import type { Document, Passage } from '../types.js';
import type { LibrarySnapshot, Settings } from './options.js';
import { Postings, PostingsBuilder } from './postings.js';
import type { Synonyms } from './synonyms.js';
import { analyze, type Token } from './text.js';

/** Parts of a library made elsewhere (`Library.restore`): its passages and its index's tables, loaded in slices. */
export interface RestoredParts {
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

/** The tables of a snapshot's library, each filled in slices with a `pause` between them. */
export async function restoreParts(passages: Passage[], snapshot: LibrarySnapshot, pause: () => Promise<void>): Promise<RestoredParts> {
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
  return { passages, byId, runs, postings, documentFrequency, spelling, vocabulary };
}

/** Files passage `i` under its id and in its document's run. */
export function placePassage(
  passages: readonly Passage[],
  i: number,
  byId: Map<string, number>,
  runs: Map<string, [number, number]>,
): void {
  const p = passages[i]!;
  byId.set(p.id, i);
  const run = runs.get(p.documentId);
  if (run) run[1] = i + 1;
  else runs.set(p.documentId, [i, i + 1]);
}

/**
 * A library's tables built from its passages: each passage analysed once (its tokens dropped
 * once indexed), the postings, each term's number of passages whose own words hold it (0:
 * synonyms only), and each term as first written.
 */
export function buildParts(
  documents: readonly Document[],
  passages: readonly Passage[],
  synonyms: Synonyms,
  options: Settings,
): Pick<RestoredParts, 'postings' | 'documentFrequency' | 'spelling'> {
  const documentFrequency = new Map<string, number>();
  const spelling = new Map<string, string>();
  const titles = new Map(documents.map((d) => [d.id, termList(analyze(d.title))]));
  const builder = new PostingsBuilder();
  for (const p of passages) {
    // The text before a document's first heading has no title of its own to search.
    const section = p.sectionSlug === LEAD_SECTION_SLUG ? [] : analyze(p.section);
    const text = analyze(p.text);
    const sectionTerms = termList(section);
    const textTerms = termList(text);
    const related = synonyms.expand([...sectionTerms, ...textTerms]);
    builder.add({ title: titles.get(p.documentId)!, section: sectionTerms, text: textTerms, related });
    const seen = new Set<string>();
    for (const [field, list] of [
      [p.section, section],
      [p.text, text],
    ] as const) {
      for (const token of list) {
        if (!token.term) continue;
        seen.add(token.term);
        if (!spelling.has(token.term)) spelling.set(token.term, field.slice(token.start, token.end));
      }
    }
    for (const term of seen) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    for (const term of related) if (!documentFrequency.has(term)) documentFrequency.set(term, 0);
  }
  return { postings: builder.build(options), documentFrequency, spelling };
}

function termList(tokens: Token[]): string[] {
  const terms: string[] = [];
  for (const t of tokens) if (t.term) terms.push(t.term);
  return terms;
}
