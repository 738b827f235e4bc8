import { foundNothing } from '../chat/follow-ups.js';
import type { Answer, Request, Subcommand, Vote } from '../types.js';
import type { RedlineService, RequestContext } from './service.js';

/** A request the service answered, as `observe` hears of it: for metrics and daily counts, never with its text. */
export interface RequestEvent {
  platform: RequestContext['platform'];
  kind: Subcommand | 'vote';
  /** `answered` includes usage notes and help; `nothing`: nothing in the corpus answers. */
  outcome: 'answered' | 'nothing' | 'rate-limited' | 'error';
  /** How long it took, ms (by the `monotonic` clock). */
  ms: number;
  /** A question asked anew (see `askedAnew`). */
  asked: boolean;
  vote?: Vote;
}

/**
 * A question a person asked anew: its first page, not an autocomplete pick, not a script's (the
 * `redline` tool would flood the gaps log; people asking in chat or the console count).
 */
export function askedAnew(request: Request, context: RequestContext): boolean {
  return (request.offset ?? 0) === 0 && context.platform !== 'cli' && request.passage === undefined;
}

function outcomeOf(answer: Answer): RequestEvent['outcome'] {
  return answer.kind === 'rate-limited' ? 'rate-limited' : foundNothing(answer) ? 'nothing' : 'answered';
}

/** The service, telling `observe` of each request it answers (and of each that throws, before the error goes on). */
export function observeService(service: RedlineService, observe: (event: RequestEvent) => void, clock: () => number): RedlineService {
  const timed = <T>(request: Request, context: RequestContext, work: () => T, outcome: (result: T) => RequestEvent['outcome']): T => {
    const started = clock();
    const tell = (result: RequestEvent['outcome']) =>
      observe({
        platform: context.platform,
        kind: request.command,
        outcome: result,
        ms: clock() - started,
        asked: askedAnew(request, context),
      });
    let result: T;
    try {
      result = work();
    } catch (error) {
      tell('error');
      throw error;
    }
    tell(outcome(result));
    return result;
  };
  return {
    ...service,
    respond: (asked, context, options) =>
      // Paging only sets how many results: the kind and whether it was asked anew are the request's own.
      timed(
        asked,
        context,
        () => service.respond(asked, context, options),
        (reply) => outcomeOf(reply.answer),
      ),
    feedback(entry, context) {
      const counted = service.feedback(entry, context);
      observe({
        platform: context.platform,
        kind: 'vote',
        outcome: counted ? 'answered' : 'rate-limited',
        ms: 0,
        asked: false,
        vote: entry.vote,
      });
      return counted;
    },
  };
}
