import { readFileSync, writeFileSync } from 'node:fs';
import { parseSquad, squadDocument, type SquadArticle } from '../src/eval/squad.js';
import { Library } from '../src/search/library.js';
import { englishLexicon } from '../app/corpus/english.js';
import { normaliseForMatch } from '../src/search/text.js';
const english = englishLexicon();
const W = '/work/shared/eval/wide/';
const load = (f: string) => parseSquad(readFileSync(f, 'utf8'), f);
function right(text: string, paragraph: string, answers: string[]): boolean {
  const p = normaliseForMatch(text), c = normaliseForMatch(paragraph);
  if (!answers.some((a) => p.includes(normaliseForMatch(a)))) return false;
  if (p.length < 80 || c.length < 80) return p.length <= c.length ? c.includes(p) : p.includes(c);
  for (let i = 0; i + 80 <= p.length; i++) if (c.includes(p.slice(i, i + 80))) return true;
  return false;
}
const squad = load(W + 'squad2-dev-29.json');
const squadQs = squad.flatMap((a) => a.questions.map((q) => q.question));
const publicSquad = load('/work/wt/h23/eval/squad2-dev-public.json').flatMap((a) => a.questions.map((q) => q.question));
const sets: Array<[string, SquadArticle[], number, string[], boolean]> = [
  ['squad2-dev-29', squad, 5, publicSquad.filter((_, i) => i % 1 === 0).slice(0, 200), false],
  ['doc2dial', load(W + 'doc2dial-dmv-studentaid.json'), 1, squadQs.filter((_, i) => i % 24 === 0).slice(0, 200), false],
  ['policyqa', load(W + 'policyqa-dev.json'), 1, squadQs.filter((_, i) => i % 24 === 1).slice(0, 200), true],
  ['covidqa', load(W + 'covidqa-half-a.json'), 1, squadQs.filter((_, i) => i % 24 === 2).slice(0, 200), false],
];
const out: unknown[] = [];
for (const [name, articles, every, offTopic, perDoc] of sets) {
  const seen = new Map<string, number>();
  const docs = articles.map((a) => { const d = squadDocument(a); const n = seen.get(d.id) ?? 0; seen.set(d.id, n + 1); return n ? { ...d, id: `${d.id}-${n}`, file: `${d.id}-${n}.md` } : d; });
  const lib = new Library(docs, { english });
  const feat = (q: string, doc?: string) => {
    const r = lib.search(q, { limit: 2, ...(doc ? { doc } : {}) });
    const read = lib.read(q);
    const h = r.hits;
    return { n: h.length, total: r.total, s1: h[0]?.score ?? 0, s2: h[1]?.score ?? 0, c1: h[0]?.coverage ?? 0, c2: h[1]?.coverage ?? 0, terms: read.terms.length, known: read.terms.filter((t) => t.reading === 'corpus').length, hl: h[0]?.highlights.length ?? 0, text: h[0]?.passage.text ?? '' };
  };
  const seenQ = new Set<string>();
  let k = 0;
  articles.forEach((a, ai) => {
    for (const q of a.questions) {
      if (perDoc) { const key = q.question + '|' + ai; if (seenQ.has(key)) continue; seenQ.add(key); }
      if (k++ % every) continue;
      const f = feat(q.question, perDoc ? docs[ai]!.id : undefined);
      const ok = f.n > 0 && right(f.text, a.paragraphs[q.paragraph]!, a.questions.filter((x) => x.question === q.question).flatMap((x) => x.paragraph === q.paragraph ? x.answers : []));
      // policyqa: any of the question's paragraphs in that policy counts
      const ok2 = perDoc && f.n > 0 ? a.questions.filter((x) => x.question === q.question).some((x) => right(f.text, a.paragraphs[x.paragraph]!, x.answers)) : ok;
      out.push({ set: name, kind: 'answerable', q: q.question, ...f, text: undefined, right: ok2 });
    }
  });
  for (const q of offTopic) { const f = feat(q); out.push({ set: name, kind: 'offtopic', q, ...f, text: undefined, right: false }); }
  console.error(name, k);
}
writeFileSync('/tmp/h23/features.json', JSON.stringify(out));
