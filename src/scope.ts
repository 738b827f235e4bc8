import { answer, type AnswerContext } from './answer.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './commands.js';
import { cutAtWord } from './present.js';
import type { Answer, Request } from './types.js';

// A request answered within the documents a channel may search (see channels.ts): one document
// is the `doc` restriction the library already has; several are searched one by one and merged
// (scores of one index compare), so nothing outside the scope is ever read, counted or suggested.

/** How many briefing items on a topic, and quotes, a scoped answer keeps (as unscoped ones do). */
const BRIEF_ITEMS = 3;
const QUOTES = 5;

/** Answers a request within `scope` (document ids); the whole corpus when there is no scope. */
export function answerInScope(context: AnswerContext, request: Request, scope: readonly string[] | undefined): Answer {
  if (!scope) return answer(context, request);
  const inScope = scope.filter((id) => context.library.documentMeta(id));
  if (request.doc !== undefined && !inScope.includes(request.doc))
    return { kind: 'usage', message: `There is no document "${cutAtWord(request.doc, 40)}" here. Documents: ${inScope.join(', ') || 'none'}.` };
  if (!inScope.length) return { kind: 'usage', message: 'No documents are open to this channel.' };
  const only = request.doc ?? (inScope.length === 1 ? inScope[0] : undefined);
  if (only !== undefined) return withoutExamples(answer(context, { ...request, doc: only }));
  const each = (asked: Request) => inScope.map((doc) => answer(context, { ...asked, doc }));
  const whole = answer(context, request);
  switch (whole.kind) {
    case 'help':
    case 'topics':
    case 'brief':
      if (whole.kind !== 'brief' || !whole.topic) return keepDocuments(whole, inScope);
      return merged(each(request), (answers) => {
        const items = answers.flatMap((a) => (a.kind === 'brief' ? a.items : [])).slice(0, BRIEF_ITEMS);
        return { ...whole, items, documents: whole.documents.filter((d) => inScope.includes(d.id)), suggestions: items.length ? [] : suggestionsOf(answers) };
      });
    case 'quote':
      return merged(each(request), (answers) => {
        const quotes = answers.flatMap((a) => (a.kind === 'quote' ? a.quotes : [])).slice(0, QUOTES);
        return { ...whole, quotes, suggestions: quotes.length ? [] : suggestionsOf(answers) };
      });
    case 'results': {
      if (request.passage !== undefined) return whole.hits.every((h) => inScope.includes(h.passage.documentId)) ? whole : { ...whole, hits: [], total: 0 };
      const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(request.limit ?? DEFAULT_LIMIT)));
      const offset = whole.offset;
      return merged(each({ ...request, offset: 0, limit: offset + limit }), (answers) => {
        const results = answers.flatMap((a) => (a.kind === 'results' ? [a] : []));
        const hits = results.flatMap((a) => a.hits).sort((a, b) => b.score - a.score);
        const total = results.reduce((n, a) => n + a.total, 0);
        return { ...whole, hits: hits.slice(offset, offset + limit), total, suggestions: total ? [] : suggestionsOf(answers) };
      });
    }
    default:
      return whole;
  }
}

/** A note (usage) from any document's answer stands for all; otherwise the answers are merged. */
function merged(answers: Answer[], merge: (answers: Answer[]) => Answer): Answer {
  return answers.find((a) => a.kind === 'usage') ?? merge(answers);
}

function keepDocuments(whole: Answer, scope: readonly string[]): Answer {
  const kept = (id: string) => scope.includes(id);
  if (whole.kind === 'help') return withoutExamples({ ...whole, documents: whole.documents.filter((d) => kept(d.id)) });
  if (whole.kind === 'topics') return { ...whole, documents: whole.documents.filter((d) => kept(d.document.id)) };
  if (whole.kind === 'brief') return { ...whole, items: whole.items.filter((i) => kept(i.document.id)), documents: whole.documents.filter((d) => kept(d.id)) };
  return whole;
}

/** Examples come from the whole corpus: a scoped channel is not shown them. */
function withoutExamples(answer: Answer): Answer {
  return answer.kind === 'help' ? { ...answer, examples: [] } : answer;
}

function suggestionsOf(answers: Answer[]): string[] {
  return [...new Set(answers.flatMap((a) => ('suggestions' in a ? a.suggestions : [])))];
}
