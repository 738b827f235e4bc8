import { Library, type LibraryOptions, type LibrarySnapshot } from '../../src/search/library.js';
import type { PostingsData } from '../../src/search/postings.js';
import { corpusIndexOf } from '../../src/service/corpus-index.js';
import { prepareSummary } from '../../src/answer/summary.js';
import type { Document, Passage } from '../../src/types.js';
import { withCorpusChannels, type CorpusReport, type LoadedCorpus } from './index.js';

// A loaded corpus crosses from the corpus worker to the serving thread in slices, one slice per
// turn of the serving thread's event loop (it asks for the next when it has taken one in), so no
// single message takes long to receive: a 50 MB document arrives as a few hundred small ones.
// What the serving thread keeps must not be millions of small copied objects: its young
// generation copies every one that survives, in pauses that held replies up. So text comes as a
// few large strings (allocated outside the young generation) that paragraphs and passages are
// slices of, passages come as columns of numbers, and the postings' arrays are handed over whole.

const PARAGRAPH_CHARS = 256 * 1024;
const PASSAGES = 1000;
const ENTRIES = 4000;
/** Numbers per passage in a passages slice: document, section, paragraph, part, order, start, end, page (0: none), id length, sentences. */
const COLUMNS = 10;
/** Keys of a passage that `chunkDocument` made: anything else goes whole. */
const PASSAGE_KEYS = 12;

/** Between two slices of restoring: the requests waiting are answered. */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

type Table = 'terms' | 'vocabulary' | 'spelling';

/** One slice of a loaded corpus. */
export type CorpusSlice =
  | { type: 'document'; document: Document }
  | { type: 'paragraphs'; document: number; section: number; text: string; lengths: Int32Array }
  | { type: 'passages'; columns: Int32Array; ids: string; sentences: Int32Array; whole: Array<[number, Passage]> }
  | { type: 'head'; version: string; passages: number; postings: Omit<PostingsData, 'terms'> }
  | { type: 'entries'; table: Table; entries: unknown[] }
  | { type: 'done'; report: CorpusReport; extras: Array<[string, string]>; loadedAt: string };

/** The slices of a loaded corpus, in the order `CorpusReceiver` takes them. */
export function* sliceCorpus({ index, report, extras }: LoadedCorpus): Generator<CorpusSlice> {
  const { library } = index;
  for (const [d, document] of library.documents.entries()) {
    yield { type: 'document', document: { ...document, sections: document.sections.map((s) => ({ ...s, paragraphs: [] })) } };
    for (const [s, section] of document.sections.entries()) {
      let batch: string[] = [];
      let size = 0;
      const flush = (): CorpusSlice => {
        const slice: CorpusSlice = {
          type: 'paragraphs',
          document: d,
          section: s,
          text: batch.join(''),
          lengths: Int32Array.from(batch, (p) => p.length),
        };
        batch = [];
        size = 0;
        return slice;
      };
      for (const paragraph of section.paragraphs) {
        batch.push(paragraph);
        size += paragraph.length;
        if (size >= PARAGRAPH_CHARS) yield flush();
      }
      if (batch.length) yield flush();
    }
  }
  const documentIndex = new Map(library.documents.map((d, i) => [d.id, i]));
  for (let i = 0; i < library.passages.length; i += PASSAGES)
    yield passageSlice(library.documents, documentIndex, library.passages.slice(i, i + PASSAGES));
  const snapshot = library.toSnapshot();
  const { terms, offsets, passages, impacts, fields } = snapshot.postings;
  // Copied here (the worker's library still writes the index cache), then handed over, not copied again.
  yield {
    type: 'head',
    version: snapshot.version,
    passages: snapshot.passages,
    postings: { offsets: offsets.slice(), passages: passages.slice(), impacts: impacts.slice(), fields: fields.slice() },
  };
  const tables: Array<[Table, unknown[]]> = [
    ['terms', terms],
    ['vocabulary', snapshot.vocabulary],
    ['spelling', snapshot.spelling],
  ];
  for (const [table, entries] of tables)
    for (let i = 0; i < entries.length; i += ENTRIES) yield { type: 'entries', table, entries: entries.slice(i, i + ENTRIES) };
  yield { type: 'done', report, extras: [...extras], loadedAt: index.loadedAt };
}

