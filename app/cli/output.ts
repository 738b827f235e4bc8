import { passageLink } from '../../src/corpus/link.js';
import type { Answer, DocumentMeta, Hit, Passage } from '../../src/types.js';

/** The `document` object of the JSON output: citation fields only, `url` only when the document has one. */
export function documentJson(d: DocumentMeta) {
  return {
    id: d.id,
    title: d.title,
    source: d.source,
    ...(d.publisher ? { publisher: d.publisher } : {}),
    ...(d.url ? { url: d.url } : {}),
  };
}

/** A passage's citation fields: `page` for a PDF passage, `link` (the passage's own address) when the document has a URL. */
function passageJson(p: Passage, document: DocumentMeta) {
  const link = passageLink(document, p);
  return {
    id: p.id,
    text: p.text,
    section: p.section,
    paragraph: p.paragraph,
    ...(p.page ? { page: p.page } : {}),
    ...(link ? { link } : {}),
    document: documentJson(document),
  };
}

function hitJson(hit: Hit) {
  const { document, ...where } = passageJson(hit.passage, hit.document);
  return {
    ...where,
    score: hit.score,
    ...(hit.confidence === undefined ? {} : { confidence: hit.confidence }),
    document,
    highlights: hit.highlights,
  };
}

/** The JSON form of an answer, as `redline ... --json` prints it (see CONTRACT.md). */
export function answerJson(answer: Answer): Record<string, unknown> {
  switch (answer.kind) {
    case 'results':
      return {
        query: answer.query,
        results: answer.hits.map(hitJson),
        suggestions: answer.suggestions,
        total: answer.total,
        offset: answer.offset,
      };
    case 'topics':
      return {
        documents: answer.documents.map(({ document, sections }) => ({ ...documentJson(document), sections })),
      };
    case 'brief':
      return {
        topic: answer.topic,
        items: answer.items.map((item) => ({ ...passageJson(item.passage, item.document), key: item.text, highlights: item.highlights })),
        suggestions: answer.suggestions,
      };
    case 'quote':
      return {
        query: answer.query,
        quotes: answer.quotes.map((q) => {
          const { text: passage, ...where } = passageJson(q.passage, q.document);
          const who = { ...(q.speaker ? { speaker: q.speaker } : {}), ...(q.role ? { role: q.role } : {}) };
          return { text: q.text, ...who, ...where, passage, highlights: q.highlights };
        }),
        suggestions: answer.suggestions,
      };
    case 'help':
      return { help: true, documents: answer.documents.map(documentJson) };
    case 'usage':
      return { error: answer.message };
    case 'watches':
      return { message: answer.message, topics: answer.topics };
    case 'rate-limited':
      return { error: 'rate limited', retryAfterSeconds: answer.retryAfterSeconds };
  }
}
