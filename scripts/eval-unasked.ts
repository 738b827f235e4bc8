// The "Unasked answering" section of `npm run eval`: for every public set, the answer-rate /
// precision curve over the confidence an answer needs to be posted without being asked
// (`answer: questions` / `all` in channels.yaml), and the share of off-topic questions answered.
import { existsSync } from 'node:fs';
import { table } from './table.js';
import { readFile } from 'node:fs/promises';
import { answer } from '../src/answer/answer.js';
import { confidenceOf, readsAsQuestion, UNASKED_CONFIDENCE, unaskedRequest } from '../src/chat/unasked.js';
import { parseEvalQueries } from '../src/eval/queries.js';
import { parseSquad, squadDocument, type SquadArticle } from '../src/eval/squad.js';
import { passageAnswers, unaskedCurve, type JudgedQuestion } from '../src/eval/unasked.js';
import { normaliseForMatch } from '../src/search/text.js';
import { Library } from '../src/search/library.js';
import type { EnglishLexicon } from '../src/search/english.js';
import type { CorpusLexicon } from '../src/search/synonyms.js';
import type { Document } from '../src/types.js';

const ROOT = new URL('../', import.meta.url);
/** Where the wide public sets are: the project's copy when there is one, else the shared folder beside the checkout. */
const WIDE_DIRS = ['eval/wide/', '../shared/eval/wide/', '../../shared/eval/wide/'].map((d) => new URL(d, ROOT).pathname);
const THRESHOLDS = [...new Set([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, UNASKED_CONFIDENCE])].sort((a, b) => a - b);
/** Questions of SQuAD's 29 articles asked, as off-topic, of each other set: this many, spread over the file. */
const OFF_TOPIC = 200;

interface SetResult {
  name: string;
  answerable: JudgedQuestion[];
  offTopic: number[];
  questions: number;
  readAsQuestions: number;
}

type Ask = (q: string, doc?: string) => { confidence: number; top?: string };

function asker(library: Library): Ask {
  const context = { library, attributions: () => [], examples: () => ({}), command: 'redline' };
  return (q, doc) => {
    const request = unaskedRequest(q, 'all');
    if (!request) return { confidence: 0 };
    const result = answer(context, { ...request, ...(doc ? { doc } : {}) });
    return {
      confidence: confidenceOf(result),
      ...(result.kind === 'results' && result.hits[0] ? { top: result.hits[0].passage.text } : {}),
    };
  };
}

/** One document per article, ids made unique (two pages may share a title). */
function documentsOf(articles: SquadArticle[]): Document[] {
  const seen = new Map<string, number>();
  return articles.map((article) => {
    const document = squadDocument(article);
    const n = seen.get(document.id) ?? 0;
    seen.set(document.id, n + 1);
    return n ? { ...document, id: `${document.id}-${n}`, file: `${document.id}-${n}.md` } : document;
  });
}

/** A wide set: each question asked of the whole corpus (of its own document for a per-document set), every `every`-th. */
function judgeSquadSet(
  name: string,
  articles: SquadArticle[],
  english: EnglishLexicon,
  offTopic: string[],
  options: { every?: number; perDocument?: boolean } = {},
): SetResult {
  const documents = documentsOf(articles);
  const ask = asker(new Library(documents, { english }));
  const answerable: JudgedQuestion[] = [];
  let readAsQuestions = 0;
  let k = 0;
  articles.forEach((article, a) => {
    // A per-document set asks the same question text of each document once; any of its paragraphs there is right.
    const byText = new Map<string, Array<{ paragraph: number; answers: string[] }>>();
    for (const q of article.questions) byText.set(q.question, [...(byText.get(q.question) ?? []), q]);
    const questions = options.perDocument ? [...byText.keys()] : article.questions.map((q) => q.question);
    questions.forEach((text, i) => {
      if (k++ % (options.every ?? 1)) return;
      if (readsAsQuestion(text)) readAsQuestions++;
      const { confidence, top } = ask(text, options.perDocument ? documents[a]!.id : undefined);
      const truths = options.perDocument ? byText.get(text)! : [article.questions[i]!];
      answerable.push({
        confidence,
        right: top !== undefined && truths.some((t) => passageAnswers(top, article.paragraphs[t.paragraph]!, t.answers)),
      });
    });
  });
  return { name, answerable, offTopic: offTopic.map((q) => ask(q).confidence), questions: answerable.length, readAsQuestions };
}

/** A project query file over its corpus: questions with `expect` are answerable, those without are off-topic. */
async function judgeQueryFile(file: string, documents: Document[], english: EnglishLexicon, lexicon?: CorpusLexicon): Promise<SetResult> {
  const queries = parseEvalQueries(await readFile(file, 'utf8'), file);
  const ask = asker(new Library(documents, { english, ...(lexicon ? { lexicon } : {}) }));
  const answerable: JudgedQuestion[] = [];
  const offTopic: number[] = [];
  for (const query of queries) {
    const { confidence, top } = ask(query.q);
    if (!query.expect.length) offTopic.push(confidence);
    else
      answerable.push({
        confidence,
        right: top !== undefined && query.expect.some((e) => normaliseForMatch(top).includes(normaliseForMatch(e))),
      });
  }
  const name = file.split('/').pop()!;
  return {
    name,
    answerable,
    offTopic,
    questions: answerable.length,
    readAsQuestions: queries.filter((q) => q.expect.length && readsAsQuestion(q.q)).length,
  };
}

