import { messages } from '../../src/present/messages.js';
import type { APIEmbed } from 'discord.js';
import type { LongQueries } from '../../src/chat/button-state.js';
import type { FollowUp } from '../../src/chat/follow-ups.js';
import { citationParts, helpLines, highlightPieces } from '../../src/present/present.js';
import { joinWithin } from '../../src/present/cut.js';
import { REDLINE_COMMAND } from '../../src/request/commands.js';
import type { Answer, BriefItem, DocumentMeta, Hit, Quote } from '../../src/types.js';
import { answerButtons, rows, suggestionButtons, type ButtonRow } from './buttons.js';
import { embedFor, fitBlocks, fitLines, oneLine, withinTotal } from './embeds.js';
import {
  CONTENT_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE,
  EMBEDS_TOTAL_MAX,
  EMBED_AUTHOR_MAX,
  SNOWFLAKE,
} from './limits.js';
import { escapeMarkdown, fitEscaped, fitMarkdown, fitPlain } from './markdown.js';

export { EMBED_COLOR } from './embeds.js';

/** A Discord message body (interaction callback `data`, or a webhook message). */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Always empty: nothing redline posts may ping anyone, whatever the text says. */
  allowed_mentions: { parse: [] };
}

export interface RenderOptions {
  /** The slash command's name, for hints. */
  command: string;
  /** The id of the user who shared this answer publicly: the message names them; nobody is pinged. */
  sharedBy?: string;
  /** What may follow the answer (from the core): its buttons, suggestions, topics. Default none. */
  followUps?: readonly FollowUp[];
  /** Where a query too long for a button's custom_id is kept, so its buttons answer all of it. Default none: cut at a word. */
  queries?: Pick<LongQueries, 'keep'>;
}

/** Section titles, speakers and roles inside a description: room enough, never the whole budget. */
const LABEL_MAX = 200;

/** Renders a core answer as a Discord message: embeds for passages, content for short notes, buttons to page, share and vote. */
export function renderAnswer(answer: Answer, options: RenderOptions): DiscordMessage {
  switch (answer.kind) {
    case 'results':
      return answer.hits[0] ? renderHit(answer, answer.hits[0], options) : renderNothingFound(answer.query, options, answer.offset > 0);
    case 'brief':
      return answer.items.length
        ? renderBrief(answer.topic, answer.items, answer.documents, options)
        : renderNothingFound(answer.topic, options);
    case 'quote':
      return answer.quotes.length ? renderQuotes(answer.query, answer.quotes, options) : renderNothingFound(answer.query, options);
    case 'topics':
      return renderTopics(answer.documents, options);
    case 'help':
      return renderHelp(answer);
    case 'usage':
    case 'watches':
      return message(escapeMarkdown(answer.message));
    case 'rate-limited':
      return message(messages.slowDown(answer.retryAfterSeconds));
  }
}

/** A message with text only. */
export function message(content: string, extra: Partial<DiscordMessage> = {}): DiscordMessage {
  return { content: fitContent(content), embeds: [], components: [], allowed_mentions: { parse: [] }, ...extra };
}

function renderHit(answer: Extract<Answer, { kind: 'results' }>, hit: Hit, options: RenderOptions): DiscordMessage {
  const { passage, document } = hit;
  // A passage looked up by id (an autocomplete choice) has no query to repeat.
  const quoted = answer.query ? `“${escapeMarkdown(oneLine(answer.query))}”` : '';
  const content = options.sharedBy
    ? [sharedByLine(options.sharedBy), quoted].filter(Boolean).join(': ')
    : answer.total > 1
      ? `Result ${answer.offset + 1} of ${answer.total}${quoted ? ` for ${quoted}` : ''}`
      : quoted && `The passage for ${quoted}`;
  const parts = citationParts(document, passage);
  const embed = embedFor(document, {
    title: fitEscaped(oneLine(passage.section), EMBED_TITLE_MAX),
    description: fitMarkdown(highlightPieces(oneLine(passage.text), hit.highlights), EMBED_DESCRIPTION_MAX),
    footer: [parts.title, parts.location, document.publisher].filter(Boolean).join(' · '),
    ...(parts.link ? { link: parts.link } : {}),
  });
  return message(content, { embeds: [embed], components: rows(answerButtons(options.followUps ?? [], options.queries)) });
}

function renderNothingFound(query: string, options: RenderOptions, pastTheEnd = false): DiscordMessage {
  const followUps = options.followUps ?? [];
  const quoted = query ? `“${escapeMarkdown(oneLine(query))}”` : 'that';
  const lead = pastTheEnd ? messages.noMoreResults(quoted) : messages.nothingAnswers(quoted);
  const suggestions = suggestionButtons(followUps, options.queries);
  const listed = followUps.find((f) => f.kind === 'topics');
  const topics = listed?.topics;
  const hint = suggestions.length
    ? ' Try one of these:'
    : topics
      ? ' Here is what the corpus covers:'
      : ` Try other words, or \`/${options.command} topics\` to see what the corpus covers.`;
  const more = listed?.more
    ? `\n…and ${listed.more} more ${listed.more === 1 ? 'document' : 'documents'}: \`/${options.command} topics\` lists them.`
    : '';
  return message(lead + hint + more, { embeds: topics ? topicEmbeds(topics.documents) : [], components: rows(suggestions) });
}

