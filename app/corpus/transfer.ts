import { Library, type LibraryOptions, type LibrarySnapshot } from '../../src/search/library.js';
import type { PostingsData } from '../../src/search/postings.js';
import { corpusIndexOf } from '../../src/service/corpus-index.js';
import { prepareSummary } from '../../src/answer/summary.js';
import type { Document, Passage } from '../../src/types.js';
import { withCorpusChannels, type CorpusReport, type LoadedCorpus } from './index.js';

// A loaded corpus crosses from the corpus worker to the serving thread in slices, one slice per
// turn of the serving thread's event loop (it asks for the next when it has taken one in), so no
// single message takes long to receive: a 50 MB document arrives as a few thousand small ones.

const PARAGRAPH_CHARS = 256 * 1024;
const PASSAGES = 400;
const ENTRIES = 4000;
/** Postings per slice: its arrays are handed over, not copied (`transferOf`), and written into place on arrival (under a millisecond). */
export const POSTINGS = 1 << 16;

/** Between two slices of restoring: the requests waiting are answered. */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

type Table = 'terms' | 'vocabulary' | 'spelling';

/** One slice of a loaded corpus. */
export type CorpusSlice =
  | { type: 'document'; document: Document }
  | { type: 'paragraphs'; document: number; section: number; paragraphs: string[] }
  | { type: 'passages'; passages: Passage[] }
  | { type: 'head'; version: string; passages: number; offsets: Int32Array; postings: number }
  | { type: 'entries'; table: Table; entries: unknown[] }
  | { type: 'postings'; start: number; passages: Int32Array; impacts: Float32Array; fields: Uint8Array }
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
  const { terms, offsets, passages, impacts, fields } = snapshot.postings;
  yield { type: 'head', version: snapshot.version, passages: snapshot.passages, offsets, postings: passages.length };
  const tables: Array<[Table, unknown[]]> = [
    ['terms', terms],
    ['vocabulary', snapshot.vocabulary],
    ['spelling', snapshot.spelling],
  ];
  for (const [table, entries] of tables) for (let i = 0; i < entries.length; i += ENTRIES) yield { type: 'entries', table, entries: entries.slice(i, i + ENTRIES) };
  for (let start = 0; start < passages.length; start += POSTINGS) {
    const end = Math.min(passages.length, start + POSTINGS);
    yield { type: 'postings', start, passages: passages.slice(start, end), impacts: impacts.slice(start, end), fields: fields.slice(start, end) };
  }
  yield { type: 'done', report, extras: [...extras], loadedAt: index.loadedAt };
}

/** The buffers a slice can hand over instead of having them copied: a postings slice's own arrays (made for it). */
export function transferOf(slice: CorpusSlice): ArrayBuffer[] {
  return slice.type === 'postings' ? [slice.passages.buffer as ArrayBuffer, slice.impacts.buffer as ArrayBuffer, slice.fields.buffer as ArrayBuffer] : [];
}

/** Puts the slices back together on the serving thread; `finish` restores the library without a long pause. */
export class CorpusReceiver {
  private readonly documents: Document[] = [];
  private readonly passages: Passage[] = [];
  private head: Extract<CorpusSlice, { type: 'head' }> | undefined;
  private readonly lists: Record<Table, unknown[]> = { terms: [], vocabulary: [], spelling: [] };
  private postings: Omit<PostingsData, 'terms'> | undefined;
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
        this.postings = { offsets: slice.offsets, passages: new Int32Array(slice.postings), impacts: new Float32Array(slice.postings), fields: new Uint8Array(slice.postings) };
        break;
      case 'entries':
        for (const entry of slice.entries) this.lists[slice.table].push(entry);
        break;
      case 'postings': {
        const target = this.postings;
        if (!target) throw new Error('corpus worker: postings came before the head');
        target.passages.set(slice.passages, slice.start);
        target.impacts.set(slice.impacts, slice.start);
        target.fields.set(slice.fields, slice.start);
        break;
      }
      case 'done':
        this.done = slice;
    }
    return this.done !== undefined;
  }

  /** The corpus, restored with the library options it was built with (the lexicon must match). */
  async finish(options: (extras: Map<string, string>) => LibraryOptions): Promise<LoadedCorpus> {
    if (!this.done || !this.head || !this.postings) throw new Error('corpus worker: the corpus did not arrive whole');
    const snapshot: LibrarySnapshot = {
      version: this.head.version,
      passages: this.head.passages,
      postings: { ...this.postings, terms: this.lists.terms as string[] },
      vocabulary: this.lists.vocabulary as Array<[string, number]>,
      spelling: this.lists.spelling as Array<[string, string]>,
    };
    const extras = new Map(this.done.extras);
    const library = await Library.restore(this.documents, this.passages, snapshot, options(extras), pause);
    await prepareSummary(library, pause);
    const loadedAt = Date.parse(this.done.loadedAt);
    return { index: withCorpusChannels(corpusIndexOf(library, () => loadedAt), extras), report: this.done.report, extras };
  }
}
