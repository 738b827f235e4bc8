// The wide sets of `npm run eval` (eval/wide/README.md): other genres, larger corpora, beside MiniSearch and Lunr.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { buildLunr, buildMiniSearch } from '../bench/engines.js';
import { englishLexicon } from '../app/corpus/english.js';
import { chunkDocument } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load.js';
import { confidenceCurve, evaluateWide, sampleQuestions, wideCorpus, type WideReport, type WideSearcher } from '../src/eval/wide.js';
import { parseSquad, type SquadArticle } from '../src/eval/squad.js';
import { Library } from '../src/search/library.js';
import type { Document } from '../src/types.js';

const ROOT = new URL('../', import.meta.url);
const WIDE_DIR = new URL('eval/wide/', ROOT);
/** Where the sets not copied into the project are read from (the shared folder beside the project). */
const SHARED_DIRS = ['../shared/eval/wide/', '../../shared/eval/wide/'].map((d) => new URL(d, ROOT));
const OFF_TOPIC_COUNT = 200;
const CURVE_SIZES = [5, 10, 20, 29];
const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

interface WideSet {
  name: string;
  label: string;
  /** Only in the shared folder (a licence that keeps it out of the project). */
  shared?: boolean;
  publisher: string;
  every: number;
  perDocument: boolean;
  /** Whose questions are asked off-topic: the public SQuAD articles', or a sample of the Wikipedia set's. */
  offTopic: 'public' | 'wikipedia' | 'none';
}

export const WIDE_SETS: readonly WideSet[] = [
  { name: 'squad2-dev-29', label: 'Wikipedia, 29 articles', publisher: 'wikipedia.org', every: 5, perDocument: false, offTopic: 'public' },
  {
    name: 'doc2dial-dmv-studentaid',
    label: 'government pages, 101',
    publisher: 'doc2dial',
    every: 1,
    perDocument: false,
    offTopic: 'wikipedia',
  },
  {
    name: 'policyqa-dev',
    label: 'privacy policies, 20, per policy',
    shared: true,
    publisher: 'policyqa',
    every: 4,
    perDocument: true,
    offTopic: 'none',
  },
  { name: 'covidqa-half-a', label: 'papers, 49', publisher: 'cord-19', every: 1, perDocument: false, offTopic: 'wikipedia' },
];

type Engine = (documents: Document[]) => WideSearcher;
const english = englishLexicon();

export const WIDE_ENGINES: Record<string, Engine> = {
  redline: (documents) => {
    const library = new Library(documents, { english });
    return (q, doc) => {
      const outcome = library.search(q, { limit: 5, ...(doc ? { doc } : {}) });
      const top = outcome.hits[0];
      return { texts: outcome.hits.map((h) => h.passage.text), ...(top?.confidence !== undefined ? { confidence: top.confidence } : {}) };
    };
  },
  minisearch: (documents) => {
    const passages = documents.flatMap((d) => chunkDocument(d));
    const { index } = buildMiniSearch(passages);
    return (q, doc) => ({
      texts: index
        .search(q, doc ? { filter: (r) => passages[r.id as number]!.documentId === doc } : {})
        .slice(0, 5)
        .map((r) => passages[r.id as number]!.text),
    });
  },
  lunr: (documents) => {
    const passages = documents.flatMap((d) => chunkDocument(d));
    const engine = buildLunr(passages);
    const byText = new Map(passages.map((p) => [p.text, p.documentId]));
    return (q, doc) => {
      const all = engine.search(q);
      return { texts: (doc ? all.filter((t) => byText.get(t) === doc) : all).slice(0, 5) };
    };
  },
};

async function readSet(set: WideSet): Promise<SquadArticle[] | undefined> {
  const dirs = set.shared ? SHARED_DIRS : [WIDE_DIR];
  const url = dirs.map((d) => new URL(`${set.name}.json`, d)).find((u) => existsSync(u));
  return url ? parseSquad(await readFile(url, 'utf8'), url.pathname) : undefined;
}

