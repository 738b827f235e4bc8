import type { APIEmbed } from 'discord.js';
import { webUrl } from '../../src/present/present.js';
import { ELLIPSIS } from '../../src/present/cut.js';
import type { DocumentMeta } from '../../src/types.js';
import { EMBED_AUTHOR_MAX, EMBED_FOOTER_MAX, EMBEDS_TOTAL_MAX } from './limits.js';
import { fitPlain } from './markdown.js';

// Embeds and how text is shared out within their limits.

/** The embed colour: red. */
export const EMBED_COLOR = 0xb3261e;

/** An embed citing a document: the title links to the passage (or the document), author is the source (linked to the document), footer the citation. */
export function embedFor(
  document: DocumentMeta | undefined,
  parts: { title: string; description: string; footer: string; link?: string },
): APIEmbed {
  const url = webUrl(document?.url);
  const titleLink = parts.link ?? url;
  const author = document ? fitPlain(oneLine(document.source), EMBED_AUTHOR_MAX) : '';
  const footerRoom = EMBEDS_TOTAL_MAX - parts.title.length - parts.description.length - author.length;
  const footer = fitPlain(oneLine(parts.footer), Math.max(0, Math.min(EMBED_FOOTER_MAX, footerRoom)));
  return {
    title: parts.title,
    description: parts.description,
    color: EMBED_COLOR,
    ...(titleLink ? { url: titleLink } : {}),
    ...(author ? { author: { name: author, ...(url ? { url } : {}) } } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}

/** Blocks (head + body + tail) that share one description's budget fairly: a short block leaves room for the next. */
export function fitBlocks(blocks: Array<{ head: string; body: (budget: number) => string; tail?: string }>, max: number): string {
  const separator = '\n\n';
  const out: string[] = [];
  let used = 0;
  for (const [i, block] of blocks.entries()) {
    const left = blocks.length - i;
    const frame = block.head.length + (block.tail?.length ?? 0) + (out.length ? separator.length : 0);
    const share = Math.floor((max - used) / left) - frame;
    if (share < 24) {
      // Too little room for a useful excerpt: say how many were left out rather than print stubs.
      const note = `${out.length ? separator : ''}${ELLIPSIS} and ${left} more`;
      if (used + note.length <= max) out.push(note.replace(/^\n\n/, ''));
      break;
    }
    const text = `${block.head}${block.body(share)}${block.tail ?? ''}`;
    out.push(text);
    used += text.length + (out.length > 1 ? separator.length : 0);
  }
  return out.join(separator);
}

/** Whole lines while they fit, then a line saying how many were left out. */
export function fitLines(lines: readonly string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i - 1;
    const reserve = rest ? `\n${ELLIPSIS} and ${rest} more`.length : 0;
    const cost = line.length + (out.length ? 1 : 0);
    if (used + cost + reserve > max) {
      const note = `${ELLIPSIS} and ${lines.length - i} more`;
      if (used + note.length + 1 <= max) out.push(note);
      break;
    }
    out.push(line);
    used += cost;
  }
  return out.join('\n');
}

/** Drops trailing embeds while all of them together exceed Discord's total. */
export function withinTotal(embeds: APIEmbed[]): APIEmbed[] {
  const size = (e: APIEmbed) =>
    (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  const out = [...embeds];
  while (out.length > 1 && out.reduce((sum, e) => sum + size(e), 0) > EMBEDS_TOTAL_MAX) out.pop();
  return out;
}

/** Line breaks as spaces, keeping every offset (highlight spans point into the text). */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}
