import type { SlackMessage } from '../slack/render.js';
import { decodeSlackText } from '../slack/mrkdwn.js';
import { esc, safeHref } from './page.js';

// A Block Kit message (as adapters/slack/render.ts builds it) shown as Slack shows it: sections and
// context in mrkdwn (bold, italic, strike, code, links, quotes), headers, dividers, buttons.

type Block = SlackMessage['blocks'][number];
type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string };

/** The message as HTML; every piece of text is escaped, links only when http(s). */
export function slackPreview(message: SlackMessage): string {
  const blocks = message.blocks.map(blockHtml).join('');
  return `<div class="slack" data-platform="slack">${blocks || `<div class="block">${mrkdwnHtml(message.text)}</div>`}</div>`;
}

function blockHtml(block: Block): string {
  const b = block as unknown as { type: string; text?: TextObject; elements?: Array<TextObject | ButtonElement>; fields?: TextObject[] };
  switch (b.type) {
    case 'section':
      return `<div class="block section">${b.text ? textHtml(b.text) : ''}${(b.fields ?? []).map((f) => `<div>${textHtml(f)}</div>`).join('')}</div>`;
    case 'context':
      return `<div class="block context">${(b.elements ?? []).map((e) => textHtml(e as TextObject)).join(' ')}</div>`;
    case 'header':
      return `<div class="block"><strong>${esc(b.text?.text ?? '')}</strong></div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="block actions">${(b.elements ?? []).map((e) => buttonHtml(e as ButtonElement)).join('')}</div>`;
    default:
      return `<div class="block muted">[${esc(b.type)} block]</div>`;
  }
}

interface ButtonElement {
  type: string;
  text?: TextObject;
  style?: 'primary' | 'danger';
  url?: string;
}

function buttonHtml(e: ButtonElement): string {
  if (e.type !== 'button') return '';
  return `<span class="btn${e.style ? ` ${e.style}` : ''}">${esc(e.text?.text ?? '')}</span>`;
}

function textHtml(t: TextObject): string {
  return t.type === 'mrkdwn' ? mrkdwnHtml(t.text) : esc(t.text);
}

const MARKS: Record<string, string> = { '*': 'strong', _: 'em', '~': 's', '`': 'code' };

/**
 * Slack mrkdwn as HTML: `<url|label>` links, `*bold*`, `_italic_`, `~strike~`, `` `code` ``, and
 * lines starting `>` as quotes. The text arrives entity-escaped (`&amp;`, `&lt;`, `&gt;`): it is
 * decoded as Slack would, then escaped as HTML.
 */
export function mrkdwnHtml(text: string): string {
  // Runs of lines, quoted or not: a quote is a block, the lines within a run keep their breaks.
  const runs: Array<{ quoted: boolean; lines: string[] }> = [];
  for (const line of text.split('\n')) {
    const quoted = line.startsWith('>');
    const body = quoted ? line.slice(1).replace(/^ /, '') : line;
    const last = runs.at(-1);
    if (last && last.quoted === quoted) last.lines.push(body);
    else runs.push({ quoted, lines: [body] });
  }
  return runs
    .map((r) => (r.quoted ? `<blockquote>${r.lines.map(inline).join('\n')}</blockquote>` : r.lines.map(inline).join('\n')))
    .join('');
}

function inline(line: string): string {
  let out = '';
  const open: string[] = [];
  let i = 0;
  let plain = '';
  const flush = () => {
    out += esc(decodeSlackText(plain));
    plain = '';
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === '<') {
      const end = line.indexOf('>', i);
      if (end > i) {
        flush();
        out += linkHtml(line.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    const tag = MARKS[c];
    // A mark opens before a word and closes after one, as Slack reads them.
    if (tag && (open.at(-1) === tag ? /\S/.test(line[i - 1] ?? '') : /\S/.test(line[i + 1] ?? '') && line.indexOf(c, i + 1) > i)) {
      flush();
      if (open.at(-1) === tag) {
        open.pop();
        out += `</${tag}>`;
      } else {
        open.push(tag);
        out += `<${tag}>`;
      }
      i++;
      continue;
    }
    plain += c;
    i++;
  }
  flush();
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

function linkHtml(inside: string): string {
  const bar = inside.indexOf('|');
  const target = decodeSlackText(bar >= 0 ? inside.slice(0, bar) : inside);
  const label = bar >= 0 ? inside.slice(bar + 1) : target;
  const href = safeHref(target);
  return href ? `<a href="${esc(href)}" rel="noopener noreferrer">${esc(decodeSlackText(label))}</a>` : esc(decodeSlackText(label));
}
