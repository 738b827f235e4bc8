// `npm run eval [FILE...] [--squad FILE...] [--unasked]`: retrieval quality, redline beside plain MiniSearch and Lunr.
// With no arguments: the project's query files, SQuAD file and wide sets in eval/, then the unasked-answering curve
// (`--unasked` alone: the curve only; `--wide`: the wide sets only; `--set NAME` one of them; `--thin N` every N-th
// question of it; `--engine NAME` one engine).
import { existsSync } from 'node:fs';
import { table } from './table.js';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildLunr, buildMiniSearch } from '../bench/engines.js';
import { chunkDocument } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load.js';
import { readCorpusFiles } from '../app/corpus/files.js';
import { configFromEnvironment } from '../app/config/env.js';
import { evaluate, parseEvalQueries, type EvalReport } from '../src/eval/queries.js';
import { evaluateSquad, parseSquad, type SquadReport } from '../src/eval/squad.js';
import { readLexiconFile } from '../app/corpus/lexicon.js';
import { englishLexicon } from '../app/corpus/english.js';
import { Library } from '../src/search/library.js';
import { runWide, WIDE_ENGINES, WIDE_SETS } from './eval-wide.js';
import type { CorpusLexicon } from '../src/search/synonyms.js';
import type { Document } from '../src/types.js';
import { printUnaskedSection } from './eval-unasked.js';

const EVAL_DIR = new URL('../eval/', import.meta.url);
const DEFAULT_QUERY_FILES = ['queries.public.jsonl', 'queries.dev.jsonl', 'cloud-migration.jsonl'].map(
  (f) => new URL(f, EVAL_DIR).pathname,
);
const DEFAULT_SQUAD_FILES = [new URL('squad2-dev-public.json', EVAL_DIR).pathname];

const english = englishLexicon();

