import { answer, type AnswerContext } from '../answer/answer.js';
import { messages } from '../present/messages.js';
import { cutAtWord } from '../present/cut.js';
import type { Answer, Request } from '../types.js';

// A request answered within the documents a channel may search (see channels.ts): one document
// is the `doc` restriction; several are one search over their passages (the index filters by a
// set of documents as it scores), so nothing outside the scope is ever read, counted or suggested,
// and the ranking is the corpus's own, restricted to the scope.

/** Answers a request within `scope` (document ids); the whole corpus when there is no scope. */
export function answerInScope(context: AnswerContext, request: Request, scope: readonly string[] | undefined): Answer {
  if (!scope) return answer(context, request);
  const inScope = scope.filter((id) => context.library.documentMeta(id));
  if (request.doc !== undefined && !inScope.includes(request.doc))
    return { kind: 'usage', message: messages.noSuchDocument(cutAtWord(request.doc, 40), inScope.join(', '), true) };
  if (!inScope.length) return { kind: 'usage', message: messages.noDocumentsHere };
  const only = request.doc ?? (inScope.length === 1 ? inScope[0] : undefined);
  // A channel's scope comes in corpus order, once per corpus version (see `withChannels`).
  return withoutExamples(only !== undefined ? answer(context, { ...request, doc: only }) : answer(context, request, inScope));
}

/** Examples come from the whole corpus: a scoped channel is not shown them. */
function withoutExamples(answer: Answer): Answer {
  return answer.kind === 'help' ? { ...answer, examples: [] } : answer;
}
