import { count, esc, scrollingTable, tryLink } from './page.js';

/** One day's counts (no query text). */
export interface DayView {
  day: string;
  asked: number;
  answered: number;
  nothing: number;
  up: number;
  down: number;
}

/** A query people asked that the corpus did not answer, or whose answer they marked 👎 (what `redline gaps` prints). */
export interface GapView {
  query: string;
  unanswered: number;
  disliked: number;
  last: string;
}

const SERIES = [
  { key: 'answered', label: 'Answered', colour: 'var(--answered)' },
  { key: 'nothing', label: 'Found nothing', colour: 'var(--nothing)' },
  { key: 'up', label: '👍 votes', colour: 'var(--up)' },
  { key: 'down', label: '👎 votes', colour: 'var(--down)' },
] as const;

const W = 720;
const H = 240;
const PAD = { left: 36, right: 8, top: 10, bottom: 28 };

/** The questions section: the chart of the last days, its numbers as a table, and the most frequent gaps. */
export function questionsSection(days: readonly DayView[], gaps: readonly GapView[], gapsNote = ''): string {
  const totals = days.reduce(
    (t, d) => ({
      asked: t.asked + d.asked,
      answered: t.answered + d.answered,
      nothing: t.nothing + d.nothing,
      up: t.up + d.up,
      down: t.down + d.down,
    }),
    { asked: 0, answered: 0, nothing: 0, up: 0, down: 0 },
  );
  const legend = `<ul class="legend"><li><i style="background:var(--ink);height:.2rem;vertical-align:.25rem"></i>Asked (a mark over the day)</li>${SERIES.map((s) => `<li><i style="background:${s.colour}"></i>${s.label}</li>`).join('')}</ul>`;
  const rows = days.map(
    (d) =>
      `<tr><th scope="row">${esc(d.day)}</th><td class="n">${d.asked}</td><td class="n">${d.answered}</td><td class="n">${d.nothing}</td><td class="n">${d.up}</td><td class="n">${d.down}</td></tr>`,
  );
  const table = `<table><thead><tr><th scope="col">Day (UTC)</th><th scope="col" class="n">Asked</th><th scope="col" class="n">Answered</th><th scope="col" class="n">Found nothing</th><th scope="col" class="n">👍</th><th scope="col" class="n">👎</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="questions" aria-labelledby="questions-h">
<h2 id="questions-h">Questions</h2>
<p>Last ${days.length} days: ${count(totals.asked)} asked, ${count(totals.answered)} answered, ${count(totals.nothing)} found nothing, ${count(totals.up)} 👍, ${count(totals.down)} 👎.</p>
<figure class="chart">${chart(days)}${legend}</figure>
<details><summary>The numbers, day by day</summary>${scrollingTable('Questions per day', table)}</details>
<h3>Asked and not answered, or marked 👎</h3>
${gapsNote ? `<p class="muted">${esc(gapsNote)}</p>` : ''}
${gapList(gaps)}
</section>`;
}

function gapList(gaps: readonly GapView[]): string {
  if (!gaps.length) return '<p>No unanswered or disliked queries yet.</p>';
  const rows = gaps.map(
    (g) =>
      `<tr><td><a href="${esc(tryLink(g.query))}">${esc(g.query)}</a></td><td class="n">${g.unanswered}</td><td class="n">${g.disliked}</td><td>${esc(g.last.slice(0, 10))}</td></tr>`,
  );
  const table = `<table><thead><tr><th scope="col">Query (try it)</th><th scope="col" class="n">Unanswered</th><th scope="col" class="n">👎</th><th scope="col">Last</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return scrollingTable('Gaps', table);
}

/** A step that makes four or five grid lines up to at least `max`. */
function niceStep(max: number): number {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return Math.max(1, Math.round(step));
}

/** The chart, drawn on the server: per day a stacked bar (answered, found nothing), one of votes, and a mark at the number asked. */
function chart(days: readonly DayView[]): string {
  const max = Math.max(1, ...days.map((d) => Math.max(d.asked, d.answered + d.nothing, d.up + d.down)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, days.length);
  const bar = Math.max(2, slot * 0.36);
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step)
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d5d8de"/><text x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#4f5560">${v}</text>`,
    );
  const rect = (x: number, from: number, value: number, colour: string, title: string) =>
    value
      ? `<rect x="${x.toFixed(1)}" y="${y(from + value).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(from) - y(from + value)).toFixed(1)}" fill="${colour}"><title>${esc(title)}</title></rect>`
      : '';
  days.forEach((d, i) => {
    const x = PAD.left + i * slot + slot * 0.1;
    parts.push(
      rect(x, 0, d.answered, 'var(--answered)', `${d.day}: ${d.answered} answered`),
      rect(x, d.answered, d.nothing, 'var(--nothing)', `${d.day}: ${d.nothing} found nothing`),
      rect(x + bar + 1, 0, d.up, 'var(--up)', `${d.day}: ${d.up} 👍`),
      rect(x + bar + 1, d.up, d.down, 'var(--down)', `${d.day}: ${d.down} 👎`),
    );
    // Asked can exceed answered + found nothing (the rate-limited): a mark at its height, across both bars.
    if (d.asked)
      parts.push(
        `<line x1="${(x - 2).toFixed(1)}" x2="${(x + 2 * bar + 3).toFixed(1)}" y1="${y(d.asked).toFixed(1)}" y2="${y(d.asked).toFixed(1)}" stroke="#1b1b1f" stroke-width="2.5"><title>${esc(`${d.day}: ${d.asked} asked`)}</title></line>`,
      );
    if (i % 5 === (days.length - 1) % 5)
      parts.push(
        `<text x="${(x + bar).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="#4f5560">${esc(d.day.slice(5))}</text>`,
      );
  });
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-t chart-d" xmlns="http://www.w3.org/2000/svg"><title id="chart-t">Questions per day, ${esc(first)} to ${esc(last)}</title><desc id="chart-d">Bars: answered and found nothing, then 👍 and 👎; a mark over each day: questions asked. The table below the chart holds the same numbers.</desc>${parts.join('')}</svg>`;
}
