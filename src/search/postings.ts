import { FIELDS, type Field } from './rank.js';

/** Field weights and BM25 parameters: what a posting's impact is computed with. */
export interface ImpactSettings {
  boost: Record<Field, number>;
  bm25: { k: number; b: number; d: number };
}

/** The postings as plain data: term ids, and per term a run of passages with impacts and fields. */
export interface PostingsData {
  /** Index terms, by id. */
  terms: string[];
  /** Term id → start of its run in `passages` (one more entry than terms). */
  offsets: Int32Array;
  /** Passage ids, ascending within a term's run. */
  passages: Int32Array;
  /** The term's BM25 score in that passage, summed over its fields at their boosts. */
  impacts: Float32Array;
  /** The fields holding the term in that passage, one bit each in `FIELDS` order. */
  fields: Uint8Array;
}

/** One run of postings. */
export interface Run {
  start: number;
  end: number;
}

const NO_RUN: Run = { start: 0, end: 0 };

/**
 * An inverted index in flat typed arrays: each term's passages, in corpus order, with its
 * precomputed BM25 score (the same formula and field lengths as MiniSearch's) and the fields
 * it occurs in. A query walks these arrays and allocates nothing per posting.
 */
export class Postings {
  readonly data: PostingsData;
  private readonly ids: Map<string, number>;
  private peaks: Float32Array | undefined;

  /** `ids` (term → id, as `data.terms` has them) when the caller has built it already, in slices. */
  constructor(data: PostingsData, ids?: Map<string, number>) {
    this.data = data;
    if (ids) this.ids = ids;
    else {
      this.ids = new Map();
      data.terms.forEach((term, id) => this.ids.set(term, id));
    }
  }

  /** A term's id, or -1 when the index lacks it. */
  id(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** The run of a term's postings (empty when the index lacks it). */
  run(term: string): Run {
    const id = this.ids.get(term);
    return id === undefined ? NO_RUN : { start: this.data.offsets[id]!, end: this.data.offsets[id + 1]! };
  }

  /** A term's highest impact in any passage: the most that word adds to a score (worked out for every term on first use). */
  peak(term: string): number {
    const id = this.ids.get(term);
    if (id === undefined) return 0;
    if (!this.peaks) {
      const { offsets, impacts } = this.data;
      this.peaks = new Float32Array(this.data.terms.length);
      for (let t = 0; t < this.peaks.length; t++) {
        let best = 0;
        for (let i = offsets[t]!; i < offsets[t + 1]!; i++) if (impacts[i]! > best) best = impacts[i]!;
        this.peaks[t] = best;
      }
    }
    return this.peaks[id]!;
  }

  /** How many passages hold a term in any field. */
  count(term: string): number {
    const { start, end } = this.run(term);
    return end - start;
  }

  /** The position of a passage in a run, or -1: a binary search, for looking up few passages in a long run. */
  find(run: Run, passage: number): number {
    const list = this.data.passages;
    let lo = run.start;
    let hi = run.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! < passage) lo = mid + 1;
      else hi = mid;
    }
    return lo < run.end && list[lo] === passage ? lo : -1;
  }
}

/** The field names a posting's bit mask stands for. */
export function fieldsOf(mask: number): Field[] {
  const out: Field[] = [];
  FIELDS.forEach((f, i) => {
    if (mask & (1 << i)) out.push(f);
  });
  return out;
}

/**
 * Builds postings one passage at a time. Per field it keeps MiniSearch's BM25 inputs: a term's
 * frequency, the field's length in distinct terms, the field's average length, and the number of
 * passages whose field holds the term (the idf is per field, over all passages).
 */
export class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private termOf = new Int32Array(1 << 16);
  private passageOf = new Int32Array(1 << 16);
  private fieldOf = new Uint8Array(1 << 16);
  private frequencyOf = new Uint16Array(1 << 16);
  private size = 0;
  private readonly lengths: number[][] = FIELDS.map(() => []);
  private passages = 0;

  /** Adds the next passage: each field's terms, in order, repeats included. */
  add(fields: Record<Field, readonly string[]>): void {
    const passage = this.passages++;
    FIELDS.forEach((field, f) => {
      const counts = new Map<number, number>();
      for (const term of fields[field]) {
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.terms.length;
          this.termIds.set(term, id);
          this.terms.push(term);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      this.lengths[f]!.push(counts.size);
      for (const [term, n] of counts) this.push(term, passage, f, n);
    });
  }

  private push(term: number, passage: number, field: number, frequency: number): void {
    if (this.size === this.termOf.length) {
      const grow = <T extends Int32Array | Uint8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.termOf = grow(this.termOf, (n) => new Int32Array(n));
      this.passageOf = grow(this.passageOf, (n) => new Int32Array(n));
      this.fieldOf = grow(this.fieldOf, (n) => new Uint8Array(n));
      this.frequencyOf = grow(this.frequencyOf, (n) => new Uint16Array(n));
    }
    this.termOf[this.size] = term;
    this.passageOf[this.size] = passage;
    this.fieldOf[this.size] = field;
    this.frequencyOf[this.size] = Math.min(frequency, 0xffff);
    this.size++;
  }

  /** The postings, with each posting's impact at these weights. */
  build(settings: ImpactSettings): Postings {
    return new Postings(this.data(settings), this.termIds);
  }

  private data({ boost, bm25: { k, b, d } }: ImpactSettings): PostingsData {
    const t = this.terms.length;
    const n = this.passages;
    const average = this.lengths.map((list) => (n ? list.reduce((a, v) => a + v, 0) / n : 0));
    // Passages per term and field (the idf's document frequency), then a counting sort by term.
    const perField = new Int32Array(t * FIELDS.length);
    const starts = new Int32Array(t + 1);
    const seen = new Int32Array(t).fill(-1);
    for (let i = 0; i < this.size; i++) {
      const term = this.termOf[i]!;
      perField[term * FIELDS.length + this.fieldOf[i]!]!++;
      if (seen[term] !== this.passageOf[i]) {
        seen[term] = this.passageOf[i]!;
        starts[term + 1]!++;
      }
    }
    for (let i = 0; i < t; i++) starts[i + 1]! += starts[i]!;
    const total = starts[t]!;
    const passages = new Int32Array(total);
    const impacts = new Float32Array(total);
    const fields = new Uint8Array(total);
    const next = starts.slice(0, t);
    seen.fill(-1);
    const at = new Int32Array(t);
    // Postings come passage by passage, so each term's run is already in passage order.
    for (let i = 0; i < this.size; i++) {
      const term = this.termOf[i]!;
      const passage = this.passageOf[i]!;
      const f = this.fieldOf[i]!;
      if (seen[term] !== passage) {
        seen[term] = passage;
        at[term] = next[term]!++;
        passages[at[term]!] = passage;
      }
      const df = perField[term * FIELDS.length + f]!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const tf = this.frequencyOf[i]!;
      const length = this.lengths[f]![passage]!;
      const score = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average[f]!)));
      impacts[at[term]!]! += boost[FIELDS[f]!] * score;
      fields[at[term]!]! |= 1 << f;
    }
    return { terms: this.terms, offsets: starts, passages, impacts, fields };
  }
}
