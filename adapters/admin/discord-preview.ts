import type { DiscordMessage } from '../discord/render.js';
import { esc, safeHref } from './page.js';

// A Discord message (as adapters/discord/render.ts builds it) shown as Discord shows it: content,
// embeds (colour bar, author, title, description, fields, footer) in Discord's markdown, buttons.

type Embed = DiscordMessage['embeds'][number];
type Row = DiscordMessage['components'][number];

const BUTTON_STYLES: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link' };

/** The message as HTML; every piece of text is escaped, links only when http(s). */
export function discordPreview(message: DiscordMessage): string {
  const content = message.content ? `<div class="content">${markdownHtml(message.content)}</div>` : '';
  return `<div class="discord" data-platform="discord">${content}${message.embeds.map(embedHtml).join('')}${message.components.map(rowHtml).join('')}</div>`;
}

function embedHtml(e: Embed): string {
  const colour = `#${(e.color ?? 0x1e1f22).toString(16).padStart(6, '0')}`;
  const link = (text: string, url: string | undefined) => {
    const href = safeHref(url);
    return href ? `<a href="${esc(href)}" rel="noopener noreferrer">${text}</a>` : text;
  };
  const parts = [
    e.author ? `<div class="author">${link(esc(e.author.name), e.author.url)}</div>` : '',
    e.title ? `<div class="title">${link(esc(e.title), e.url)}</div>` : '',
    e.description ? `<div class="desc">${markdownHtml(e.description)}</div>` : '',
    e.fields?.length
      ? `<div class="fields">${e.fields.map((f) => `<div${f.inline ? '' : ' style="grid-column:1/-1"'}><div class="fname">${markdownHtml(f.name)}</div><div class="value">${markdownHtml(f.value)}</div></div>`).join('')}</div>`
      : '',
    e.footer ? `<div class="footer">${esc(e.footer.text)}</div>` : '',
  ];
  return `<div class="embed" style="border-left-color:${colour}">${parts.join('')}</div>`;
}

function rowHtml(row: Row): string {
  const buttons = row.components.map((c) => {
    const b = c as { label?: string; style?: number; disabled?: boolean; emoji?: { name?: string } };
    const label = [b.emoji?.name, b.label].filter(Boolean).join(' ');
    return `<span class="btn ${BUTTON_STYLES[b.style ?? 2] ?? 'secondary'}"${b.disabled ? ' aria-disabled="true"' : ''}>${esc(label)}</span>`;
  });
  return `<div class="row">${buttons.join('')}</div>`;
}

const MARKS: Array<[string, string]> = [
  ['**', 'strong'],
  ['__', 'u'],
  ['~~', 's'],
  ['*', 'em'],
  ['_', 'em'],
  ['`', 'code'],
];

/**
 * Discord markdown as HTML: backslash escapes, `**bold**`, `*italic*`, `_italic_`, `__underline__`,
 * `~~strike~~`, `` `code` ``, `[label](url)` links, and lines starting `> ` (quote), `-# ` (small
 * text) or `#`-`###` (headings).
 */
export function markdownHtml(text: string): string {
  const runs: Array<{ quoted: boolean; lines: string[] }> = [];
  for (const line of text.split('\n')) {
    const quoted = line.startsWith('> ') || line === '>';
    const body = quoted ? line.slice(2) : line;
    const last = runs.at(-1);
    if (last && last.quoted === quoted) last.lines.push(body);
    else runs.push({ quoted, lines: [body] });
  }
  return runs
    .map((r) => (r.quoted ? `<blockquote>${r.lines.map(lineHtml).join('\n')}</blockquote>` : r.lines.map(lineHtml).join('\n')))
    .join('');
}

function lineHtml(line: string): string {
  const heading = /^(#{1,3}) (.*)$/.exec(line);
  if (heading) return `<strong class="h${heading[1]!.length}">${inline(heading[2]!)}</strong>`;
  if (line.startsWith('-# ')) return `<small>${inline(line.slice(3))}</small>`;
  return inline(line);
}

function inline(line: string): string {
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length && /[^\p{L}\p{N}\s]/u.test(line[i + 1]!)) {
      out += esc(line[i + 1]!);
      i += 2;
      continue;
    }
    if (c === '[') {
      const link = /^\[([^\]]*)\]\((https?:\/\/[^\s)]+)\)/.exec(line.slice(i));
      const href = link && safeHref(link[2]);
      if (link && href) {
        out += `<a href="${esc(href)}" rel="noopener noreferrer">${inline(link[1]!)}</a>`;
        i += link[0].length;
        continue;
      }
    }
    const mark = MARKS.find(([m]) => line.startsWith(m, i));
    if (mark) {
      const [m, tag] = mark;
      const closing = open.at(-1) === m;
      // Opens only when it is closed later on the line: a stray mark stays text.
      if (closing || line.indexOf(m, i + m.length) > i) {
        out += closing ? `</${tag}>` : `<${tag}>`;
        if (closing) open.pop();
        else open.push(m);
        i += m.length;
        continue;
      }
    }
    out += esc(c);
    i++;
  }
  while (open.length) (out += `</${MARKS.find(([m]) => m === open.at(-1))![1]}>`), open.pop();
  return out;
}
