import type { AnswerMode, ChannelSettings } from '../channels/channels.js';
import { QUERY_MAX_LENGTH } from '../request/commands.js';
import { cutAtWord } from '../present/cut.js';
import type { Answer, Request } from '../types.js';
import { plainWords } from './conversation.js';

// Answering in a channel without being asked (`answer: questions` / `all` in channels.yaml): which
// messages are questions, and whether an answer is sure enough to post unasked. A wrong answer
// nobody asked for costs more than silence, so the bar is higher than the slash command's.

/**
 * The confidence an unasked answer needs by default (a channel's `confidence:` overrides it):
 * chosen from the answer-rate / precision curve of `npm run eval` (the "Unasked answering" section).
 */
export const UNASKED_CONFIDENCE = 0.7;

/** Hits an unasked request asks for: the second says how far ahead the first stands. */
const UNASKED_HITS = 2;
/** Fewer words than this are not a question worth answering unasked ("why?", "really?"). */
const MIN_QUESTION_WORDS = 3;

const INTERROGATIVE = new Set(
  (
    'who whom whose what which when where why how ' +
    'is are was were am can could do does did should would will shall may might must have has had ' +
    "isn't aren't wasn't weren't can't couldn't don't doesn't didn't shouldn't wouldn't won't haven't hasn't " +
    'anyone anybody someone somebody'
  ).split(' '),
);
/** Openings that stand before the question itself: "hey team, how do…", "quick question: what…". */
const LEAD_IN =
  /^(?:(?:hi|hey|hello|yo|so|ok|okay|also|and|but|quick question|question|qq|sorry|please|folks|all|team|everyone|guys)\b[\s,:;!.-]*)+/i;
/** Chat that reads like a question but asks nothing a document answers. */
const SMALL_TALK =
  /^(?:how (?:are|r) (?:you|u|ya|things|we)\b|how(?:'s| is) (?:it going|everyone|everybody|life|your (?:day|weekend))\b|what'?s up\b|wh?at'?s new\b|(?:is )?any(?:one|body) (?:here|around|there|online|free)\b|(?:can|could) (?:someone|anyone|you) help(?: me)?\W*$|who(?:'s| is) (?:in|up for|around|joining|coming)\b|(?:are|r) (?:you|u) (?:there|around|ok|okay)\b|can you hear me\b|does (?:that|this) make sense\b|have an? (?:nice|good|great|lovely)\b|will do\b|right\W*$)/i;

/** Whether a message reads as a question: a question mark, or an interrogative opening (who, what, how, is, can, does…); small talk does not. */
export function readsAsQuestion(text: string): boolean {
  const words = plainWords(text);
  const core = words.replace(LEAD_IN, '').trim();
  if (wordCount(core) < MIN_QUESTION_WORDS || SMALL_TALK.test(core)) return false;
  if (core.includes('?')) return true;
  const first = core
    .split(/[\s,]+/)[0]!
    .toLowerCase()
    .replace(/[’]/g, "'");
  return INTERROGATIVE.has(first);
}

/** The request to answer a channel message unasked, or undefined when the channel's mode does not take it. Always a plain search: "brief me?" is not the `brief` command. */
export function unaskedRequest(text: string, mode: AnswerMode): Request | undefined {
  if (mode === 'mentions') return undefined;
  if (mode === 'questions' && !readsAsQuestion(text)) return undefined;
  const words = cutAtWord(plainWords(text), QUERY_MAX_LENGTH, '');
  if (wordCount(words) < (mode === 'all' ? 1 : MIN_QUESTION_WORDS)) return undefined;
  return { command: 'ask', text: words, limit: UNASKED_HITS };
}

/**
 * How sure an answer is that its first passage answers (0-1): from how far the first passage's
 * score stands ahead of the second's, and how high it is (a score grows with the query's
 * information the passage matches, each word at its rarity), a logistic fit on the public eval
 * sets; taken together (geometric mean) with the search's own confidence in the hit (its share of
 * the query's best possible score, across documents), which each alone misjudges differently.
 * 0 for anything but passages found.
 */
export function confidenceOf(answer: Answer): number {
  if (answer.kind !== 'results' || !answer.hits.length || answer.offset !== 0) return 0;
  const [first, second] = answer.hits;
  if (!(first!.score > 0)) return 0;
  const margin = second ? Math.max(0, 1 - second.score / first!.score) : 1;
  const logit = CONFIDENCE_FIT.margin * margin + CONFIDENCE_FIT.score * Math.log(first!.score) + CONFIDENCE_FIT.bias;
  const own = 1 / (1 + Math.exp(-logit));
  return first!.confidence === undefined ? own : Math.sqrt(own * first!.confidence);
}

/** The fit's coefficients (see `confidenceOf`). */
const CONFIDENCE_FIT = { margin: 3.67, score: 1.46, bias: -6.86 };

/** Whether an answer may be posted unasked in a channel with these settings: passages found, at the channel's confidence or the default. */
export function shouldAnswerUnasked(
  answer: Answer,
  settings: Pick<ChannelSettings, 'confidence'> | undefined,
  threshold = UNASKED_CONFIDENCE,
): boolean {
  return answer.kind === 'results' && answer.hits.length > 0 && confidenceOf(answer) >= (settings?.confidence ?? threshold);
}

/** The answer as posted: its first passage alone, with no paging (the second was asked for to judge the first). */
export function unaskedShown(answer: Answer): Answer {
  return answer.kind === 'results' ? { ...answer, hits: answer.hits.slice(0, 1), total: Math.min(answer.total, 1) } : answer;
}

/** A reply in an unasked answer's thread that asks to take it away ("not helpful", "wrong answer"). */
export function saysNotHelpful(text: string): boolean {
  return /^(?:that(?:'s| is| was)? |this(?: is| was)? |it(?:'s| is| was)? )?(?:not helpful|unhelpful|wrong answer|not (?:relevant|useful|right|correct|it)|irrelevant)\b/i.test(
    plainWords(text).replace(/^(?:no|nope)[\s,.!]+/i, ''),
  );
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
