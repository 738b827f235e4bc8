import type { Explanation } from '../../src/search/explain.js';
import { cutAtWord } from '../../src/present/cut.js';

const READINGS: Record<Explanation['words'][number]['reading'], string> = {
  corpus: 'in the corpus',
  related: 'not in the corpus; searched as related words',
  corrected: 'not in the corpus; read as a misspelling',
  unknown: 'not in the corpus, nor anything like it',
};

/** `redline ask --explain`'s text: the query as read, the best passages with their figures, the no-answer decision. */
export function renderExplanation(e: Explanation): string {
  const lines = [`Why: "${e.query}"`, '', 'The query as read:'];
  if (!e.words.length) lines.push('  (no word the index can search)');
  for (const w of e.words) {
    lines.push(`  ${w.word}  (${READINGS[w.reading]}, weight ${w.weight})`);
    const others = w.alternatives.filter((a) => a.relation !== 'word');
    if (others.length) lines.push(`    also searched: ${others.map((a) => `${a.spelled} (${a.relation}, ×${a.credit})`).join(', ')}`);
  }
  if (e.answerType) lines.push(`  asks for: ${e.answerType}`);
  if (e.kinds) lines.push(`  answered by kinds of what it asks about: ${e.kinds} searched`);
  lines.push('', 'Top passages:');
  if (!e.passages.length) lines.push('  (none)');
  for (const p of e.passages)
    lines.push(
      `  ${p.rank}. ${p.score}  ${p.document.title} › ${p.section}  [${p.id}]`,
      `     bm25 ${p.bm25} × coverage ${p.coverage} → first pass ${p.firstPass}; reread ×${p.reread}; matched: ${p.terms.join(', ') || '—'}`,
      `     ${cutAtWord(p.text.replace(/\s+/g, ' '), 160)}`,
    );
  const d = e.decision;
  lines.push(
    '',
    `Decision: ${d.answered ? 'answered' : 'nothing found'}`,
    `  ${d.reason}`,
    `  candidates ${d.candidates}, at or above the gate ${d.answering}, best coverage ${d.bestCoverage}, gate ${d.minCoverage}`,
  );
  return lines.join('\n');
}
