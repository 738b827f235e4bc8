// The bench's command line: its usage text, its defaults, and the settings a run reads from argv.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENGINES, type EngineName } from './engines.js';

/** The checkout the bench runs from: the corpus, dist/ and the shared data beside it are found from here. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA = join(ROOT, '..', 'shared', 'data', 'bbc-news-sport-politics.csv');
const DEFAULT_QUERIES = join(ROOT, '..', 'shared', 'eval', 'queries.public.jsonl');

/** What `npm run bench -- --help` prints, and what a wrong option is answered with. */
export const USAGE = `usage: npm run bench -- [options]

  --json               print one JSON object on stdout (progress on stderr)
  --quick              a fast smoke run (x1 only, few iterations)
  --scales 1,5,10,30   copies of the news articles beside the article (default 1,5,10,30)
  --data PATH          news CSV (category,text); default ../shared/data/bbc-news-sport-politics.csv
  --queries PATH       eval queries (JSON lines); default ../shared/eval/queries.public.jsonl
  --engines LIST       redline,minisearch,lunr (default all)
  --skip-build         do not run tsc before the cold-start runs (use dist/ as it is)
  --skip-cold          no cold-start runs
  --skip-load          no HTTP load runs
  --formats            also the corpus formats and a 50 MB document added while serving (bench/formats.ts)
  --skip-hold          no hostile-client, overload, shutdown and 1 GB gaps runs (bench/hold.ts)
  --load-seconds N     duration of each load run (default 5; quick 2)
  --check              exit 1 when a measured target fails
  --render FILE        print the table for a saved --json result (no measuring)`;

/** One run's choices, from the command line with the defaults filled in. */
export interface Settings {
  json: boolean;
  quick: boolean;
  scales: number[];
  data: string;
  queries: string;
  engines: EngineName[];
  build: boolean;
  cold: boolean;
  load: boolean;
  hold: boolean;
  formats: boolean;
  loadSeconds: number;
  check: boolean;
  render?: string;
}

/** The settings of `argv`; `--help` prints the usage and exits; a bad value throws an exact message. */
export function settingsFrom(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      scales: { type: 'string' },
      data: { type: 'string' },
      queries: { type: 'string' },
      engines: { type: 'string' },
      'skip-build': { type: 'boolean' },
      'skip-cold': { type: 'boolean' },
      'skip-load': { type: 'boolean' },
      'skip-hold': { type: 'boolean' },
      formats: { type: 'boolean' },
      'load-seconds': { type: 'string' },
      check: { type: 'boolean' },
      render: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = Boolean(values.quick);
  const scales = (values.scales ?? (quick ? '1' : '1,5,10,30'))
    .split(',')
    .filter((s) => s.trim())
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) throw new Error(`--scales takes whole numbers separated by commas (got "${s}")`);
      return n;
    })
    .filter((n) => n > 0);
  const engines = (values.engines ?? ENGINES.join(',')).split(',').map((e) => e.trim()) as EngineName[];
  for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`--engines: unknown engine "${e}" (${ENGINES.join(', ')})`);
  const loadSeconds = Number(values['load-seconds'] ?? (quick ? 2 : 5));
  if (!(loadSeconds > 0)) throw new Error(`--load-seconds must be a positive number (got "${values['load-seconds']}")`);
  return {
    json: Boolean(values.json),
    quick,
    scales: [...new Set(scales)].sort((a, b) => a - b),
    data: values.data ? resolve(values.data) : DEFAULT_DATA,
    queries: values.queries ? resolve(values.queries) : DEFAULT_QUERIES,
    engines,
    build: !values['skip-build'],
    cold: !values['skip-cold'],
    load: !values['skip-load'],
    hold: !values['skip-hold'],
    formats: Boolean(values.formats),
    loadSeconds,
    check: Boolean(values.check),
    ...(values.render ? { render: resolve(values.render) } : {}),
  };
}
