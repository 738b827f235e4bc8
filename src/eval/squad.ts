import { LEAD_SECTION_SLUG, LEAD_TITLE } from '../corpus/convert.js';
import type { Document } from '../types.js';
import { normaliseForMatch } from '../search/text.js';

/** One answerable SQuAD question: the paragraph it was written on, and the answer texts the crowd gave. */
export interface SquadQuestion {
  question: string;
  /** Index of the question's paragraph in its article. */
  paragraph: number;
  answers: string[];
}

/** A SQuAD article: its paragraphs and its answerable questions (`is_impossible` ones are left out). */
export interface SquadArticle {
  title: string;
  paragraphs: string[];
  questions: SquadQuestion[];
}

interface SquadFile {
  data?: Array<{
    title?: unknown;
    paragraphs?: Array<{
      context?: unknown;
      qas?: Array<{ question?: unknown; answers?: Array<{ text?: unknown }>; is_impossible?: unknown }>;
    }>;
  }>;
}

/** Reads a SQuAD 2.0 file (`{ data: [{ title, paragraphs: [{ context, qas }] }] }`); throws naming what is wrong. */
export function parseSquad(text: string, file = 'squad'): SquadArticle[] {
  let parsed: SquadFile;
  try {
    parsed = JSON.parse(text) as SquadFile;
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed.data)) throw new Error(`${file}: not a SQuAD file (no "data" list)`);
  return parsed.data.map((article, a) => {
    if (typeof article.title !== 'string' || !Array.isArray(article.paragraphs))
      throw new Error(`${file}: article ${a + 1} needs "title" and "paragraphs"`);
    const paragraphs: string[] = [];
    const questions: SquadQuestion[] = [];
    article.paragraphs.forEach((p, i) => {
      if (typeof p.context !== 'string') throw new Error(`${file}: ${article.title} paragraph ${i + 1} has no "context"`);
      paragraphs.push(p.context);
      for (const qa of p.qas ?? []) {
        if (qa.is_impossible === true || typeof qa.question !== 'string') continue;
        const answers = (qa.answers ?? []).flatMap((x) => (typeof x.text === 'string' ? [x.text] : []));
        if (answers.length) questions.push({ question: qa.question, paragraph: i, answers: [...new Set(answers)] });
      }
    });
    return { title: article.title.replace(/_/g, ' '), paragraphs, questions };
  });
}

/** The protocol's corpus document for an article: one document, one paragraph per block. */
export function squadDocument(article: SquadArticle): Document {
  const id = normaliseForMatch(article.title).replace(/ /g, '-') || 'article';
  return {
    id,
    title: article.title,
    source: 'wikipedia.org',
    file: `${id}.md`,
    sections: [{ title: LEAD_TITLE, slug: LEAD_SECTION_SLUG, paragraphs: article.paragraphs.map((p) => p.trim()), captions: [] }],
  };
}

/** What an engine over one article's passages returns for a question: passage texts, best first, or none. */
export type Searcher = (question: string) => string[];

/** How an engine ranked a set's questions: the shares, and the questions whose first result was not right. */
export interface SquadReport {
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  /** Answerable questions that got no result. */
  declined: number;
  /** Questions of other articles asked of this one's corpus. */
  offTopic: number;
  /** Of those, the ones that got no result (the right answer). */
  offTopicDeclined: number;
  misses: Array<{ question: string; rank: number; top?: string }>;
}

/** Adds up where each answerable question's first right result stood (rank -1: none), and the off-topic questions declined. */
export class RankTally {
  private answerable = 0;
  private hit1 = 0;
  private hit3 = 0;
  private reciprocal = 0;
  private declined = 0;
  private offTopic = 0;
  private offTopicDeclined = 0;
  private readonly misses: SquadReport['misses'] = [];

  /** An answerable question, its results (best first) and the rank of the first right one. */
  add(question: string, results: readonly string[], rank: number): void {
    this.answerable++;
    if (!results.length) this.declined++;
    if (rank === 0) this.hit1++;
    if (rank >= 0 && rank < 3) this.hit3++;
    if (rank >= 0) this.reciprocal += 1 / (rank + 1);
    if (rank !== 0) this.misses.push({ question, rank, ...(results[0] ? { top: results[0] } : {}) });
  }

  /** An off-topic question: declined when it got no result. */
  addOffTopic(declined: boolean): void {
    this.offTopic++;
    if (declined) this.offTopicDeclined++;
  }

  report(): SquadReport {
    const share = (n: number, of: number) => (of ? n / of : 1);
    return {
      answerable: this.answerable,
      hitAt1: share(this.hit1, this.answerable),
      hitAt3: share(this.hit3, this.answerable),
      mrr: share(this.reciprocal, this.answerable),
      declined: share(this.declined, this.answerable),
      offTopic: this.offTopic,
      offTopicDeclined: share(this.offTopicDeclined, this.offTopic),
      misses: this.misses,
    };
  }
}

/**
 * Scores an engine on SQuAD articles: each question against its own article's corpus (a hit is a
 * result inside the question's paragraph holding one of its answers), and against each other
 * article's corpus alone (off-topic: the right result is none).
 */
export function evaluateSquad(articles: SquadArticle[], build: (document: Document) => Searcher): SquadReport {
  const engines = articles.map((a) => build(squadDocument(a)));
  const tally = new RankTally();
  articles.forEach((article, a) => {
    for (const q of article.questions) {
      const results = engines[a]!(q.question).slice(0, 5);
      const context = normaliseForMatch(article.paragraphs[q.paragraph]!);
      const answers = q.answers.map(normaliseForMatch);
      const rank = results.findIndex((r) => {
        const text = normaliseForMatch(r);
        return context.includes(text) && answers.some((x) => text.includes(x));
      });
      tally.add(q.question, results, rank);
      engines.forEach((engine, b) => {
        if (b !== a) tally.addOffTopic(!engine(q.question).length);
      });
    }
  });
  return tally.report();
}
