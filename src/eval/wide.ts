import type { CorpusFile } from '../corpus/load.js';
import { normaliseForMatch } from '../search/text.js';
import { RankTally, type SquadArticle, type SquadReport } from './squad.js';

/**
 * The wide protocol (eval/wide/README.md): each article of a SQuAD-layout set is one Markdown
 * document of the corpus, each paragraph one block; a question is answered right when the top
 * passage shares a stretch of 80 characters with its paragraph and holds one of its answers.
 */

/** What an engine returns for a question, optionally within one document: passage texts, best first, and how sure it is of the first. */
export type WideSearcher = (question: string, doc?: string) => { texts: string[]; confidence?: number };

/** The corpus files of a set: Markdown with front matter, one per article; their ids in article order. */
export function wideCorpus(articles: readonly SquadArticle[], publisher: string): { files: CorpusFile[]; ids: string[] } {
  const used = new Set<string>();
  const ids = articles.map((a, i) => {
    const base =
      (normaliseForMatch(a.title).replace(/ /g, '-').slice(0, 60).replace(/-+$/, '') || 'article').replace(/^[^a-z0-9]+/, '') ||
      `article-${i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
  const files = articles.map((a, i) => {
    const title = a.title.trim() || `Article ${i + 1}`;
    const front = [
      '---',
      `id: ${ids[i]}`,
      `title: ${JSON.stringify(title)}`,
      `source: ${JSON.stringify(publisher)}`,
      `publisher: ${JSON.stringify(publisher)}`,
      '---',
      '',
    ];
    // A line opening with "#" would read as a heading: the protocol keeps every paragraph a block.
    const body = a.paragraphs.map((p) => p.trim().replace(/^#+\s*/gm, '')).filter(Boolean);
    return { file: `${ids[i]}.md`, content: [...front, ...body.flatMap((p) => [p, ''])].join('\n') };
  });
  return { files, ids };
}

/** Whether a passage answers a question of this paragraph: a shared stretch of 80 characters (all of the shorter, when less) and one of the answers. */
export function answersQuestion(passage: string, paragraph: string, answers: readonly string[]): boolean {
  const text = normaliseForMatch(passage);
  if (!answers.some((a) => text.includes(normaliseForMatch(a)))) return false;
  const context = normaliseForMatch(paragraph);
  const need = Math.min(80, context.length, text.length);
  for (let i = 0; i + need <= text.length; i += 1) if (context.includes(text.slice(i, i + need))) return true;
  return false;
}

export interface WideOptions {
  /** Every how-many-th answerable question is asked (1: all). */
  every: number;
  /** Ask each question of its own document only (a set whose questions are the same for every document). */
  perDocument: boolean;
  /** Questions of another set, asked of this corpus: the right answer is none. */
  offTopic: readonly string[];
}

/** One question's outcome: the confidence of the top answer (0 when none), and whether it was right. */
export interface Scored {
  confidence: number;
  right: boolean;
}

export interface WideReport extends SquadReport {
  /** Per answerable question, for the confidence curve. */
  scored: Scored[];
  /** Per off-topic question answered, its confidence. */
  offTopicConfidence: number[];
}

/** Scores an engine over a set's corpus (built by the caller from `wideCorpus`); `ids[i]` is article i's document. */
export function evaluateWide(
  articles: readonly SquadArticle[],
  ids: readonly string[],
  search: WideSearcher,
  options: WideOptions,
): WideReport {
  const tally = new RankTally();
  let n = 0;
  const scored: Scored[] = [];
  articles.forEach((article, a) => {
    // A question asked of several paragraphs of one document (a policy's "Do you share my data?") is asked once: any of them answers it.
    const grouped = new Map<string, Array<{ paragraph: string; answers: string[] }>>();
    for (const q of article.questions) {
      const list = grouped.get(q.question) ?? [];
      list.push({ paragraph: article.paragraphs[q.paragraph]!, answers: q.answers });
      grouped.set(q.question, list);
    }
    for (const [question, right] of grouped) {
      if (n++ % options.every) continue;
      const { texts, confidence = 0 } = search(question, options.perDocument ? ids[a] : undefined);
      const results = texts.slice(0, 5);
      const rank = results.findIndex((r) => right.some((x) => answersQuestion(r, x.paragraph, x.answers)));
      tally.add(question, results, rank);
      scored.push({ confidence: results.length ? confidence : 0, right: rank === 0 });
    }
  });
  const offTopicConfidence: number[] = [];
  for (const q of options.offTopic) {
    const { texts, confidence = 0 } = search(q);
    tally.addOffTopic(!texts.length);
    if (texts.length) offTopicConfidence.push(confidence);
  }
  return { ...tally.report(), scored, offTopicConfidence };
}

/** At a confidence threshold: the share of answerable questions answered, the share of those right, the share of off-topic ones answered. */
export interface CurvePoint {
  threshold: number;
  answered: number;
  precision: number;
  offTopicAnswered: number;
}

export function confidenceCurve(
  report: Pick<WideReport, 'scored' | 'offTopicConfidence' | 'offTopic'>,
  thresholds: readonly number[],
): CurvePoint[] {
  return thresholds.map((threshold) => {
    const answered = report.scored.filter((s) => s.confidence > 0 && s.confidence >= threshold);
    const right = answered.filter((s) => s.right).length;
    const off = report.offTopicConfidence.filter((c) => c >= threshold).length;
    return {
      threshold,
      answered: report.scored.length ? answered.length / report.scored.length : 0,
      precision: answered.length ? right / answered.length : 1,
      offTopicAnswered: report.offTopic ? off / report.offTopic : 0,
    };
  });
}

/** Every `step`-th question of a set's articles, at most `count`: a fixed sample of off-topic questions. */
export function sampleQuestions(articles: readonly SquadArticle[], count: number): string[] {
  const all = articles.flatMap((a) => a.questions.map((q) => q.question));
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}
