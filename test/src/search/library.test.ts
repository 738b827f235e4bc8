import { beforeAll, describe, expect, it } from 'vitest';
import { englishLexicon } from '../../../app/corpus/english.js';
import { Library } from '../../../src/search/library.js';
import { termOf, termsOf } from '../../../src/search/text.js';
import { readCorpusFiles } from '../../../app/corpus/files.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { CORPUS_DIR, FIXTURES_DIR, loadShippedDocuments, shippedLibraryOptions } from '../../support/helpers.js';

let library: Library;
beforeAll(async () => {
  library = new Library(await loadShippedDocuments(), await shippedLibraryOptions());
});

const top = (q: string) => library.search(q).hits[0]?.passage;

describe('Library', () => {
  describe('search', () => {
    it('answers a section name with that section’s lead passage', () => {
      expect(top('nato')!.id).toBe('red-line-russia-us#nato-s-expansion-to-the-east/1');
      expect(top('visa')!.id).toBe('red-line-russia-us#visa-negotiations-deadlock/1');
    });

    it('returns hits best first with the document’s citation', () => {
      const { hits, total } = library.search('sanctions ukraine', { limit: 5 });
      expect(total).toBeGreaterThanOrEqual(hits.length);
      expect(hits[0]!.passage.text).toContain('threatened to impose unprecedented sanctions');
      expect(hits[0]!.document).toEqual({
        id: 'red-line-russia-us',
        title: "'Red line' challenges in Russia-US relations",
        source: 'vov.vn',
        publisher: 'Nghe An Newspaper',
        language: 'en',
        format: 'md',
      });
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    });

    it('answers however it is asked: chat filler, politeness and question words do not sink an answer', () => {
      const lead = top('nato')!.id;
      for (const q of ['nato pls', 'summary of nato', 'hey what about nato', 'can you tell me about nato?', 'NATO, thanks!'])
        expect(top(q)?.id, q).toBe(lead);
      expect(top('info on nato expansion')!.text).toMatch(/expan/);
    });

    it('finds a passage through other forms and synonyms of its words (WordNet)', () => {
      expect(top('russian troops on the ukrainian border')!.text).toContain("Russia's large concentration of troops");
      expect(library.read('america').terms[0]!.alternatives.has('usa')).toBe(true);
      expect(top('expelled diplomats')!.text).toContain('expulsion of 27 Russian diplomats');
      expect(top('banning missiles')).toBeDefined();
    });

    it('finds misspelt words, transpositions included, and short misspelt names', () => {
      expect(top('putn')!.text).toContain('Putin');
      // "minks" is a (rare) English word, read as a slip for the corpus's name "Minsk"; "lunch" (common) never is.
      expect(top('minks agreement')!.text).toContain('Minsk agreements');
      expect(top('zakarova')!.text).toContain('Zakharova');
      expect(top('afganistan')!.text).toContain('Afghanistan');
      expect(top('nord steam')!.text).toContain('Nord Stream');
      expect(top('ukriane nato')!.text).toMatch(/Ukraine/);
    });

    it('never corrects an English word into another ("lunch" is not "launch")', () => {
      expect(library.search('lunch').hits).toEqual([]);
      expect(library.read('lunch').terms[0]!.alternatives.size).toBe(0);
    });

    it('does not let a fuzzy match outrank an exact one', () => {
      // "stages" is a corpus word one letter from "states" (also a corpus word): only exact matches answer.
      const { hits } = library.search('stages', { limit: 20 });
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(hit.passage.text).toContain('stages');
    });

    it('answers nothing, with suggestions, when the corpus does not treat the query', () => {
      for (const q of [
        'bitcoin',
        'world cup football',
        'climate change',
        'covid vaccine',
        'the',
        "putin's wife",
        'lunch',
        'nato summit in madrid',
      ]) {
        const outcome = library.search(q);
        expect(outcome.hits, q).toEqual([]);
        expect(outcome.total).toBe(0);
        expect(outcome.suggestions.length, q).toBeGreaterThan(0);
      }
    });

    it('suggests corpus words close to a misspelling it cannot place', () => {
      expect(library.search('zakarova bitcoin mining').suggestions).toContain('Zakharova');
      expect(library.search('zzzz').suggestions).toContain('Visa negotiations deadlock');
    });

    it('returns matched words as spans of the passage text', () => {
      const hit = library.search('Geneva summit').hits[0]!;
      const words = hit.highlights.map(([s, e]) => hit.passage.text.slice(s, e).toLowerCase());
      expect(words).toContain('geneva');
      expect(words).toContain('summit');
    });

    it('pages through the ranked hits', () => {
      const first = library.search('nato', { limit: 2 });
      const second = library.search('nato', { limit: 2, offset: 2 });
      expect(second.total).toBe(first.total);
      expect(second.hits.map((h) => h.passage.id)).not.toContain(first.hits[0]!.passage.id);
    });

    it('keeps the same best k whether it ranks everything or only the top', () => {
      for (const q of ['russia', 'nato ukraine', 'the us and russia']) {
        const all = library.rank(q).map((r) => r.passage.id);
        expect(library.rank(q, undefined, 3).map((r) => r.passage.id)).toEqual(all.slice(0, 3));
      }
    });

    it('reads a passage id as words, not as a lookup (Request.passage is the lookup)', () => {
      expect(library.search('red-line-russia-us#unpredictable-outlook/2').hits.map((h) => h.passage.id)).not.toEqual([
        'red-line-russia-us#unpredictable-outlook/2',
      ]);
    });

    it('restricts to one document', () => {
      const docs = loadCorpus([
        { file: 'a.md', content: '---\nid: a\ntitle: A\nsource: s\n---\n\nNATO talks in Brussels.' },
        { file: 'b.md', content: '---\nid: b\ntitle: B\nsource: s\n---\n\nNATO summit in Vilnius.' },
      ]);
      const two = new Library(docs, { english: englishLexicon() });
      expect(two.search('nato').total).toBe(2);
      expect(two.search('nato', { doc: 'b' }).hits.map((h) => h.passage.documentId)).toEqual(['b']);
    });
  });

  describe('highlightIn', () => {
    it('bolds within a sentence what highlighting the sentence on its own would, from the passage tokens', async () => {
      const docs = loadCorpus([...(await readCorpusFiles(CORPUS_DIR)), ...(await readCorpusFiles(FIXTURES_DIR))]);
      const both = new Library(docs, await shippedLibraryOptions());
      let compared = 0;
      for (const passage of both.passages)
        for (const span of passage.sentences) {
          const text = passage.text.slice(span[0], span[1]);
          const terms = new Set(termsOf(text));
          // Every word of the sentence, and half of them: what matched and what did not.
          for (const asked of [terms, new Set([...terms].filter((_, i) => i % 2 === 0))]) {
            expect(both.highlightIn(passage, span, asked), text).toEqual(both.highlight(text, asked));
            compared++;
          }
        }
      expect(compared).toBeGreaterThan(100);
    });
  });

  describe('complete', () => {
    it('offers section titles and passages for what has been typed, within the limit', () => {
      const choices = library.complete('nat', 25);
      expect(choices[0]).toEqual({ label: "NATO's expansion to the East", value: "NATO's expansion to the East" });
      expect(choices.some((c) => c.value.startsWith('red-line-russia-us#'))).toBe(true);
      expect(library.complete('', 3)).toHaveLength(3);
    });

    it('offers a section title many documents share once, first in corpus order, within a scope too', () => {
      const docs = loadCorpus(
        ['a', 'b', 'c'].map((id) => ({
          file: `${id}.md`,
          content: `---\nid: ${id}\ntitle: Paper ${id}\nsource: s\n---\n\n## Sports\n\nThe ${id} team played sport.\n\n## ${id === 'c' ? 'Sporting life' : 'Politics'}\n\nVotes were cast.`,
        })),
      );
      const shared = new Library(docs);
      const titles = (choices: Array<{ label: string; value: string }>) =>
        choices.filter((c) => !c.value.includes('#')).map((c) => c.label);
      expect(titles(shared.complete('spo', 25))).toEqual(['Sports', 'Sporting life']);
      expect(titles(shared.complete('', 25))).toEqual(['Sports', 'Politics', 'Sporting life']);
      expect(titles(shared.complete('', 25, new Set(['c', 'b'])))).toEqual(['Sports', 'Politics', 'Sporting life']);
      expect(titles(shared.complete('', 25, 'c'))).toEqual(['Sports', 'Sporting life']);
      expect(shared.suggest('qwxzv')).toEqual(['Sports', 'Politics', 'Sporting life']);
    });

    it('reads the word being typed as a prefix from three letters; a shorter fragment waits', () => {
      const passagesFor = (typed: string) =>
        library
          .complete(typed, 25)
          .filter((c) => c.value.includes('#'))
          .map((c) => c.label);
      const waiting = passagesFor('nato e');
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting).toEqual(passagesFor('nato '));
      // Three letters narrow the passages found by the words before them.
      const prefixed = passagesFor('visa neg');
      expect(prefixed.length).toBeGreaterThan(0);
      expect(prefixed.every((label) => passagesFor('visa ').includes(label))).toBe(true);
    });
  });
});

