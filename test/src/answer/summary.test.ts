import { describe, expect, it } from 'vitest';
import { readCorpusFiles } from '../../../app/corpus/files.js';
import { keyText } from '../../../src/answer/brief.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { Library } from '../../../src/search/library.js';
import { corpusSummary, prepareSummary } from '../../../src/answer/summary.js';
import type { Document } from '../../../src/types.js';
import { CORPUS_DIR, FIXTURES_DIR } from '../../support/helpers.js';

const documents = loadCorpus([...(await readCorpusFiles(CORPUS_DIR)), ...(await readCorpusFiles(FIXTURES_DIR))]);

/** A document of `sections` sections, each of `paragraphs` short paragraphs. */
function generated(id: string, sections: number, paragraphs: number): Document {
  return {
    id,
    title: `Document ${id}`,
    source: 'example.org',
    file: `${id}.md`,
    sections: Array.from({ length: sections }, (_, s) => ({
      title: `Part ${s + 1}`,
      slug: `part-${s + 1}`,
      paragraphs: Array.from({ length: paragraphs }, (_, p) => `Paragraph ${p + 1} of part ${s + 1} in ${id} says something plain.`),
      captions: [],
    })),
  };
}

describe('corpusSummary', () => {
  it('counts each section’s passages and names every document, as a walk over all passages would', () => {
    const library = new Library(documents);
    const summary = corpusSummary(library);
    expect(summary.documents.map((d) => d.id)).toEqual(documents.map((d) => d.id));
    expect(summary.documents[0]).toEqual(library.documentMeta(documents[0]!.id));
    const model = documents.map((d) => ({
      document: library.documentMeta(d.id),
      sections: d.sections
        .filter((s) => s.paragraphs.length)
        .map((s) => ({
          title: s.title,
          slug: s.slug,
          passages: library.passages.filter((p) => p.documentId === d.id && p.sectionSlug === s.slug).length,
        })),
    }));
    expect(summary.topics).toEqual(model);
    expect(summary.topics.flatMap((t) => t.sections).reduce((n, s) => n + s.passages, 0)).toBe(library.passages.length);
  });

  it('leads the briefing with each section’s first passage, in corpus order, per document too', () => {
    const library = new Library(documents);
    const summary = corpusSummary(library);
    const seen = new Set<string>();
    const model = library.passages.filter(
      (p) => !seen.has(`${p.documentId}#${p.sectionSlug}`) && seen.add(`${p.documentId}#${p.sectionSlug}`),
    );
    expect(summary.leads.map((l) => l.passage.id)).toEqual(model.map((p) => p.id));
    expect(summary.leads.every((l) => l.text === keyText(l.passage) && l.passage.text.includes(l.text))).toBe(true);
    const last = documents[documents.length - 1]!.id;
    expect(summary.ofDocument(last)!.leads.map((l) => l.passage.id)).toEqual(model.filter((p) => p.documentId === last).map((p) => p.id));
    expect(summary.ofDocument('no-such-document')).toBeUndefined();
  });

  it('is worked out once per library, and again for a new one', () => {
    const library = new Library(documents);
    expect(corpusSummary(library)).toBe(corpusSummary(library));
    const next = new Library(documents.slice(0, 1));
    expect(corpusSummary(next)).not.toBe(corpusSummary(library));
    expect(corpusSummary(next).documents).toHaveLength(1);
  });

  it('keeps its shared lists frozen, so no answer can change them for the next', () => {
    const summary = corpusSummary(new Library(documents));
    expect(() => summary.leads.pop()).toThrow(TypeError);
    expect(() => summary.documents.reverse()).toThrow(TypeError);
    expect(() => summary.topics[0]!.sections.sort()).toThrow(TypeError);
  });

  it('names the first 20 document ids and how many more in a usage message', () => {
    const many = Array.from({ length: 25 }, (_, i) => generated(`doc-${i + 1}`, 1, 1));
    const summary = corpusSummary(new Library(many));
    expect(summary.documentIds).toBe(
      `${many
        .slice(0, 20)
        .map((d) => d.id)
        .join(', ')} and 5 more (see topics)`,
    );
    expect(corpusSummary(new Library(many.slice(0, 3))).documentIds).toBe('doc-1, doc-2, doc-3');
  });

  it('counts sections of many paragraphs and many sections per document', () => {
    const summary = corpusSummary(new Library([generated('a', 40, 7), generated('b', 2, 30)]));
    expect(summary.ofDocument('a')!.sections).toHaveLength(40);
    expect(summary.ofDocument('a')!.sections.every((s) => s.passages === 7)).toBe(true);
    expect(summary.ofDocument('b')!.sections.map((s) => s.passages)).toEqual([30, 30]);
    expect(summary.leads).toHaveLength(42);
  });

  it('is prepared ahead, with pauses every few thousand passages, and that one is what the first request reads', async () => {
    const library = new Library([generated('a', 50, 100), generated('b', 1, 1)]);
    let pauses = 0;
    await prepareSummary(library, async () => void pauses++);
    expect(pauses).toBe(Math.floor(library.passages.length / 2000));
    const prepared = corpusSummary(library);
    const { documents: d, documentIds, topics, leads } = corpusSummary(new Library([generated('a', 50, 100), generated('b', 1, 1)]));
    expect(prepared).toMatchObject({ documents: d, documentIds, topics, leads });
    expect(prepared.ofDocument('a')!.sections).toHaveLength(50);
    await prepareSummary(library, async () => void pauses++);
    expect(corpusSummary(library)).toBe(prepared);
  });
});
