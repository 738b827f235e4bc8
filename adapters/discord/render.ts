import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { REDLINE_COMMAND } from '../../src/commands.js';
import type { Answer, BriefItem, DocumentMeta, Hit, Quote } from '../../src/types.js';
import { encodeButton, type ButtonState } from './custom-id.js';
import {
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW,
  CONTENT_MAX,
  EMBED_AUTHOR_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE,
  EMBEDS_TOTAL_MAX,
  ROWS_PER_MESSAGE,
} from './limits.js';
import { ELLIPSIS, escapeMarkdown, fitEscaped, fitMarkdown, fitPlain, highlightPieces } from './markdown.js';

/** A Discord message body (interaction callback `data`, or a webhook message). */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Always empty: nothing redline posts may ping anyone, whatever the text says. */
  allowed_mentions: { parse: [] };
}

export interface RenderOptions {
  /** The request text as typed after the command: buttons carry it to redo the answer. */
  text: string;
  doc?: string;
  /** The slash command's name, for hints. */
  command: string;
  /** The id of the user who shared this answer publicly: the message names them; nobody is pinged. */
  sharedBy?: string;
}

/** The embed colour: a red line. */
export const EMBED_COLOR = 0xb3261e;
const BUTTON = 2;
const PRIMARY = 1;
const SECONDARY = 2;
const ACTION_ROW = 1;
/** Section titles, speakers and roles inside a description: room enough, never the whole budget. */
const LABEL_MAX = 200;

/** Renders a core answer as a Discord message: embeds for passages, content for short notes, buttons to page, share and vote. */
export function renderAnswer(answer: Answer, options: RenderOptions): DiscordMessage {
  switch (answer.kind) {
    case 'results':
      return answer.hits[0] ? renderHit(answer, answer.hits[0], options) : renderNothingFound(answer.query, answer.suggestions, options, answer.offset > 0);
    case 'brief':
      return answer.items.length ? renderBrief(answer.topic, answer.items, answer.documents, options) : renderNothingFound(answer.topic, answer.suggestions, options);
    case 'quote':
      return answer.quotes.length ? renderQuotes(answer.query, answer.quotes, options) : renderNothingFound(answer.query, answer.suggestions, options);
    case 'topics':
      return renderTopics(answer.documents, options);
    case 'help':
      return renderHelp(answer.command, answer.documents);
    case 'usage':
      return message(escapeMarkdown(answer.message));
    case 'rate-limited':
      return message(`Slow down a little: you can ask again in ${answer.retryAfterSeconds} s.`);
  }
}

/** A message with text only. */
export function message(content: string, extra: Partial<DiscordMessage> = {}): DiscordMessage {
  return { content: fitContent(content), embeds: [], components: [], allowed_mentions: { parse: [] }, ...extra };
}

function renderHit(answer: Extract<Answer, { kind: 'results' }>, hit: Hit, options: RenderOptions): DiscordMessage {
  const { passage, document } = hit;
  // An autocomplete key (a passage id) names the passage itself: there is no query to repeat.
  const quoted = answer.query === passage.id ? '' : `“${escapeMarkdown(oneLine(answer.query))}”`;
  const content = options.sharedBy
    ? [sharedByLine(options.sharedBy), quoted].filter(Boolean).join(': ')
    : answer.total > 1
      ? `Result ${answer.offset + 1} of ${answer.total}${quoted ? ` for ${quoted}` : ''}`
      : quoted && `The passage for ${quoted}`;
  const embed = embedFor(document, {
    title: fitEscaped(oneLine(passage.section), EMBED_TITLE_MAX),
    description: fitMarkdown(highlightPieces(oneLine(passage.text), hit.highlights), EMBED_DESCRIPTION_MAX),
    footer: `${document.title} · ¶ ${passage.paragraph}${document.publisher ? ` · ${document.publisher}` : ''}`,
  });
  const at = (action: ButtonState['action'], offset = answer.offset) => ({ action, offset, text: options.text, ...docOf(options) });
  const buttons = options.sharedBy
    ? voteButtons(at)
    : [
        ...(answer.total > 1
          ? [
              button('◂', at('page', Math.max(0, answer.offset - 1)), { disabled: answer.offset === 0 }),
              button('▸', at('page', answer.offset + 1), { disabled: answer.offset + 1 >= answer.total }),
            ]
          : []),
        button('Share', at('share'), { style: PRIMARY }),
        ...voteButtons(at),
      ];
  return message(content, { embeds: [embed], components: rows(buttons) });
}

function renderNothingFound(query: string, suggestions: readonly string[], options: RenderOptions, pastTheEnd = false): DiscordMessage {
  const quoted = query ? `“${escapeMarkdown(oneLine(query))}”` : 'that';
  const lead = pastTheEnd ? `No more results for ${quoted}.` : `Nothing in the corpus answers ${quoted}.`;
  const unique = [...new Set(suggestions.map(oneLine).filter((s) => s.trim()))];
  const hint = unique.length
    ? ' Try one of these:'
    : ` Try other words, or \`/${options.command} topics\` to see what the corpus covers.`;
  const buttons = options.sharedBy
    ? []
    : unique.map((suggestion) => button(fitPlain(suggestion, BUTTON_LABEL_MAX), { action: 'ask', offset: 0, text: suggestion, ...docOf(options) }));
  return message(lead + hint, { components: rows(buttons) });
}

