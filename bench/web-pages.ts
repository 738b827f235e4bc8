// Loads each saved page of shared/data/web-pages alone (as a one-file corpus, as `npm start` would)
// and prints how many load, each one skipped or failing with its reason, and the median read time
// per MB. `npx tsx bench/web-pages.ts [FOLDER]`.
// The corpus's YAML is read as the app reads it (the full parser for what simple lines do not cover).
import '../app/corpus/yaml.js';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpusDir } from '../app/corpus/index.js';
import { readDocument } from '../src/corpus/load.js';

const dir =
  process.argv[2] ?? ['../shared/data/web-pages', '../../shared/data/web-pages'].find((d) => existsSync(d)) ?? '../shared/data/web-pages';
const names = (await readdir(dir)).filter((n) => n.endsWith('.html')).sort();
let loaded = 0;
const skipped: string[] = [];
const perMb: number[] = [];
for (const name of names) {
  const html = await readFile(join(dir, name));
  const tmp = await mkdtemp(join(tmpdir(), 'pages-'));
  await writeFile(join(tmp, name), html);
  try {
    const res = await loadCorpusDir(tmp);
    const sk = [...res.report.skipped];
    if (res.index.library.documents.length) loaded++;
    else skipped.push(`${name}: skipped: ${sk.map((s) => s.reason).join('; ')}`);
  } catch (e) {
    skipped.push(`${name}: start-up fails: ${(e as Error).message.replace(tmp + '/', '')}`);
  }
  await rm(tmp, { recursive: true });
  const t0 = performance.now();
  try {
    await readDocument({ file: name, content: html.toString('utf8') });
  } catch {}
  perMb.push((performance.now() - t0) / (html.length / 1048576));
}
perMb.sort((a, b) => a - b);
console.log(`loaded ${loaded} / ${names.length}`);
for (const s of skipped) console.log('  ' + s);
console.log(`read time per MB: median ${perMb[Math.floor(perMb.length / 2)]!.toFixed(0)} ms`);
