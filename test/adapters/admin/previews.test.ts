import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownHtml, discordPreview } from '../../../adapters/admin/discord-preview.js';
import { esc } from '../../../adapters/admin/page.js';
import { mrkdwnHtml, slackPreview } from '../../../adapters/admin/slack-preview.js';
import { escapeMarkdown } from '../../../adapters/discord/markdown.js';
import { renderAnswer } from '../../../adapters/discord/render.js';
import { escapeMrkdwn, escapeUserText } from '../../../adapters/slack/mrkdwn.js';
import { renderSlackAnswer } from '../../../adapters/slack/render.js';
import { followUpsOf, loadShippedRedline } from '../../support/helpers.js';

/** The tags a preview may hold: anything else came from text that was not escaped. */
const ALLOWED = new Set(['div', 'span', 'strong', 'em', 's', 'u', 'code', 'a', 'blockquote', 'small', 'hr', 'br']);
const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
/** The text a reader sees: tags dropped, entities read. */
const visible = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('slack preview', () => {
  describe('mrkdwnHtml', () => {
    it('draws bold, italic, strike, code, links and quotes as Slack does', () => {
      expect(mrkdwnHtml('a *bold* _it_ ~gone~ `x`')).toBe('a <strong>bold</strong> <em>it</em> <s>gone</s> <code>x</code>');
      expect(mrkdwnHtml('see <https://example.org/a?b=1&amp;c=2|the page>')).toBe(
        'see <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">the page</a>',
      );
      expect(mrkdwnHtml('> quoted\n> on\nafter')).toBe('<blockquote>quoted\non</blockquote>after');
      // Slack's own entities are read back, then escaped for HTML.
      expect(mrkdwnHtml('a &lt;b&gt; &amp; c')).toBe('a &lt;b&gt; &amp; c');
      expect(mrkdwnHtml('<javascript:alert(1)|click>')).toBe('click');
      expect(mrkdwnHtml('2 * 3 * 4')).toBe('2 * 3 * 4');
    });

    it('shows what a person typed as typed, whatever marks it holds', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (typed) => {
          const html = mrkdwnHtml(escapeUserText(typed));
          expect(tagsOf(html).every((t) => ALLOWED.has(t))).toBe(true);
          expect(tagsOf(html).filter((t) => t !== 'blockquote')).toEqual([]);
        }),
      );
    });

    it('never lets corpus text become markup', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (text) => {
          const html = mrkdwnHtml(escapeMrkdwn(text));
          expect(tagsOf(html).every((t) => ALLOWED.has(t))).toBe(true);
          expect(html).not.toMatch(/<(?!\/?(strong|em|s|code|blockquote)>)/);
        }),
      );
    });
  });

  it('draws a whole answer: its sections, citation context and buttons', async () => {
    const redline = await loadShippedRedline();
    const reply = redline.respond({ command: 'ask', text: 'visa' }, { platform: 'cli' });
    const message = renderSlackAnswer(reply.answer, { command: 'redline', asked: 'visa', followUps: followUpsOf(reply.answer) });
    const html = slackPreview(message);
    const hit = reply.answer.kind === 'results' ? reply.answer.hits[0]! : undefined;
    expect(visible(html)).toContain(hit!.passage.text.slice(0, 80));
    expect(html).toContain('<div class="block context">');
    expect(html).toMatch(/<span class="btn primary">Share in channel<\/span>/);
    expect(tagsOf(html).every((t) => ALLOWED.has(t))).toBe(true);
  });
});

describe('discord preview', () => {
  describe('markdownHtml', () => {
    it('draws Discord markdown: escapes, bold, italic, underline, strike, links, quotes, headings', () => {
      expect(markdownHtml('**b** *i* _j_ __u__ ~~s~~ `c`')).toBe(
        '<strong>b</strong> <em>i</em> <em>j</em> <u>u</u> <s>s</s> <code>c</code>',
      );
      expect(markdownHtml('\\*not\\* \\_this\\_')).toBe('*not* _this_');
      expect(markdownHtml('[the page](https://example.org/x)')).toBe(
        '<a href="https://example.org/x" rel="noopener noreferrer">the page</a>',
      );
      expect(markdownHtml('[bad](javascript:alert(1))')).toBe('[bad](javascript:alert(1))');
      expect(markdownHtml('> a\n> b\nc')).toBe('<blockquote>a\nb</blockquote>c');
      expect(markdownHtml('## Title\n-# small')).toBe('<strong class="h2">Title</strong>\n<small>small</small>');
      expect(markdownHtml('<b>&</b>')).toBe('&lt;b&gt;&amp;&lt;/b&gt;');
    });

    it('shows escaped text exactly as written, never as markup', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (text) => {
          const html = markdownHtml(escapeMarkdown(text));
          expect(tagsOf(html)).toEqual([]);
          expect(visible(html)).toBe(text);
        }),
      );
    });
  });

  it('draws a whole answer: content, the embed with its colour bar, title link, footer, and buttons', async () => {
    const redline = await loadShippedRedline();
    const reply = redline.respond({ command: 'ask', text: 'nato' }, { platform: 'cli' });
    const message = renderAnswer(reply.answer, { command: 'redline', followUps: followUpsOf(reply.answer) });
    const html = discordPreview(message);
    const embed = message.embeds[0]!;
    expect(html).toContain('style="border-left-color:#b3261e"');
    expect(html).toContain(`<div class="title">${embed.url ? `<a href="${esc(embed.url)}"` : esc(embed.title!)}`);
    expect(html).toContain(`<div class="footer">${esc(embed.footer!.text)}</div>`);
    expect(visible(html)).toContain(visible(markdownHtml(embed.description!)));
    const labels = message.components.flatMap((r) => r.components.map((c) => (c as { label?: string }).label ?? ''));
    for (const label of labels.filter(Boolean)) expect(html).toContain(`${esc(label)}</span>`);
    expect(tagsOf(html).every((t) => ALLOWED.has(t))).toBe(true);
  });
});
