// `npm run eval [file]`: scores retrieval on the public queries (or the given JSON-lines file).
import { readFile } from 'node:fs/promises';
import { configFromEnvironment } from '../app/env.js';
import { evaluateLibrary, parseEvalQueries } from '../src/search/evaluate.js';
import { indexCorpusDir } from '../app/start.js';

const file = process.argv[2] ?? '../shared/eval/queries.public.jsonl';
try {
  const queries = parseEvalQueries(await readFile(file, 'utf8'), file);
  const { library } = await indexCorpusDir(configFromEnvironment().corpusDir);
  const report = evaluateLibrary(library, queries);
  for (const miss of report.misses) {
    const where = miss.rank < 0 ? (miss.top ? 'answered, expected none' : 'not in top 5') : `rank ${miss.rank + 1}`;
    console.log(`miss  ${(miss.kind ?? '').padEnd(10)} ${JSON.stringify(miss.q)}: ${where}`);
  }
  console.log(`queries ${report.queries} (${report.answerable} answerable, ${report.noAnswer} no-answer) from ${file}`);
  console.log(`hit@1 ${report.hitAt1.toFixed(3)}`);
  console.log(`MRR ${report.mrr.toFixed(3)}`);
  console.log(`no-answer accuracy ${report.noAnswerAccuracy.toFixed(3)}`);
} catch (error) {
  console.error(`eval: ${(error as Error).message}`);
  process.exitCode = 1;
}
