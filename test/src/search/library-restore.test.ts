import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/search/library.js';
import type { Document, Passage } from '../../../src/types.js';

/** One document of `count` paragraphs, each with a few words of its own and a few shared. */
function document(count: number): Document {
  const words = (i: number) => Array.from({ length: 12 }, (_, k) => `w${(i * 7919 + k * 104729) % 5000}`).join(' ');
  return {
    id: 'large',
    title: 'Large',
    source: 'example.org',
    file: 'large.md',
    sections: [
      {
        title: 'Body',
        slug: 'body',
        paragraphs: Array.from({ length: count }, (_, i) => `Paragraph ${i} says ${words(i)}.`),
        captions: [],
      },
    ],
  };
}

describe('Library', () => {
  describe('restore', () => {
    it('fills its tables a slice at a time, pausing between slices, and answers as the library it was taken from', async () => {
      const built = new Library([document(5000)]);
      const snapshot = built.toSnapshot();
      // Reads of a passage by position are counted: between two pauses no more than a slice is read.
      let reads = 0;
      const passages = new Proxy(built.passages.slice(), {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      }) as Passage[];
      let pauses = 0;
      let most = 0;
      const restored = await Library.restore(built.documents, passages, snapshot, {}, async () => {
        pauses++;
        most = Math.max(most, reads);
        reads = 0;
      });
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(1000);
      const entries = snapshot.passages + snapshot.postings.terms.length + snapshot.vocabulary.length + snapshot.spelling.length;
      expect(pauses).toBeGreaterThanOrEqual(Math.floor(entries / 1000) - 4);
      for (const q of ['w17 w4000', 'paragraph 4321', 'w9 says', 'nothing here'])
        expect(restored.search(q, { limit: 5 })).toEqual(built.search(q, { limit: 5 }));
      expect(restored.passage(built.passages[4321]!.id)).toEqual(built.passages[4321]);
      expect(restored.passagesOf('large')).toHaveLength(5000);
      expect(restored.complete('w12', 5)).toEqual(built.complete('w12', 5));
    });

    it('refuses a snapshot of another corpus', async () => {
      const built = new Library([document(20)]);
      await expect(Library.restore(built.documents, built.passages.slice(1), built.toSnapshot(), {}, async () => {})).rejects.toThrow(
        'Library: snapshot was made by another pipeline version or corpus',
      );
    });
  });
});
