import { count, esc, safeHref, scrollingTable } from './page.js';

/** A source followed, as the operator page shows it (what `redline sources` reports). */
export interface SourceView {
  url: string;
  every: string;
  title?: string;
  lastFetch?: string;
  items: number;
  errors: number;
  lastError?: { at: string; message: string };
}

/** The sources followed (`sources.yaml`), or why they could not be read. */
export interface SourcesView {
  /** The `sources.yaml` read; absent when the corpus follows none. */
  file?: string;
  sources: SourceView[];
  note?: string;
}

const when = (iso: string | undefined) =>
  iso ? `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace('T', ' '))}</time>` : 'never';

/** The sources section: each source with its last fetch, items and errors (the last error's message as text). */
export function sourcesSection(view: SourcesView): string {
  const body = !view.file
    ? '<p class="muted">No sources followed: a <code>sources.yaml</code> in the corpus folder lists feeds and pages to follow.</p>'
    : scrollingTable(
        'Sources followed',
        `<table><thead><tr><th scope="col">Source</th><th scope="col">Every</th><th scope="col">Last fetch</th><th scope="col" class="n">Items</th><th scope="col" class="n">Errors</th><th scope="col">Last error</th></tr></thead>
<tbody>${view.sources
          .map((s) => {
            const href = safeHref(s.url);
            const name = esc(s.title ?? s.url);
            return `<tr><td>${href ? `<a href="${esc(href)}" rel="noopener noreferrer">${name}</a>` : name}</td><td>${esc(s.every)}</td><td>${when(s.lastFetch)}</td><td class="n">${count(s.items)}</td><td class="n">${count(s.errors)}</td><td>${s.lastError ? `${when(s.lastError.at)}: ${esc(s.lastError.message)}` : '—'}</td></tr>`;
          })
          .join('')}</tbody></table>`,
      );
  return `<section id="sources" aria-labelledby="sources-h">
<h2 id="sources-h">Sources followed</h2>
${view.note ? `<p class="muted">${esc(view.note)}</p>` : ''}
${body}
</section>`;
}