function renderBrief(topic: string, items: readonly BriefItem[], documents: readonly DocumentMeta[], options: RenderOptions): DiscordMessage {
  const severalDocuments = new Set(items.map((item) => item.document.id)).size > 1;
  const only = documents.length === 1 ? documents[0] : undefined;
  const title = topic ? `Briefing: ${topic}` : `Briefing: ${only?.title ?? 'the corpus'}`;
  const description = fitBlocks(
    items.map((item) => ({
      head: `**${fitEscaped(oneLine(item.passage.section), LABEL_MAX)}** · ¶ ${item.passage.paragraph}${severalDocuments ? ` · *${fitEscaped(oneLine(item.document.title), LABEL_MAX)}*` : ''}\n`,
      body: (budget: number) => fitMarkdown(highlightPieces(oneLine(item.text), item.highlights), budget),
    })),
    EMBED_DESCRIPTION_MAX,
  );
  const cited = severalDocuments || !only ? uniqueDocuments(items.map((item) => item.document)) : [only];
  const embed = embedFor(cited.length === 1 ? cited[0]! : undefined, {
    title: fitEscaped(oneLine(title), EMBED_TITLE_MAX),
    description,
    footer: cited.map(citation).join(' | '),
  });
  return message(options.sharedBy ? sharedByLine(options.sharedBy) : '', { embeds: [embed], components: rows(answerButtons(options)) });
}

function renderQuotes(query: string, quotes: readonly Quote[], options: RenderOptions): DiscordMessage {
  const severalDocuments = new Set(quotes.map((quote) => quote.document.id)).size > 1;
  const description = fitBlocks(
    quotes.map((quote) => {
      const who = quote.speaker ? `**${fitEscaped(oneLine(quote.speaker), LABEL_MAX)}**${quote.role ? `, ${fitEscaped(oneLine(quote.role), LABEL_MAX)}` : ''} · ` : '';
      const where = `${fitEscaped(oneLine(quote.passage.section), LABEL_MAX)}, ¶ ${quote.passage.paragraph}${severalDocuments ? ` · *${fitEscaped(oneLine(quote.document.title), LABEL_MAX)}*` : ''}`;
      return {
        head: '> ',
        body: (budget: number) => fitMarkdown(highlightPieces(oneLine(quote.text), quote.highlights), budget),
        tail: `\n— ${who}${where}`,
      };
    }),
    EMBED_DESCRIPTION_MAX,
  );
  const cited = uniqueDocuments(quotes.map((quote) => quote.document));
  const embed = embedFor(cited.length === 1 ? cited[0]! : undefined, {
    title: fitEscaped(`Quotes: ${oneLine(query)}`, EMBED_TITLE_MAX),
    description,
    footer: cited.map(citation).join(' | '),
  });
  return message(options.sharedBy ? sharedByLine(options.sharedBy) : '', { embeds: [embed], components: rows(answerButtons(options)) });
}

function renderTopics(documents: Extract<Answer, { kind: 'topics' }>['documents'], options: RenderOptions): DiscordMessage {
  const shown = documents.slice(0, EMBEDS_PER_MESSAGE).map(({ document, sections }) => ({
    document,
    title: fitEscaped(oneLine(document.title), EMBED_TITLE_MAX),
    footer: fitPlain(oneLine(citation(document)), EMBED_FOOTER_MAX / 4),
    lines: sections.map((s) => `• ${escapeMarkdown(oneLine(s.title))} · ${s.passages} passage${s.passages === 1 ? '' : 's'}`),
  }));
  // The descriptions share what titles, sources and footers leave of the 6,000 characters for all embeds.
  const fixed = shown.reduce((sum, e) => sum + e.title.length + e.footer.length + fitPlain(oneLine(e.document.source), EMBED_AUTHOR_MAX).length, 0);
  const each = Math.min(EMBED_DESCRIPTION_MAX, Math.max(0, Math.floor((EMBEDS_TOTAL_MAX - fixed) / Math.max(1, shown.length))));
  const embeds = shown.map((e) => embedFor(e.document, { title: e.title, description: fitLines(e.lines, each), footer: e.footer }));
  const more = documents.length > shown.length ? `Showing ${shown.length} of ${documents.length} documents; pick one with the doc option.` : '';
  const content = options.sharedBy ? [sharedByLine(options.sharedBy), more].filter(Boolean).join('\n') : more;
  return message(content, { embeds: withinTotal(embeds), components: rows(options.sharedBy ? [] : [shareButton(options)]) });
}

