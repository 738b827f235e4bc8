import type { Library } from '../../src/search/library.js';
import { count, esc, safeHref, scrollingTable } from './page.js';

/** What loading the corpus left out, as the shell's corpus report has it (names and reasons, never content). */
export interface CorpusState {
  skipped: ReadonlyArray<{ file: string; reason: string }>;
  problems: ReadonlyArray<{ file: string; problem: string }>;
  /** The last change that could not be applied (the last good corpus still serves). */
  broken?: { error: string; file?: string; line?: number; at: string };
}

/** Documents per page of the table: a corpus of thousands is paged, not sent whole. */
export const DOCUMENTS_PER_PAGE = 100;

/** The corpus section: its size, each document of one page of the table, and the files skipped or partly read. */
export function corpusSection(
  library: Library,
  state: CorpusState,
  arrivals: ReadonlyMap<string, string>,
  page: number,
  loadedAt: string,
): string {
  const documents = library.documents;
  const pages = Math.max(1, Math.ceil(documents.length / DOCUMENTS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const shown = documents.slice((current - 1) * DOCUMENTS_PER_PAGE, current * DOCUMENTS_PER_PAGE);
  const rows = shown.map((d) => {
    const passages = library.passagesOf(d.id);
    const lastPage = passages.reduce((max, p) => Math.max(max, p.page ?? 0), 0);
    const href = safeHref(d.url);
    const arrived = arrivals.get(d.file);
    return `<tr><td>${esc(d.title)}<br><span class="muted">${esc(d.id)}</span></td><td>${esc(d.format ?? '')}</td><td class="n">${count(d.sections.length)}</td><td class="n">${count(passages.length)}</td><td class="n">${lastPage ? count(lastPage) : '—'}</td><td>${href ? `<a href="${esc(href)}" rel="noopener noreferrer">${esc(d.source || href)}</a>` : esc(d.source)}</td><td>${arrived ? `<time datetime="${esc(arrived)}">${esc(arrived.slice(0, 16).replace('T', ' '))}</time>` : '—'}</td></tr>`;
  });
  const table = `<table><caption class="muted">Documents ${count((current - 1) * DOCUMENTS_PER_PAGE + (shown.length ? 1 : 0))}–${count((current - 1) * DOCUMENTS_PER_PAGE + shown.length)} of ${count(documents.length)}</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Format</th><th scope="col" class="n">Sections</th><th scope="col" class="n">Passages</th><th scope="col" class="n">Pages</th><th scope="col">Source</th><th scope="col">Arrived</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
  return `<section id="corpus" aria-labelledby="corpus-h">
<h2 id="corpus-h">Corpus</h2>
<p>${count(documents.length)} documents, ${count(library.passages.length)} passages; loaded ${esc(loadedAt.slice(0, 19).replace('T', ' '))} UTC.</p>
${brokenNote(state)}
${leftOut(state)}
${scrollingTable('Documents', table)}
${pager(current, pages)}
</section>`;
}

function brokenNote(state: CorpusState): string {
  const b = state.broken;
  if (!b) return '';
  const where = b.file ? ` (${esc(b.file)}${b.line ? `, line ${b.line}` : ''})` : '';
  return `<p class="warn" role="status">The last change to the corpus was not applied${where}: ${esc(b.error)}. The last good corpus still serves.</p>`;
}

function leftOut(state: CorpusState): string {
  const rows = [
    ...state.skipped.map((s) => `<tr><td>${esc(s.file)}</td><td>skipped</td><td>${esc(s.reason)}</td></tr>`),
    ...state.problems.map((p) => `<tr><td>${esc(p.file)}</td><td>partly read</td><td>${esc(p.problem)}</td></tr>`),
  ];
  if (!rows.length) return '<h3>Files left out</h3><p>None: every file was read in full.</p>';
  const table = `<table><thead><tr><th scope="col">File</th><th scope="col">What</th><th scope="col">Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<h3>Files left out</h3>${scrollingTable('Files left out', table)}`;
}

function pager(current: number, pages: number): string {
  if (pages <= 1) return '';
  const link = (page: number, label: string, rel: string) => `<a href="/admin?page=${page}#corpus" rel="${rel}">${label}</a>`;
  return `<nav class="pager" aria-label="Document pages">${current > 1 ? link(current - 1, '← Previous', 'prev') : ''}<span>Page ${current} of ${pages}</span>${current < pages ? link(current + 1, 'Next →', 'next') : ''}</nav>`;
}