/** SQuAD articles of the project (two): each article's questions of its own, the other's as off-topic. */
function judgeProjectSquad(name: string, articles: SquadArticle[], english: EnglishLexicon): SetResult {
  const documents = documentsOf(articles);
  const asks = documents.map((d) => asker(new Library([d], { english })));
  const answerable: JudgedQuestion[] = [];
  const offTopic: number[] = [];
  articles.forEach((article, a) => {
    for (const q of article.questions) {
      const { confidence, top } = asks[a]!(q.question);
      answerable.push({ confidence, right: top !== undefined && passageAnswers(top, article.paragraphs[q.paragraph]!, q.answers) });
      asks.forEach((other, b) => b !== a && offTopic.push(other(q.question).confidence));
    }
  });
  return {
    name,
    answerable,
    offTopic,
    questions: answerable.length,
    readAsQuestions: articles.flatMap((a) => a.questions).filter((q) => readsAsQuestion(q.question)).length,
  };
}

function spread<T>(items: T[], count: number, offset: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === offset % step).slice(0, count);
}

export interface UnaskedInputs {
  english: EnglishLexicon;
  /** The project's query files with their corpora, and its SQuAD file. */
  queryFiles: Array<{ file: string; documents: Document[]; lexicon?: CorpusLexicon }>;
  squadFile: string;
}

/** Prints the section; the wide sets are read where `WIDE_DIRS` finds them (left out, with a line saying so, when none does). */
export async function printUnaskedSection({ english, queryFiles, squadFile }: UnaskedInputs): Promise<void> {
  const results: SetResult[] = [];
  for (const { file, documents, lexicon } of queryFiles) results.push(await judgeQueryFile(file, documents, english, lexicon));
  const projectSquad = parseSquad(await readFile(squadFile, 'utf8'), squadFile);
  results.push(judgeProjectSquad(squadFile.split('/').pop()!, projectSquad, english));
  const wide = WIDE_DIRS.find((d) => existsSync(`${d}squad2-dev-29.json`));
  // PolicyQA (CC BY-NC) is never copied into the project: it is read from the shared folder when there is one.
  const where = (f: string) => WIDE_DIRS.find((d) => existsSync(`${d}${f}`));
  if (wide) {
    const read = async (f: string) => parseSquad(await readFile(`${where(f) ?? wide}${f}`, 'utf8'), f);
    const squad = await read('squad2-dev-29.json');
    const squadQuestions = squad.flatMap((a) => a.questions.map((q) => q.question));
    const others = projectSquad.flatMap((a) => a.questions.map((q) => q.question));
    results.push(judgeSquadSet('squad2-dev-29 (every 5th)', squad, english, spread(others, OFF_TOPIC, 0), { every: 5 }));
    results.push(
      judgeSquadSet('doc2dial-dmv-studentaid', await read('doc2dial-dmv-studentaid.json'), english, spread(squadQuestions, OFF_TOPIC, 0)),
    );
    if (where('policyqa-dev.json'))
      results.push(
        judgeSquadSet('policyqa-dev (per policy)', await read('policyqa-dev.json'), english, spread(squadQuestions, OFF_TOPIC, 1), {
          perDocument: true,
        }),
      );
    else console.log('(PolicyQA is not in the project (CC BY-NC) and the shared folder is absent: it is left out of this section.)');
    results.push(judgeSquadSet('covidqa-half-a', await read('covidqa-half-a.json'), english, spread(squadQuestions, OFF_TOPIC, 2)));
  }
  console.log(
    `Unasked answering (channels set to \`answer: questions\` / \`all\`): of the answerable questions, the share answered at each confidence and the share of those right; of the off-topic ones, the share answered. Default confidence ${UNASKED_CONFIDENCE}.\n`,
  );
  const rows: string[][] = [];
  for (const r of results) {
    unaskedCurve(r.answerable, r.offTopic, THRESHOLDS).forEach((p, i) => {
      const mark = p.threshold === UNASKED_CONFIDENCE ? ' *' : '';
      rows.push([
        i ? '' : `${r.name} (${r.questions}+${r.offTopic.length})`,
        `${p.threshold.toFixed(2)}${mark}`,
        pct(p.answered),
        pct(p.precision),
        r.offTopic.length ? pct(p.offTopicAnswered) : '–',
      ]);
    });
  }
  console.log(table(['set (answerable+off-topic)', 'confidence', 'answered', 'right of answered', 'off-topic answered'], rows, 1));
  console.log(
    `\nRead as questions (\`answer: questions\` takes them): ${results.map((r) => `${r.name.split(' ')[0]} ${pct(r.readAsQuestions / Math.max(1, r.questions))}`).join(', ')}`,
  );
  if (!wide) console.log(`(The wide public sets were not found in ${WIDE_DIRS.join(' or ')}; only the project's sets are shown.)`);
  console.log('');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
