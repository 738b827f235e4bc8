import { parseRequest } from '../../src/request/parse.js';
import { QUERY_MAX_LENGTH } from '../../src/request/commands.js';
import type { Explanation } from '../../src/search/explain.js';
import type { RedlineService } from '../../src/service/service.js';
import { renderAnswer } from '../discord/render.js';
import { renderSlackAnswer } from '../slack/render.js';
import { discordPreview } from './discord-preview.js';
import { esc } from './page.js';
import { slackPreview } from './slack-preview.js';

const READINGS: Record<Explanation['words'][number]['reading'], string> = {
  corpus: 'in the corpus',
  related: 'not in the corpus: searched as related words',
  corrected: 'not in the corpus: read as a misspelling',
  unknown: 'not in the corpus, nor anything like it',
};

/**
 * The try section: a form (GET, so trying changes nothing), and for a query the answer as Slack
 * and Discord would show it (their own renderers) with why it is that answer.
 */
export function trySection(redline: RedlineService, command: string, query: string | undefined): string {
  const typed = (query ?? '').slice(0, QUERY_MAX_LENGTH * 2);
  const form = `<form method="get" action="/admin#try" class="try-form" role="search">
<div style="flex:1 1 16rem"><label for="q">Question or command (as typed after /${esc(command)})</label><input id="q" name="q" type="search" value="${esc(typed)}" maxlength="${QUERY_MAX_LENGTH * 2}" style="width:100%"></div>
<button type="submit">Try it</button>
</form>`;
  return `<section id="try" aria-labelledby="try-h">
<h2 id="try-h">Try a question</h2>
${form}
${typed.trim() ? result(redline, command, typed) : '<p class="muted">The answer is shown as each platform would show it, with why: nothing is posted, and it does not count as asked.</p>'}
</section>`;
}

function result(redline: RedlineService, command: string, typed: string): string {
  const request = parseRequest(typed);
  // As the `redline` tool: no user, no rate limit, and it is not counted as a question asked.
  const reply = redline.respond(request, { platform: 'cli' });
  const slack = renderSlackAnswer(reply.answer, { command, asked: typed, followUps: reply.followUps });
  const discord = renderAnswer(reply.answer, { command, followUps: reply.followUps });
  const why =
    reply.request.command === 'ask' && reply.request.text.trim()
      ? explanationHtml(redline.current().library.explain(reply.request.text, reply.request.doc ? { doc: reply.request.doc } : {}))
      : `<p class="muted">Only a question (ask) is explained; this is <code>${esc(reply.request.command)}</code>.</p>`;
  return `<div class="previews">
<div><h3 id="slack-h">In Slack</h3><div aria-labelledby="slack-h">${slackPreview(slack)}</div></div>
<div><h3 id="discord-h">In Discord</h3><div aria-labelledby="discord-h">${discordPreview(discord)}</div></div>
</div>
<h3 id="why">Why</h3>
${why}`;
}

/** The explanation as HTML: the query as read, the top passages with their scores, the decision. */
export function explanationHtml(e: Explanation): string {
  const words = e.words.map((w) => {
    const others = w.alternatives.filter((a) => a.relation !== 'word');
    const also = others.length
      ? `<br><span class="muted">also searched:</span> ${others.map((a) => `${esc(a.spelled)} <span class="muted">(${a.relation}, ×${a.credit})</span>`).join(', ')}`
      : '';
    return `<tr><th scope="row">${esc(w.word)}</th><td>${READINGS[w.reading]}${also}</td><td class="n">${w.weight}</td></tr>`;
  });
  const passages = e.passages.map(
    (p) =>
      `<tr><td class="n">${p.rank}</td><td>${esc(p.document.title)} › ${esc(p.section)}<br><span class="muted">${esc(p.text.length > 220 ? `${p.text.slice(0, 220)}…` : p.text)}</span></td><td class="n">${p.score}</td><td class="n">${p.bm25}</td><td class="n">${p.coverage}</td><td class="n">×${p.reread}</td><td>${esc(p.terms.join(', '))}</td></tr>`,
  );
  const d = e.decision;
  return `<div class="why">
<h4>The query as read</h4>
<div class="scroll" role="region" aria-label="Query words" tabindex="0"><table><thead><tr><th scope="col">Word</th><th scope="col">Read as</th><th scope="col" class="n">Weight</th></tr></thead><tbody>${words.join('') || '<tr><td colspan="3">No word the index can search.</td></tr>'}</tbody></table></div>
${e.answerType ? `<p>It asks for a <strong>${esc(e.answerType)}</strong>: a passage holding one near its words ranks higher.</p>` : ''}
${e.kinds ? `<p>It is answered by kinds of what it asks about: ${e.kinds} searched.</p>` : ''}
<h4>Top passages</h4>
${passages.length ? `<div class="scroll" role="region" aria-label="Top passages" tabindex="0"><table><thead><tr><th scope="col" class="n">#</th><th scope="col">Passage</th><th scope="col" class="n">Score</th><th scope="col" class="n">BM25</th><th scope="col" class="n">Coverage</th><th scope="col" class="n">Reread</th><th scope="col">Matched</th></tr></thead><tbody>${passages.join('')}</tbody></table></div>` : '<p>None.</p>'}
<h4>Decision: ${d.answered ? 'answered' : 'nothing found'}</h4>
<p>${esc(d.reason)}</p>
<dl><dt>Candidates</dt><dd>${d.candidates}</dd><dt>At or above the gate</dt><dd>${d.answering}</dd><dt>Best coverage</dt><dd>${d.bestCoverage}</dd><dt>Gate (minimum coverage)</dt><dd>${d.minCoverage}</dd></dl>
</div>`;
}