describe('Library on documents it was not written for', () => {
  const docs = loadCorpus([
    {
      file: 'a.md',
      content:
        '---\nid: a\ntitle: Northmen\nsource: s\n---\n\nThe Wars of Religion were religious wars in the north.\n\nThe northmen gave up the old religion for Catholicism.\n\nThe northmen settled in a region of France.',
    },
  ]);
  const small = new Library(docs, { english: englishLexicon() });

  it('answers "what NOUN" with the passage naming a kind of it (WordNet: Catholicism is a religion)', () => {
    expect(small.read('What religion were the northmen?').kinds?.has(termOf('catholicism')!)).toBe(true);
    expect(small.search('What religion were the northmen?').hits[0]!.passage.text).toContain('Catholicism');
    expect(small.search('In what country did the northmen settle?').hits[0]!.passage.text).toContain('France');
  });

  it('counts a query word once, however many of its forms a passage holds', () => {
    const twoForms = new Library(
      loadCorpus([
        { file: 'b.md', content: '---\nid: b\ntitle: B\nsource: s\n---\n\nReligion and religious stones.\n\nReligion and granite stones.' },
      ]),
      { english: englishLexicon() },
    );
    const [first, second] = twoForms.rank('religion');
    // Summing the word's forms would put the passage saying both "religion" and "religious" ahead.
    expect(first!.score).toBe(second!.score);
    expect(first!.terms).toContain(termOf('religious'));
  });
});

describe('Library without general English', () => {
  it('still answers a corpus word, and may read any word it lacks as a misspelling', async () => {
    const bare = new Library(await loadShippedDocuments());
    expect(bare.search('visa').hits[0]!.passage.text).toContain('visas');
    // Without a word list, any word the corpus lacks may be a misspelling of one it has.
    expect(bare.read('lunch').terms[0]!.reading).toBe('corrected');
  });
});
