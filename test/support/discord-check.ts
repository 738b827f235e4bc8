import { expect } from 'vitest';
import type { DiscordMessage } from '../../adapters/discord/render.js';

/**
 * Assertions every Discord payload must pass: within Discord's limits, and no text that could
 * mention or format from user or corpus text.
 */

/** The text a reader sees: our `**` bold markers dropped, escapes resolved, mass-mention guards removed. */
export function visibleText(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i]!;
    if (c === '\\' && i + 1 < markdown.length) out += markdown[++i];
    else if (c === '*' && markdown[i + 1] === '*') i++;
    else out += c;
  }
  return out.replace(/@\u200b(everyone|here)/gi, '@$1');
}

/**
 * Markdown or mention syntax left unescaped, other than the `**` / `*` redline adds itself and the
 * `allowed` strings (e.g. the sharer's `<@id>`, quote markers).
 */
export function unescapedSyntax(markdown: string, allowed: readonly string[] = []): string[] {
  // redline's own command hints are code spans: `/redline topics`.
  // Only an unescaped backtick opens one: a user's escaped "`/" is text, not a hint.
  let text = markdown.replace(/(?<!\\)`\/[^`]*`/g, '');
  for (const a of allowed) text = text.split(a).join('');
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if ('<_~`|['.includes(c)) found.push(`${c} at ${i}`);
    if (c === '@' && /^@(everyone|here)/i.test(text.slice(i))) found.push(`${text.slice(i, i + 9)} at ${i}`);
    const lineStart = i === 0 || text[i - 1] === '\n';
    if (lineStart && /^[ \t]*([>#-]|\d+\.)/.test(text.slice(i))) found.push(`line start "${text.slice(i, i + 3)}" at ${i}`);
  }
  return found;
}

/** Fails unless the message is within every Discord limit. */
export function expectWithinLimits(message: DiscordMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect(message.content.length).toBeLessThanOrEqual(2000);
  expect(message.embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of message.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    total +=
      (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  expect(message.components.length).toBeLessThanOrEqual(5);
  const ids = new Set<string>();
  for (const row of message.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      expect(button.custom_id.length).toBeGreaterThan(0);
      expect(button.custom_id.length).toBeLessThanOrEqual(100);
      expect(ids.has(button.custom_id)).toBe(false);
      ids.add(button.custom_id);
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
      expect(button.label ?? button.emoji?.name).toBeTruthy();
    }
  }
}

/** Fails if any text that renders markdown holds syntax not put there by redline. */
export function expectNothingUnescaped(message: DiscordMessage, allowed: readonly string[] = []): void {
  expect(unescapedSyntax(message.content, allowed)).toEqual([]);
  for (const embed of message.embeds) {
    expect(unescapedSyntax(embed.title ?? '', allowed)).toEqual([]);
    // Quote markers redline puts at the start of a line.
    expect(unescapedSyntax((embed.description ?? '').replace(/^> /gm, ''), allowed)).toEqual([]);
  }
}

/** True when `visible` is `original`, or a cut of it that ends with "…". */
export function isWholeOrCut(visible: string, original: string): boolean {
  return visible === original || (visible.endsWith('…') && original.startsWith(visible.slice(0, -1)));
}