export interface WideRun {
  sets: string[];
  /** Every how-many-th question on top of each set's own sampling (a quicker run while developing). */
  thin: number;
  engines: string[];
  misses: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(3);

/** Runs the wide sets; returns the lines to print. */
export async function runWide(run: WideRun, table: (header: string[], rows: string[][]) => string): Promise<string[]> {
  const out: string[] = [];
  const publicArticles = parseSquad(await readFile(new URL('eval/squad2-dev-public.json', ROOT), 'utf8'));
  const wikipedia = (await readSet(WIDE_SETS[0]!))!;
  const offTopicOf = (set: WideSet) =>
    set.offTopic === 'public'
      ? sampleQuestions(publicArticles, OFF_TOPIC_COUNT)
      : set.offTopic === 'wikipedia'
        ? sampleQuestions(wikipedia, OFF_TOPIC_COUNT)
        : [];
  const rows: string[][] = [];
  const curves: string[][] = [];
  for (const set of WIDE_SETS.filter((s) => run.sets.includes(s.name))) {
    const articles = await readSet(set);
    if (!articles) {
      out.push(
        `${set.name}: not found in ${SHARED_DIRS.map((d) => d.pathname).join(' or ')} (its licence keeps it out of the project), skipped`,
      );
      continue;
    }
    const { files, ids } = wideCorpus(articles, set.publisher);
    const documents = loadCorpus(files);
    for (const name of run.engines) {
      const started = performance.now();
      const report: WideReport = evaluateWide(articles, ids, WIDE_ENGINES[name]!(documents), {
        every: set.every * run.thin,
        perDocument: set.perDocument,
        offTopic: offTopicOf(set),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (name === 'redline' && run.misses)
        for (const m of report.misses)
          out.push(
            `miss  ${set.name}  ${JSON.stringify(m.question)}: ${m.rank < 0 ? (m.top ? 'not in top 5' : 'declined') : `rank ${m.rank + 1}`}`,
          );
      rows.push([
        name === 'redline' ? `${set.label} (${report.answerable})` : '',
        name,
        num(report.hitAt1),
        num(report.hitAt3),
        num(report.mrr),
        pct(report.declined),
        report.offTopic ? pct(report.offTopicDeclined) : '-',
        `${seconds}s`,
      ]);
      if (name === 'redline' && report.scored.some((s) => s.confidence > 0))
        for (const p of confidenceCurve(report, THRESHOLDS))
          curves.push([
            p.threshold === THRESHOLDS[0] ? set.label : '',
            p.threshold.toFixed(2),
            pct(p.answered),
            pct(p.precision),
            report.offTopic ? pct(p.offTopicAnswered) : '-',
          ]);
    }
  }
  out.push('Wide sets (eval/wide/README.md): hit@1 of the top passage; off-topic: questions of another set asked of this corpus\n');
  out.push(table(['set', 'engine', 'hit@1', 'hit@3', 'MRR', 'answerable declined', 'off-topic declined', 'time'], rows), '');
  if (curves.length) {
    out.push('Confidence (redline): at each threshold, answerable questions answered, of those right (hit@1), off-topic answered\n');
    out.push(table(['set', 'threshold', 'answered', 'right', 'off-topic answered'], curves), '');
  }
  if (run.sets.includes(WIDE_SETS[0]!.name)) {
    const questions = sampleQuestions(publicArticles, OFF_TOPIC_COUNT);
    const documents = loadCorpus(wideCorpus(wikipedia, 'wikipedia.org').files);
    const rows = run.engines.map((name) => [
      name,
      ...CURVE_SIZES.map((size) => {
        const search = WIDE_ENGINES[name]!(documents.slice(0, size));
        return pct(questions.filter((q) => !search(q).texts.length).length / questions.length);
      }),
    ]);
    out.push(
      `Off-topic declined as the corpus grows (the first N Wikipedia articles; ${questions.length} questions of the public articles)\n`,
    );
    out.push(table(['engine', ...CURVE_SIZES.map((s) => `${s} articles`)], rows), '');
  }
  return out;
}
