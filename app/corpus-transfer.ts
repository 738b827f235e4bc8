import type { AsPlainObject } from 'minisearch';
import { Library, type LibraryOptions, type LibrarySnapshot } from '../src/search/library.js';
import { corpusIndexOf } from '../src/service.js';
import type { Document, Passage } from '../src/types.js';
import { withCorpusChannels, type CorpusReport, type LoadedCorpus } from './start.js';

// A loaded corpus crosses from the corpus worker to the serving thread in slices, one slice per
// turn of the serving thread's event loop (it asks for the next when it has taken one in), so no
// single message takes long to receive: a 50 MB document arrives as a few thousand small ones.

const PARAGRAPH_CHARS = 256 * 1024;
const PASSAGES = 400;
const ENTRIES = 4000;
const POSTINGS = 2_000;

type Table = 'documentIds' | 'fieldLength' | 'storedFields' | 'vocabulary' | 'spelling';

/** One slice of a loaded corpus. */
export type CorpusSlice =
  | { type: 'document'; document: Document }
  | { type: 'paragraphs'; document: number; section: number; paragraphs: string[] }
  | { type: 'passages'; passages: Passage[] }
  | { type: 'head'; version: string; passages: number; index: Omit<AsPlainObject, 'index' | Table> }
  | { type: 'entries'; table: Table; entries: Array<[string, unknown]> }
  | { type: 'postings'; postings: Array<[term: string, field: string, documents: Int32Array, frequencies: Int32Array]> }
  | { type: 'done'; report: CorpusReport; extras: Array<[string, string]>; loadedAt: string };

/** The slices of a loaded corpus, in the order `CorpusReceiver` takes them. */
export function* sliceCorpus({ index, report, extras }: LoadedCorpus): Generator<CorpusSlice> {
  const { library } = index;
  for (const [d, document] of library.documents.entries()) {
    yield { type: 'document', document: { ...document, sections: document.sections.map((s) => ({ ...s, paragraphs: [] })) } };
    for (const [s, section] of document.sections.entries()) {
      let batch: string[] = [];
      let size = 0;
      for (const paragraph of section.paragraphs) {
        batch.push(paragraph);
        size += paragraph.length;
        if (size >= PARAGRAPH_CHARS) {
          yield { type: 'paragraphs', document: d, section: s, paragraphs: batch };
          batch = [];
          size = 0;
        }
      }
      if (batch.length) yield { type: 'paragraphs', document: d, section: s, paragraphs: batch };
    }
  }
  for (let i = 0; i < library.passages.length; i += PASSAGES) yield { type: 'passages', passages: library.passages.slice(i, i + PASSAGES) };
  const snapshot = library.toSnapshot();
  const { index: terms, documentIds, fieldLength, storedFields, ...head } = snapshot.index;
  yield { type: 'head', version: snapshot.version, passages: snapshot.passages, index: head };
  const tables: Array<[Table, Array<[string, unknown]>]> = [
    ['documentIds', Object.entries(documentIds)],
    ['fieldLength', Object.entries(fieldLength)],
    ['storedFields', Object.entries(storedFields)],
    ['vocabulary', snapshot.vocabulary],
    ['spelling', snapshot.spelling],
  ];
  for (const [table, entries] of tables) for (let i = 0; i < entries.length; i += ENTRIES) yield { type: 'entries', table, entries: entries.slice(i, i + ENTRIES) };
  let postings: Extract<CorpusSlice, { type: 'postings' }>['postings'] = [];
  let count = 0;
  for (const [term, fields] of terms) {
    for (const [field, frequencies] of Object.entries(fields as Record<string, Record<string, number>>)) {
      const pairs = Object.entries(frequencies);
      for (let i = 0; i < pairs.length; i += POSTINGS) {
        const part = pairs.slice(i, i + POSTINGS);
        postings.push([term, field, Int32Array.from(part, ([id]) => Number(id)), Int32Array.from(part, ([, n]) => n)]);
        count += part.length;
        if (count >= POSTINGS) {
          yield { type: 'postings', postings };
          postings = [];
          count = 0;
        }
      }
    }
  }
  if (postings.length) yield { type: 'postings', postings };
  yield { type: 'done', report, extras: [...extras], loadedAt: index.loadedAt };
}

/** Puts the slices back together on the serving thread; `finish` restores the library without a long pause. */
export class CorpusReceiver {
  private readonly documents: Document[] = [];
  private readonly passages: Passage[] = [];
  private head: Extract<CorpusSlice, { type: 'head' }> | undefined;
  // Objects filled as their entries arrive: building one of 100,000 keys at the end would be one long pause.
  private readonly objects: Record<'documentIds' | 'fieldLength' | 'storedFields', Record<string, unknown>> = { documentIds: {}, fieldLength: {}, storedFields: {} };
  private readonly lists: Record<'vocabulary' | 'spelling', Array<[string, unknown]>> = { vocabulary: [], spelling: [] };
  private readonly terms = new Map<string, Record<string, Record<number, number>>>();
  private done: Extract<CorpusSlice, { type: 'done' }> | undefined;

  /** Takes one slice; true once the last has come. */
  accept(slice: CorpusSlice): boolean {
    switch (slice.type) {
      case 'document':
        this.documents.push(slice.document);
        break;
      case 'paragraphs':
        this.documents[slice.document]!.sections[slice.section]!.paragraphs.push(...slice.paragraphs);
        break;
      case 'passages':
        for (const passage of slice.passages) this.passages.push(passage);
        break;
      case 'head':
        this.head = slice;
        break;
      case 'entries':
        if (slice.table === 'vocabulary' || slice.table === 'spelling') for (const entry of slice.entries) this.lists[slice.table].push(entry);
        else {
          const target = this.objects[slice.table];
          for (const [key, value] of slice.entries) target[key] = value;
        }
        break;
      case 'postings':
        for (const [term, field, ids, frequencies] of slice.postings) {
          let fields = this.terms.get(term);
          if (!fields) this.terms.set(term, (fields = {}));
          const target = (fields[field] ??= {});
          for (let i = 0; i < ids.length; i++) target[ids[i]!] = frequencies[i]!;
        }
        break;
      case 'done':
        this.done = slice;
    }
    return this.done !== undefined;
  }

  /** The corpus, restored with the library options it was built with (the lexicon must match). */
  async finish(options: (extras: Map<string, string>) => LibraryOptions): Promise<LoadedCorpus> {
    if (!this.done || !this.head) throw new Error('corpus worker: the corpus did not arrive whole');
    const { documentIds, fieldLength, storedFields } = this.objects;
    const { vocabulary, spelling } = this.lists;
    const snapshot: LibrarySnapshot = {
      version: this.head.version,
      passages: this.head.passages,
      index: {
        ...this.head.index,
        documentIds,
        fieldLength: fieldLength as AsPlainObject['fieldLength'],
        storedFields,
        index: [...this.terms],
      } as AsPlainObject,
      vocabulary: vocabulary as Array<[string, number]>,
      spelling: spelling as Array<[string, string]>,
    };
    const extras = new Map(this.done.extras);
    const library = await Library.restore(this.documents, this.passages, snapshot, options(extras));
    const loadedAt = Date.parse(this.done.loadedAt);
    return { index: withCorpusChannels(corpusIndexOf(library, () => loadedAt), extras), report: this.done.report, extras };
  }
}