function renderBrief(
  topic: string,
  items: readonly BriefItem[],
  documents: readonly DocumentMeta[],
  options: RenderOptions,
): DiscordMessage {
  const severalDocuments = new Set(items.map((item) => item.document.id)).size > 1;
  const only = documents.length === 1 ? documents[0] : undefined;
  const title = topic ? `Briefing: ${topic}` : `Briefing: ${only?.title ?? 'the corpus'}`;
  const description = fitBlocks(
    items.map((item) => ({
      head: `**${fitEscaped(oneLine(item.passage.section), LABEL_MAX)}** · ${citationParts(item.document, item.passage).location}${severalDocuments ? ` · *${fitEscaped(oneLine(item.document.title), LABEL_MAX)}*` : ''}\n`,
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
  return message(options.sharedBy ? sharedByLine(options.sharedBy) : '', {
    embeds: [embed],
    components: rows(answerButtons(options.followUps ?? [], options.queries)),
  });
}

function renderQuotes(query: string, quotes: readonly Quote[], options: RenderOptions): DiscordMessage {
  const severalDocuments = new Set(quotes.map((quote) => quote.document.id)).size > 1;
  const description = fitBlocks(
    quotes.map((quote) => {
      const who = quote.speaker
        ? `**${fitEscaped(oneLine(quote.speaker), LABEL_MAX)}**${quote.role ? `, ${fitEscaped(oneLine(quote.role), LABEL_MAX)}` : ''} · `
        : '';
      const where = `${fitEscaped(oneLine(quote.passage.section), LABEL_MAX)}, ${citationParts(quote.document, quote.passage).location}${severalDocuments ? ` · *${fitEscaped(oneLine(quote.document.title), LABEL_MAX)}*` : ''}`;
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
  return message(options.sharedBy ? sharedByLine(options.sharedBy) : '', {
    embeds: [embed],
    components: rows(answerButtons(options.followUps ?? [], options.queries)),
  });
}

function renderTopics(documents: Extract<Answer, { kind: 'topics' }>['documents'], options: RenderOptions): DiscordMessage {
  const embeds = topicEmbeds(documents);
  const more =
    documents.length > embeds.length ? `Showing ${embeds.length} of ${documents.length} documents; pick one with the doc option.` : '';
  const content = options.sharedBy ? [sharedByLine(options.sharedBy), more].filter(Boolean).join('\n') : more;
  return message(content, { embeds, components: rows(answerButtons(options.followUps ?? [], options.queries)) });
}

function topicEmbeds(documents: Extract<Answer, { kind: 'topics' }>['documents']): APIEmbed[] {
  const shown = documents.slice(0, EMBEDS_PER_MESSAGE).map(({ document, sections }) => ({
    document,
    title: fitEscaped(oneLine(document.title), EMBED_TITLE_MAX),
    footer: fitPlain(oneLine(citation(document)), EMBED_FOOTER_MAX / 4),
    lines: sections.map((s) => `• ${escapeMarkdown(oneLine(s.title))} · ${s.passages} passage${s.passages === 1 ? '' : 's'}`),
  }));
  // The descriptions share what titles, sources and footers leave of the 6,000 characters for all embeds.
  const fixed = shown.reduce(
    (sum, e) => sum + e.title.length + e.footer.length + fitPlain(oneLine(e.document.source), EMBED_AUTHOR_MAX).length,
    0,
  );
  const each = Math.min(EMBED_DESCRIPTION_MAX, Math.max(0, Math.floor((EMBEDS_TOTAL_MAX - fixed) / Math.max(1, shown.length))));
  return withinTotal(shown.map((e) => embedFor(e.document, { title: e.title, description: fitLines(e.lines, each), footer: e.footer })));
}

function renderHelp({ command, documents, examples }: Extract<Answer, { kind: 'help' }>): DiscordMessage {
  const code = (text: string) => `\`${text.replace(/`/g, 'ˋ')}\``;
  const lines = [
    `**/${command}**: ${REDLINE_COMMAND.description}.`,
    ...helpLines(command).map(({ call, summary }) => `${code(call)}: ${summary}`),
    ...(examples.length ? ['', `Try: ${examples.map((e) => code(`/${command} ${oneLine(e)}`)).join(' · ')}`] : []),
    '',
    `Documents: ${joinWithin(documents, (d) => `*${escapeMarkdown(oneLine(d.title))}* (${escapeMarkdown(d.source)})`, ', ', CONTENT_MAX) || 'none'}.`,
  ];
  return message(lines.join('\n'));
}

function citation(document: DocumentMeta): string {
  return [document.title, document.publisher, document.source].filter(Boolean).join(' · ');
}

function sharedByLine(userId: string): string {
  // A user mention renders as the name; allowed_mentions keeps it from pinging.
  return SNOWFLAKE.test(userId) ? `Shared by <@${userId}>` : 'Shared';
}

function uniqueDocuments(documents: readonly DocumentMeta[]): DocumentMeta[] {
  return [...new Map(documents.map((d) => [d.id, d])).values()];
}

function fitContent(content: string): string {
  return content.length <= CONTENT_MAX ? content : fitPlain(content, CONTENT_MAX);
}
