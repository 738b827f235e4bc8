import { normaliseForMatch } from '../search/text.js';

// Answering without being asked, measured: of the questions the bot would answer at a confidence,
// how many, and how many of those right; and how many off-topic questions it would answer. The
// answer-rate / precision curve over the confidence, one per set (`npm run eval`).

/** How long a stretch of its paragraph a passage must share to count as that paragraph's (the wide sets' protocol). */
const SHARED_STRETCH = 80;

/**
 * The wide sets' hit: the passage shares a stretch of at least 80 characters with the question's
 * paragraph (all of the shorter one, when either is shorter) and holds one of its answer texts.
 */
export function passageAnswers(passage: string, paragraph: string, answers: readonly string[]): boolean {
  const text = normaliseForMatch(passage);
  const context = normaliseForMatch(paragraph);
  if (!answers.some((a) => text.includes(normaliseForMatch(a)))) return false;
  if (text.length < SHARED_STRETCH || context.length < SHARED_STRETCH)
    return text.length <= context.length ? context.includes(text) : text.includes(context);
  for (let i = 0; i + SHARED_STRETCH <= text.length; i++) if (context.includes(text.slice(i, i + SHARED_STRETCH))) return true;
  return false;
}

/** One answerable question as the bot saw it: its answer's confidence (0: nothing found) and whether the answer was right. */
export interface JudgedQuestion {
  confidence: number;
  right: boolean;
}

/** One point of the curve: at this confidence, the share of answerable questions answered, the share of those right, and the share of off-topic ones answered. */
export interface CurvePoint {
  threshold: number;
  answered: number;
  precision: number;
  offTopicAnswered: number;
}

/** The answer-rate / precision curve over the thresholds (answered at or above each). */
export function unaskedCurve(
  answerable: readonly JudgedQuestion[],
  offTopic: readonly number[],
  thresholds: readonly number[],
): CurvePoint[] {
  return thresholds.map((threshold) => {
    const answered = answerable.filter((q) => q.confidence > 0 && q.confidence >= threshold);
    const right = answered.filter((q) => q.right).length;
    return {
      threshold,
      answered: answerable.length ? answered.length / answerable.length : 0,
      precision: answered.length ? right / answered.length : 1,
      offTopicAnswered: offTopic.length ? offTopic.filter((c) => c > 0 && c >= threshold).length / offTopic.length : 0,
    };
  });
}