function renderHelp(command: string, documents: readonly DocumentMeta[]): DiscordMessage {
  const lines = [
    `**/${command}**: ${REDLINE_COMMAND.description}.`,
    ...Object.entries(REDLINE_COMMAND.subcommands).map(([name, { usage, summary }]) => {
      const words = name === 'ask' ? usage : `${name}${usage ? ` ${usage}` : ''}`;
      return `\`/${command} ${words}\`: ${summary}`;
    }),
    '',
    `Documents: ${documents.map((d) => `*${escapeMarkdown(oneLine(d.title))}* (${escapeMarkdown(d.source)})`).join(', ') || 'none'}.`,
  ];
  return message(lines.join('\n'));
}

/** An embed citing a document: author is the source (linked when the document has a URL), footer the citation. */
function embedFor(document: DocumentMeta | undefined, parts: { title: string; description: string; footer: string }): APIEmbed {
  const url = document?.url && isWebUrl(document.url) ? document.url : undefined;
  const author = document ? fitPlain(oneLine(document.source), EMBED_AUTHOR_MAX) : '';
  const footerRoom = EMBEDS_TOTAL_MAX - parts.title.length - parts.description.length - author.length;
  const footer = fitPlain(oneLine(parts.footer), Math.max(0, Math.min(EMBED_FOOTER_MAX, footerRoom)));
  return {
    title: parts.title,
    description: parts.description,
    color: EMBED_COLOR,
    ...(url ? { url } : {}),
    ...(author ? { author: { name: author, ...(url ? { url } : {}) } } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}

function citation(document: DocumentMeta): string {
  return [document.title, document.publisher, document.source].filter(Boolean).join(' · ');
}

/** Blocks (head + body + tail) that share one description's budget fairly: a short block leaves room for the next. */
function fitBlocks(blocks: Array<{ head: string; body: (budget: number) => string; tail?: string }>, max: number): string {
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
function fitLines(lines: readonly string[], max: number): string {
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
function withinTotal(embeds: APIEmbed[]): APIEmbed[] {
  const size = (e: APIEmbed) => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  const out = [...embeds];
  while (out.length > 1 && out.reduce((sum, e) => sum + size(e), 0) > EMBEDS_TOTAL_MAX) out.pop();
  return out;
}

function answerButtons(options: RenderOptions): APIButtonComponentWithCustomId[] {
  const at = (action: ButtonState['action']) => ({ action, offset: 0, text: options.text, ...docOf(options) });
  return options.sharedBy ? voteButtons(at) : [shareButton(options), ...voteButtons(at)];
}

function shareButton(options: RenderOptions): APIButtonComponentWithCustomId {
  return button('Share', { action: 'share', offset: 0, text: options.text, ...docOf(options) }, { style: PRIMARY });
}

function voteButtons(at: (action: 'up' | 'down') => ButtonState): APIButtonComponentWithCustomId[] {
  return [button('', at('up'), { emoji: '👍' }), button('', at('down'), { emoji: '👎' })];
}

function button(
  label: string,
  state: ButtonState,
  options: { style?: typeof PRIMARY | typeof SECONDARY; disabled?: boolean; emoji?: string } = {},
): APIButtonComponentWithCustomId {
  const customId = encodeButton(state);
  return {
    type: BUTTON,
    style: options.style ?? SECONDARY,
    custom_id: customId ?? '',
    ...(label ? { label: fitPlain(label, BUTTON_LABEL_MAX) } : {}),
    ...(options.emoji ? { emoji: { name: options.emoji } } : {}),
    ...(options.disabled ? { disabled: true } : {}),
  };
}

/** Buttons in action rows of five; buttons whose state did not fit a custom id are left out. */
function rows(buttons: APIButtonComponentWithCustomId[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  // Discord refuses a message whose custom ids repeat.
  const byId = new Map(buttons.filter((b) => b.custom_id).map((b) => [b.custom_id, b]));
  const usable = [...byId.values()];
  const out: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < usable.length && out.length < ROWS_PER_MESSAGE; i += BUTTONS_PER_ROW)
    out.push({ type: ACTION_ROW, components: usable.slice(i, i + BUTTONS_PER_ROW) });
  return out;
}

function sharedByLine(userId: string): string {
  // A user mention renders as the name; allowed_mentions keeps it from pinging.
  return /^\d{1,25}$/.test(userId) ? `Shared by <@${userId}>` : 'Shared';
}

function docOf(options: RenderOptions): { doc?: string } {
  return options.doc ? { doc: options.doc } : {};
}

function uniqueDocuments(documents: readonly DocumentMeta[]): DocumentMeta[] {
  return [...new Map(documents.map((d) => [d.id, d])).values()];
}

function fitContent(content: string): string {
  return content.length <= CONTENT_MAX ? content : fitPlain(content, CONTENT_MAX);
}

/** Line breaks as spaces, keeping every offset (highlight spans point into the text). */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}

function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && url.length <= 2048;
  } catch {
    return false;
  }
}
