import { hash, termsOf } from './text.js';

/**
 * A corpus's own vocabulary, from the optional `lexicon.yaml` in the corpus folder: groups of
 * words or phrases that mean the same in this team's documents ("CR" and "change request").
 */
export interface CorpusLexicon {
  synonyms: string[][];
}

export const EMPTY_LEXICON: CorpusLexicon = { synonyms: [] };

/** Checks a parsed lexicon file; throws a message naming what is wrong (the caller adds the file name). */
export function readCorpusLexicon(data: unknown): CorpusLexicon {
  if (data === null || data === undefined) return EMPTY_LEXICON;
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error('the lexicon must be a mapping with a "synonyms" list');
  const { synonyms = [], ...rest } = data as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new Error(`unknown key "${unknown[0]}" (the lexicon has "synonyms")`);
  if (!Array.isArray(synonyms)) throw new Error('"synonyms" must be a list of groups, e.g. - [cr, change request]');
  return {
    synonyms: synonyms.map((group, i) => {
      const words = typeof group === 'string' ? group.split(',') : group;
      if (!Array.isArray(words) || words.some((w) => typeof w !== 'string' && typeof w !== 'number'))
        throw new Error(`synonyms entry ${i + 1} must be a list of words or phrases`);
      const clean = words.map((w) => String(w).trim()).filter(Boolean);
      if (clean.length < 2) throw new Error(`synonyms entry ${i + 1} needs two words or more`);
      return clean;
    }),
  };
}

/**
 * The corpus lexicon's groups as index terms. A passage is indexed with the terms of its words'
 * synonyms as well (in a field weighted below its own words), so "Brussels" is found by "EU headquarters".
 */
export class Synonyms {
  /** Changes when the groups do: an index cached with other synonyms is rebuilt. */
  readonly version: string;
  private readonly map = new Map<string, Set<string>>();
  private readonly longest: number;

  constructor(lexicon: CorpusLexicon = EMPTY_LEXICON) {
    this.version = hash(JSON.stringify(lexicon.synonyms));
    for (const group of lexicon.synonyms) {
      const entries = group.map((entry) => termsOf(entry)).filter((terms) => terms.length);
      for (const entry of entries) {
        const key = entry.join(' ');
        const related = this.map.get(key) ?? new Set<string>();
        for (const other of entries) for (const term of other) if (!entry.includes(term)) related.add(term);
        this.map.set(key, related);
      }
    }
    this.longest = Math.max(0, ...[...this.map.keys()].map((k) => k.split(' ').length));
  }

  /** The synonym terms a passage with these terms is also found by, leaving out terms it already has. */
  expand(terms: string[]): string[] {
    if (!this.longest) return [];
    const own = new Set(terms);
    const extra = new Set<string>();
    for (let i = 0; i < terms.length; i++) {
      for (let n = 1; n <= this.longest && i + n <= terms.length; n++) {
        const related = this.map.get(terms.slice(i, i + n).join(' '));
        if (related) for (const term of related) if (!own.has(term)) extra.add(term);
      }
    }
    return [...extra];
  }

  /** Whether `term` is a synonym of any of `terms` (for bolding the words a synonym matched). */
  relatesTo(term: string, terms: ReadonlySet<string>): boolean {
    const related = this.map.get(term);
    if (related) for (const t of related) if (terms.has(t)) return true;
    return false;
  }
}