type Engine = (documents: Document[], lexicon?: CorpusLexicon) => (q: string) => string[];
const ENGINES: Record<string, Engine> = {
  redline: (documents, lexicon) => {
    const library = new Library(documents, { english, ...(lexicon ? { lexicon } : {}) });
    return (q) => library.search(q, { limit: 5 }).hits.map((h) => h.passage.text);
  },
  minisearch: (documents) => {
    const engine = buildMiniSearch(documents.flatMap((d) => chunkDocument(d)));
    return (q) => engine.search(q).slice(0, 5);
  },
  lunr: (documents) => {
    const engine = buildLunr(documents.flatMap((d) => chunkDocument(d)));
    return (q) => engine.search(q).slice(0, 5);
  },
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(3);

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      squad: { type: 'string', multiple: true },
      misses: { type: 'boolean' },
      wide: { type: 'boolean' },
      set: { type: 'string', multiple: true },
      thin: { type: 'string' },
      engine: { type: 'string', multiple: true },
      unasked: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const wideOnly = values.wide || values.set !== undefined;
  const chosen = positionals.length > 0 || values.squad !== undefined || wideOnly || values.unasked === true;
  const queryFiles = chosen ? positionals : DEFAULT_QUERY_FILES;
  const squadFiles = values.squad ?? (chosen ? [] : DEFAULT_SQUAD_FILES);
  const wideSets = values.set ?? (wideOnly || !chosen ? WIDE_SETS.map((s) => s.name) : []);
  const unknown = [
    ...wideSets.filter((s) => !WIDE_SETS.some((w) => w.name === s)),
    ...(values.engine ?? []).filter((e) => !(e in WIDE_ENGINES)),
  ];
  if (unknown.length)
    throw new Error(
      `unknown set or engine "${unknown[0]}" (sets: ${WIDE_SETS.map((s) => s.name).join(', ')}; engines: ${Object.keys(WIDE_ENGINES).join(', ')})`,
    );

  if (queryFiles.length) {
    const rows: string[][] = [];
    for (const file of queryFiles) {
      const dir = corpusFor(file);
      const documents = loadCorpus(await readCorpusFiles(dir));
      const lexicon = await readLexiconFile(dir);
      const queries = parseEvalQueries(await readFile(file, 'utf8'), file);
      for (const [name, build] of Object.entries(ENGINES)) {
        const r: EvalReport = evaluate(build(documents, lexicon), queries);
        if (name === 'redline')
          printMisses(
            file,
            r.misses.map(
              (m) =>
                `${(m.kind ?? '').padEnd(10)} ${JSON.stringify(m.q)}: ${m.rank < 0 ? (m.top ? 'answered, expected none' : 'not in top 5') : `rank ${m.rank + 1}`}`,
            ),
            values.misses,
          );
        rows.push([
          name === 'redline' ? `${shortName(file)} (${r.answerable}+${r.noAnswer})` : '',
          name,
          num(r.hitAt1),
          num(r.hitAt3),
          num(r.mrr),
          pct(r.noAnswerAccuracy),
        ]);
      }
    }
    console.log(`Query files (answerable + no-answer queries), each over eval/corpora/<file name>/ when there is one, else CORPUS_DIR:\n`);
    console.log(table(['set', 'engine', 'hit@1', 'hit@3', 'MRR', 'no-answer right'], rows));
    console.log('');
  }

  for (const file of squadFiles) {
    const articles = parseSquad(await readFile(file, 'utf8'), file);
    const rows: string[][] = [];
    for (const [name, build] of Object.entries(ENGINES)) {
      const r: SquadReport = evaluateSquad(articles, (document) => build([document]));
      if (name === 'redline')
        printMisses(
          file,
          r.misses.map(
            (m) => `${JSON.stringify(m.question)}: ${m.rank < 0 ? (m.top ? 'not in top 5' : 'declined') : `rank ${m.rank + 1}`}`,
          ),
          values.misses,
        );
      rows.push([
        name === 'redline' ? `${shortName(file)} (${r.answerable})` : '',
        name,
        num(r.hitAt1),
        num(r.hitAt3),
        num(r.mrr),
        pct(r.declined),
        pct(r.offTopicDeclined),
      ]);
    }
    console.log(
      `SQuAD: ${articles.map((a) => a.title).join(', ')}; off-topic: each article's questions asked of a corpus holding only the other(s)\n`,
    );
    console.log(table(['set', 'engine', 'hit@1', 'hit@3', 'MRR', 'answerable declined', 'off-topic declined'], rows));
    console.log('');
  }

  if (wideSets.length) {
    const run = {
      sets: wideSets,
      thin: Math.max(1, Number(values.thin ?? 1) || 1),
      engines: values.engine ?? Object.keys(WIDE_ENGINES),
      misses: values.misses ?? false,
    };
    for (const line of await runWide(run, table)) console.log(line);
  }

  // With no arguments (or `--unasked` alone): the curve of answering without being asked, on every public set.
  if (values.unasked || (!positionals.length && !values.squad && !wideOnly)) {
    const queryFiles = [];
    for (const file of DEFAULT_QUERY_FILES) {
      const dir = corpusFor(file);
      const lexicon = await readLexiconFile(dir);
      queryFiles.push({ file, documents: loadCorpus(await readCorpusFiles(dir)), ...(lexicon ? { lexicon } : {}) });
    }
    await printUnaskedSection({ english, queryFiles, squadFile: DEFAULT_SQUAD_FILES[0]! });
  }
}

/** A query file's own corpus (`eval/corpora/NAME/` for `NAME.jsonl`), else the one in CORPUS_DIR. */
function corpusFor(file: string): string {
  const own = new URL(`corpora/${shortName(file).replace(/\.jsonl$/, '')}/`, EVAL_DIR).pathname;
  return existsSync(own) ? own : configFromEnvironment().corpusDir;
}

function printMisses(file: string, lines: string[], show: boolean | undefined): void {
  if (!show) return;
  for (const line of lines) console.log(`miss  ${shortName(file)}  ${line}`);
}

function shortName(file: string): string {
  return file.split('/').pop()!;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`eval: ${(error as Error).message}`);
  process.exitCode = 1;
});