/** Passages as columns; one that is not its paragraph's text at its offsets, as `chunkDocument` makes them, goes whole. */
function passageSlice(documents: readonly Document[], documentIndex: Map<string, number>, passages: Passage[]): CorpusSlice {
  const columns = new Int32Array(passages.length * COLUMNS);
  const ids: string[] = [];
  const sentences: number[] = [];
  const whole: Array<[number, Passage]> = [];
  passages.forEach((p, i) => {
    const d = documentIndex.get(p.documentId);
    const section = d === undefined ? undefined : documents[d]!.sections[p.sectionIndex];
    const plain =
      section !== undefined &&
      section.title === p.section &&
      section.slug === p.sectionSlug &&
      section.paragraphs[p.paragraph - 1]?.slice(p.start, p.end) === p.text &&
      Object.keys(p).length === PASSAGE_KEYS + (p.page === undefined ? 0 : 1) &&
      (p.page === undefined || (Number.isInteger(p.page) && p.page > 0));
    if (!plain) {
      columns[i * COLUMNS] = -1;
      whole.push([i, p]);
      return;
    }
    columns.set(
      [d!, p.sectionIndex, p.paragraph, p.part, p.order, p.start, p.end, p.page ?? 0, p.id.length, p.sentences.length],
      i * COLUMNS,
    );
    ids.push(p.id);
    for (const [start, end] of p.sentences) sentences.push(start, end);
  });
  return { type: 'passages', columns, ids: ids.join(''), sentences: Int32Array.from(sentences), whole };
}

/** The buffers a slice hands over instead of having them copied (each made for the slice). */
export function transferOf(slice: CorpusSlice): ArrayBuffer[] {
  const arrays =
    slice.type === 'head'
      ? Object.values(slice.postings)
      : slice.type === 'paragraphs'
        ? [slice.lengths]
        : slice.type === 'passages'
          ? [slice.columns, slice.sentences]
          : [];
  return arrays.map((a) => a.buffer as ArrayBuffer);
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
      case 'paragraphs': {
        const paragraphs = this.documents[slice.document]!.sections[slice.section]!.paragraphs;
        let at = 0;
        for (const length of slice.lengths) paragraphs.push(slice.text.slice(at, (at += length)));
        break;
      }
      case 'passages':
        this.acceptPassages(slice);
        break;
      case 'head':
        this.head = slice;
        this.postings = slice.postings;
        break;
      case 'entries':
        for (const entry of slice.entries) this.lists[slice.table].push(entry);
        break;
      case 'done':
        this.done = slice;
    }
    return this.done !== undefined;
  }

  /** Passages rebuilt from their columns: text and id are slices of strings already here, the section's names its own. */
  private acceptPassages({ columns, ids, sentences, whole }: Extract<CorpusSlice, { type: 'passages' }>): void {
    let id = 0;
    let sentence = 0;
    let next = 0;
    for (let c = 0; c < columns.length; c += COLUMNS) {
      if (columns[c] === -1) {
        this.passages.push(whole[next++]![1]);
        continue;
      }
      const document = this.documents[columns[c]!]!;
      const sectionIndex = columns[c + 1]!;
      const section = document.sections[sectionIndex]!;
      const paragraph = columns[c + 2]!;
      const start = columns[c + 5]!;
      const end = columns[c + 6]!;
      // One literal with a nested one: it gets an allocation site, which V8 can switch to the old
      // generation when nearly all survive (pretenuring), sparing the young generation's copying.
      const passage: Passage = {
        id: ids.slice(id, (id += columns[c + 8]!)),
        documentId: document.id,
        section: section.title,
        sectionSlug: section.slug,
        sectionIndex,
        paragraph,
        part: columns[c + 3]!,
        order: columns[c + 4]!,
        text: section.paragraphs[paragraph - 1]!.slice(start, end),
        start,
        end,
        sentences: [],
      };
      for (let k = columns[c + 9]!; k > 0; k--, sentence += 2) passage.sentences.push([sentences[sentence]!, sentences[sentence + 1]!]);
      if (columns[c + 7]) passage.page = columns[c + 7]!;
      this.passages.push(passage);
    }
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
    return {
      index: withCorpusChannels(
        corpusIndexOf(library, () => loadedAt),
        extras,
        undefined,
        this.done.report.skipped.map((s) => s.file),
      ),
      report: this.done.report,
      extras,
    };
  }
}
