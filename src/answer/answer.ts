import { briefTopic } from './brief.js';
import { DEFAULT_LIMIT, MAX_LIMIT, QUERY_MAX_LENGTH } from '../request/commands.js';
import { cleanInput } from '../request/parse.js';
import { exampleList, type Examples } from './examples.js';
import { messages } from '../present/messages.js';
import { cutAtWord } from '../present/cut.js';
import { findQuotes, type Attribution } from './quote.js';
import type { DocScope, Library } from '../search/library.js';
import { corpusSummary } from './summary.js';
import type { Answer, DocumentMeta, Request } from '../types.js';

export interface AnswerContext {
  library: Library;
  /** Speaker attributions of one document (see `findAttributions`); worked out on first use. */
  attributions: (documentId: string) => Attribution[];
  /** Requests to show as examples, from the corpus being served (worked out on first use). */
  examples: () => Examples;
  /** The slash command's name, for help text. */
  command: string;
}

/**
 * Answers a request from the library. Usage problems come back as `{ kind: 'usage' }`, never thrown.
 * `scope` (a channel's documents: ids the corpus has, in corpus order) keeps every part of the answer
 * within them; `request.doc` narrows it to one.
 */
export function answer(context: AnswerContext, request: Request, scope?: readonly string[]): Answer {
  const { library } = context;
  const summary = corpusSummary(library);
  const text = cleanInput(request.text);
  const scoped = request.doc === undefined ? undefined : summary.ofDocument(request.doc);
  if (request.doc !== undefined && !scoped)
    return { kind: 'usage', message: messages.noSuchDocument(cutAtWord(request.doc, 40), summary.documentIds) };
  if (text.length > QUERY_MAX_LENGTH) return { kind: 'usage', message: messages.queryTooLong(text.length, QUERY_MAX_LENGTH) };
  // Each of the scope's documents is looked up, not the corpus filtered: a channel of two documents costs two.
  const parts = scoped ? [scoped] : scope?.map((id) => summary.ofDocument(id)!);
  const within = request.doc ?? (scope ? new Set(scope) : undefined);
  if (request.passage !== undefined) return lookUp(library, request.passage, within);
  const documents = parts ? parts.map((p) => p.document) : summary.documents;
  switch (request.command) {
    case 'help':
      return help(context, documents);
    case 'topics':
      return { kind: 'topics', documents: parts ? parts.map(({ document, sections }) => ({ document, sections })) : summary.topics };
    case 'brief': {
      const items = text ? briefTopic(library, text, within) : parts ? parts.flatMap((p) => p.leads) : summary.leads;
      return { kind: 'brief', topic: text, items, documents, suggestions: items.length ? [] : library.suggest(text, within) };
    }
    case 'quote': {
      if (!text) {
        const example = context.examples().quote ?? 'quote <speaker or phrase>';
        return { kind: 'usage', message: messages.quoteWhat(`/${context.command} ${example}`) };
      }
      const quotes = findQuotes(library, context.attributions, text, within);
      return { kind: 'quote', query: text, quotes, suggestions: quotes.length ? [] : library.suggest(text, within) };
    }
    case 'watch':
    case 'unwatch':
    case 'watches':
      // The service answers these in a channel (see briefings/watches.ts); anywhere else they are a usage note.
      return { kind: 'usage', message: `Watches belong to a chat channel: \`/${context.command} ${request.command}\` there.` };
    case 'ask': {
      if (!text) return help(context, documents);
      const limit = clamp(request.limit ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
      const offset = Math.max(0, Math.floor(request.offset ?? 0));
      const outcome = library.search(text, { doc: within, limit, offset });
      return {
        kind: 'results',
        query: text,
        hits: outcome.hits,
        total: outcome.total,
        offset,
        suggestions: outcome.suggestions,
        ...(request.doc ? { doc: request.doc } : {}),
        confidence: outcome.hits[0]?.confidence ?? 0,
      };
    }
  }
}

function help(context: AnswerContext, documents: DocumentMeta[]): Answer {
  return { kind: 'help', command: context.command, documents, examples: exampleList(context.examples()) };
}

/** One passage by id (a choice picked from autocomplete): that passage, or nothing if the corpus no longer has it. */
function lookUp(library: Library, id: string, within: DocScope | undefined): Answer {
  const passage = library.passage(id);
  const inside =
    passage && (within === undefined || (typeof within === 'string' ? passage.documentId === within : within.has(passage.documentId)));
  const document = passage && inside ? library.documentMeta(passage.documentId) : undefined;
  const hits = passage && document ? [{ passage, document, score: 1, highlights: [] }] : [];
  return {
    kind: 'results',
    query: '',
    hits,
    total: hits.length,
    offset: 0,
    suggestions: [],
    ...(typeof within === 'string' ? { doc: within } : {}),
  };
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
