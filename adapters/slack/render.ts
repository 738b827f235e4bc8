import type { types } from '@slack/bolt';
import { QUERY_MAX_LENGTH, REDLINE_COMMAND, SUBCOMMANDS } from '../../src/commands.js';
import type { Answer, DocumentMeta, Passage, Span, Subcommand } from '../../src/types.js';

type KnownBlock = types.KnownBlock;
type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type MrkdwnElement = types.MrkdwnElement;

// Block Kit's limits (https://docs.slack.dev/reference/block-kit): a message over any of them is refused.
/** Characters in a section's text (and in any text object). */
export const SECTION_TEXT_MAX = 3000;
/** Blocks in one message. */
export const BLOCKS_MAX = 50;
/** Characters in a button's value. */
export const BUTTON_VALUE_MAX = 2000;
/** Characters in an action_id. */
export const ACTION_ID_MAX = 255;
/** Characters in a button's label. */
export const BUTTON_TEXT_MAX = 75;
/** Elements in a context block. */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Elements in an actions block. */
export const ACTIONS_ELEMENTS_MAX = 25;
/** Characters of the top-level fallback text (notifications); Slack truncates far later, we keep it short. */
export const FALLBACK_TEXT_MAX = 3000;

/** Passages per page of an answer; "Next ▸" moves by this many. */
export const RESULTS_PER_PAGE = 1;
/** Suggestion buttons offered when nothing was found. */
export const SUGGESTIONS_MAX = 5;

/** The action_id of every button redline puts in a message (suggestions add `_<n>`). */
export const ACTION_IDS = {
  previous: 'redline_previous',
  next: 'redline_next',
  share: 'redline_share',
  suggest: 'redline_suggest',
  voteUp: 'redline_vote_up',
  voteDown: 'redline_vote_down',
} as const;

/**
 * What a button carries, so that a click can be answered by any replica, even after a restart:
 * the request to run again (subcommand, query, document, offset) and, on 👍/👎, the passage voted on.
 */
export interface ButtonState {
  subcommand: Subcommand;
  query: string;
  doc?: string;
  offset: number;
  passageId?: string;
}

export interface SlackMessage {
  /** Fallback text for notifications and clients that cannot show blocks (escaped mrkdwn). */
  text: string;
  blocks: KnownBlock[];
}

type TopicsAnswer = Extract<Answer, { kind: 'topics' }>;

export interface SlackRenderOptions {
  /** The slash command's name, without the slash. */
  command: string;
  /** What was typed after the command, echoed back: nobody else sees what was asked. */
  asked?: string;
  /** Topics to offer when nothing was found. */
  topics?: TopicsAnswer;
  /** Who shared the answer into the channel; a shared answer has no paging or share buttons. */
  sharedBy?: string;
}

/** Renders an answer as a Block Kit message within every limit; all user and corpus text is escaped. */
export function renderSlackAnswer(answer: Answer, options: SlackRenderOptions): SlackMessage {
  const blocks: KnownBlock[] = [];
  const echo = echoLine(options);
  if (echo) blocks.push(echo);
  let fallback: string;
  let actions: ActionsBlock | undefined;

  switch (answer.kind) {
    case 'results': {
      const state = { subcommand: 'ask' as const, query: answer.query, doc: answer.doc, offset: answer.offset };
      if (!answer.hits.length) {
        const message = answer.offset ? 'No more results.' : 'Nothing in the corpus answers that.';
        blocks.push(section(message), ...notFound(answer.suggestions, state, options.topics));
        fallback = message;
        break;
      }
      for (const hit of answer.hits) {
        blocks.push(section(fitEmphasised(hit.passage.text, hit.highlights, SECTION_TEXT_MAX)));
        blocks.push(context(citation(hit.document, hit.passage)));
      }
      const first = answer.offset + 1;
      const last = answer.offset + answer.hits.length;
      if (answer.total > 1) blocks.push(context(`Result ${first === last ? first : `${first}–${last}`} of ${answer.total}`));
      fallback = escapeMrkdwn(cutAtWord(answer.hits[0]!.passage.text, 300));
      actions = answerButtons(state, options, answer.hits[0]!.passage.id, {
        previous: answer.offset > 0,
        next: last < answer.total,
      });
      break;
    }
    case 'brief': {
      const state = { subcommand: 'brief' as const, query: answer.topic, offset: 0 };
      if (!answer.items.length) {
        const message = 'Nothing in the corpus to brief on that.';
        blocks.push(section(message), ...notFound(answer.suggestions, state, options.topics));
        fallback = message;
        break;
      }
      const heading = answer.topic
        ? `*Briefing:* ${escapeUserText(answer.topic)}`
        : answer.documents.map((d) => `*Briefing:* ${escapeMrkdwn(d.title)} · ${escapeMrkdwn(publisherOf(d))}`).join('\n');
      blocks.push(section(cutMrkdwn(heading, SECTION_TEXT_MAX)));
      for (const item of answer.items) {
        const title = `*${escapeMrkdwn(item.passage.section)}*\n`;
        blocks.push(section(title + fitEmphasised(item.text, item.highlights, SECTION_TEXT_MAX - title.length)));
        blocks.push(context(citation(item.document, item.passage)));
      }
      fallback = answer.topic ? `Briefing: ${escapeUserText(cutAtWord(answer.topic, 200))}` : 'Briefing';
      actions = answerButtons(state, options, undefined, { previous: false, next: false });
      break;
    }
    case 'quote': {
      const state = { subcommand: 'quote' as const, query: answer.query, offset: 0 };
      if (!answer.quotes.length) {
        const message = 'No sentence in the corpus matches that.';
        blocks.push(section(message), ...notFound(answer.suggestions, state, options.topics));
        fallback = message;
        break;
      }
      for (const quote of answer.quotes) {
        const who = quote.speaker ? `— *${escapeMrkdwn(quote.speaker)}*${quote.role ? `, ${escapeMrkdwn(quote.role)}` : ''}` : '';
        const room = SECTION_TEXT_MAX - who.length - 4;
        blocks.push(section(`> ${fitEmphasised(quote.text, quote.highlights, room)}${who ? `\n${who}` : ''}`));
        blocks.push(context(citation(quote.document, quote.passage)));
      }
      fallback = escapeMrkdwn(cutAtWord(answer.quotes[0]!.text, 300));
      actions = answerButtons(state, options, answer.quotes[0]!.passage.id, { previous: false, next: false });
      break;
    }
    case 'topics':
      blocks.push(...topicBlocks(answer));
      fallback = `Topics: ${answer.documents.map((d) => escapeMrkdwn(d.document.title)).join(', ')}`;
      break;
    case 'help':
      blocks.push(...helpBlocks(answer.command, answer.documents));
      fallback = `How to use /${escapeUserText(answer.command)}`;
      break;
    case 'usage':
      blocks.push(section(cutMrkdwn(escapeMrkdwn(answer.message), SECTION_TEXT_MAX)));
      fallback = escapeMrkdwn(answer.message);
      break;
    case 'rate-limited': {
      const message = `You are asking faster than redline answers. Try again in ${answer.retryAfterSeconds} s.`;
      blocks.push(section(message));
      fallback = message;
      break;
    }
  }

  return { text: cutMrkdwn(fallback, FALLBACK_TEXT_MAX), blocks: fitBlocks(blocks, actions) };
}

/** A one-line private message (listener failures, expired buttons). */
export function renderSlackNotice(message: string): SlackMessage {
  const text = cutMrkdwn(escapeMrkdwn(message), SECTION_TEXT_MAX);
  return { text, blocks: [section(text)] };
}

// ---------------------------------------------------------------- button state

/**
 * Encodes a button's state as JSON within `BUTTON_VALUE_MAX` (a long query is cut at a word).
 * `<`, `>` and `&` are written as JSON escapes, so a value survives any HTML-escaping on Slack's side.
 */
export function encodeButtonState(state: ButtonState): string {
  const compact = (query: string) =>
    JSON.stringify({
      subcommand: state.subcommand,
      query,
      ...(state.doc ? { doc: state.doc } : {}),
      offset: state.offset,
      ...(state.passageId ? { passageId: state.passageId } : {}),
    }).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  let query = state.query;
  let value = compact(query);
  while (value.length > BUTTON_VALUE_MAX && query) {
    query = cutAtWord(query, Math.max(0, query.length - (value.length - BUTTON_VALUE_MAX) - 1), '');
    value = compact(query);
  }
  return value;
}

/** Reads a button's state back; `undefined` for anything redline did not write. */
export function decodeButtonState(value: string | undefined): ButtonState | undefined {
  if (!value) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { subcommand, query, doc, offset, passageId } = raw as Record<string, unknown>;
  if (!(SUBCOMMANDS as unknown[]).includes(subcommand) || typeof query !== 'string') return undefined;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return undefined;
  if (doc !== undefined && typeof doc !== 'string') return undefined;
  if (passageId !== undefined && typeof passageId !== 'string') return undefined;
  return {
    subcommand: subcommand as Subcommand,
    query: query.slice(0, BUTTON_VALUE_MAX),
    offset,
    ...(doc ? { doc } : {}),
    ...(passageId ? { passageId } : {}),
  };
}

// ---------------------------------------------------------------- escaping and cutting

/** Escapes Slack's control characters so that text can never form a mention, a link or a command. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes what a person typed and disarms mrkdwn's formatting marks with look-alikes
 * (Slack has no escape for `*`, `_`, `~`, `` ` ``), so a query is shown as typed, never formatted.
 */
export function escapeUserText(text: string): string {
  return escapeMrkdwn(text)
    .replace(/\*/g, '\u2217')
    .replace(/_/g, '\u02cd')
    .replace(/~/g, '\u223c')
    .replace(/`/g, '\u02cb');
}

/** Cuts text to at most `max` characters, at a word boundary where there is one, marking the cut. */
export function cutAtWord(text: string, max: number, mark = '…'): string {
  if (text.length <= max) return text;
  const room = max - mark.length;
  if (room <= 0) return mark.slice(0, Math.max(0, max));
  const space = text.slice(0, room + 1).search(/\s\S*$/);
  let end = space > room / 2 ? space : room;
  // Never split a surrogate pair (an emoji, a rare CJK character).
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return text.slice(0, end).trimEnd() + mark;
}

/** Cuts already-escaped mrkdwn at a word boundary, never inside an entity such as `&amp;`. */
function cutMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  let cut = cutAtWord(mrkdwn, max);
  const open = cut.lastIndexOf('&');
  if (open !== -1 && !cut.slice(open).includes(';')) cut = `${cut.slice(0, open).trimEnd()}…`;
  return cut;
}

/** Escapes a passage and bolds its highlighted words, cut so the result fits in `max`. */
function fitEmphasised(text: string, spans: Span[], max: number): string {
  let room = max;
  for (;;) {
    const cut = cutAtWord(text, room, '');
    const suffix = cut.length < text.length ? '…' : '';
    const out = emphasise(cut, spans) + suffix;
    if (out.length <= max) return out || '…';
    room = Math.min(room, cut.length) - Math.max(1, out.length - max);
    if (room <= 0) return '…';
  }
}

function emphasise(text: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of mergeSpans(spans, text.length)) {
    const word = text.slice(start, end);
    // mrkdwn bold must hug the word: "* NATO*" is not bold, and an empty "**" shows as asterisks.
    const inner = word.trim();
    if (!inner) continue;
    const lead = word.slice(0, word.indexOf(inner));
    const trail = word.slice(lead.length + inner.length);
    out += escapeMrkdwn(text.slice(at, start)) + escapeMrkdwn(lead) + `*${escapeMrkdwn(inner)}*` + escapeMrkdwn(trail);
    at = end;
  }
  return out + escapeMrkdwn(text.slice(at));
}

function mergeSpans(spans: Span[], length: number): Span[] {
  const valid = spans
    .map(([s, e]) => [Math.max(0, Math.floor(s)), Math.min(length, Math.floor(e))] as Span)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const span of valid) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/** A link only for an http(s) URL, with the characters that could end the link percent-encoded. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 1000) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replace(/[<>|\s"]/g, (c) => encodeURIComponent(c)).replace(/&(?=#?\w+;)/g, '%26');
}

// ---------------------------------------------------------------- pieces

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text || '…') };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(cutMrkdwn(text, SECTION_TEXT_MAX))] };
}

function mrkdwn(text: string): MrkdwnElement {
  // verbatim: Slack adds no links or mentions of its own to our text.
  return { type: 'mrkdwn', text, verbatim: true };
}

function echoLine({ command, asked, sharedBy }: SlackRenderOptions): KnownBlock | undefined {
  if (asked === undefined && sharedBy === undefined) return undefined;
  const who = sharedBy ? `${escapeUserText(cutAtWord(sharedBy, 80))} shared: ` : '';
  const typed = asked ? ` ${escapeUserText(cutAtWord(asked, 1000))}` : '';
  return context(`${who}/${escapeUserText(command)}${typed}`);
}

/** title · section · ¶ n · publisher (source); the title links to the document when it has a URL. */
function citation(document: DocumentMeta, passage: Passage): string {
  const url = safeUrl(document.url);
  const title = escapeMrkdwn(cutAtWord(document.title, 300));
  const parts = [
    url ? `<${url}|${title}>` : `*${title}*`,
    ...(passage.sectionSlug === 'lead' ? [] : [escapeMrkdwn(cutAtWord(passage.section, 300))]),
    `¶ ${passage.paragraph}`,
    escapeMrkdwn(cutAtWord(publisherOf(document), 300)),
  ];
  return parts.join(' · ');
}

function publisherOf(document: DocumentMeta): string {
  return document.publisher ? `${document.publisher} (${document.source})` : document.source;
}

/** After "nothing found": other queries to try, as buttons that run them, then the topics there are. */
function notFound(suggestions: string[], state: ButtonState, topics: TopicsAnswer | undefined): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const buttons = suggestionButtons(suggestions, state);
  if (buttons) blocks.push(context('Try one of these:'), buttons);
  if (topics?.documents.length) blocks.push(context('What the corpus covers:'), ...topicBlocks(topics));
  return blocks;
}

function topicBlocks(answer: TopicsAnswer): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const { document, sections } of answer.documents) {
    const heading = `*${escapeMrkdwn(document.title)}* · ${escapeMrkdwn(publisherOf(document))} · \`${escapeUserText(document.id)}\``;
    const lines = sections.map((s) => `• ${escapeMrkdwn(s.title)} (${s.passages} ¶)`);
    // Several sections when a document has more topics than one section's text holds.
    let text = cutMrkdwn(heading, SECTION_TEXT_MAX);
    for (const line of lines) {
      const fitted = cutMrkdwn(line, SECTION_TEXT_MAX);
      if (text.length + 1 + fitted.length > SECTION_TEXT_MAX) {
        blocks.push(section(text));
        text = fitted;
      } else text = `${text}\n${fitted}`;
    }
    blocks.push(section(text));
  }
  return blocks;
}

function helpBlocks(command: string, documents: DocumentMeta[]): KnownBlock[] {
  const lines = Object.entries(REDLINE_COMMAND.subcommands).map(([name, { usage, summary }]) => {
    const call = name === 'ask' ? `/${command} ${usage}` : `/${command} ${name}${usage ? ` ${usage}` : ''}`;
    return `\`${escapeMrkdwn(call)}\` ${escapeMrkdwn(summary)}`;
  });
  const corpus = documents.map((d) => `${escapeMrkdwn(d.title)} · ${escapeMrkdwn(publisherOf(d))}`).join('; ');
  return [
    section('*redline* quotes the passage of the corpus that answers a question, with its source. Answers are private until you share them.'),
    section(cutMrkdwn(lines.join('\n'), SECTION_TEXT_MAX)),
    context(`Corpus: ${corpus || 'empty'}`),
  ];
}

function button(label: string, actionId: string, state: ButtonState, style?: 'primary'): Button {
  return {
    type: 'button',
    // A label is plain text, never parsed for mentions; angle brackets are swapped anyway so no reply holds "<!".
    text: { type: 'plain_text', text: cutAtWord(label.replace(/</g, '‹').replace(/>/g, '›'), BUTTON_TEXT_MAX), emoji: true },
    action_id: actionId.slice(0, ACTION_ID_MAX),
    value: encodeButtonState(state),
    ...(style ? { style } : {}),
  };
}

function answerButtons(
  state: ButtonState,
  options: SlackRenderOptions,
  passageId: string | undefined,
  paging: { previous: boolean; next: boolean },
): ActionsBlock {
  const elements: Button[] = [];
  const shared = options.sharedBy !== undefined;
  if (!shared && paging.previous)
    elements.push(button('◂ Previous', ACTION_IDS.previous, { ...state, offset: Math.max(0, state.offset - RESULTS_PER_PAGE) }));
  if (!shared && paging.next) elements.push(button('Next ▸', ACTION_IDS.next, { ...state, offset: state.offset + RESULTS_PER_PAGE }));
  if (!shared) elements.push(button('Share in channel', ACTION_IDS.share, state, 'primary'));
  const vote = { ...state, ...(passageId ? { passageId } : {}) };
  elements.push(button('👍', ACTION_IDS.voteUp, vote), button('👎', ACTION_IDS.voteDown, vote));
  return { type: 'actions', elements };
}

function suggestionButtons(suggestions: string[], state: ButtonState): ActionsBlock | undefined {
  const unique = [...new Set(suggestions.map((s) => s.trim()).filter(Boolean))].slice(0, Math.min(SUGGESTIONS_MAX, ACTIONS_ELEMENTS_MAX));
  if (!unique.length) return undefined;
  return {
    type: 'actions',
    elements: unique.map((suggestion, i) =>
      button(suggestion, `${ACTION_IDS.suggest}_${i}`, {
        ...state,
        // The same subcommand again, with the suggested words.
        query: cutAtWord(suggestion, QUERY_MAX_LENGTH, ''),
        offset: 0,
      }),
    ),
  };
}

/** Keeps a message within `BLOCKS_MAX`: the answer's buttons stay, the tail of the content gives way. */
function fitBlocks(blocks: KnownBlock[], actions: ActionsBlock | undefined): KnownBlock[] {
  const room = BLOCKS_MAX - (actions ? 1 : 0);
  let content = blocks;
  if (content.length > room) {
    const kept = content.slice(0, room - 1);
    content = [...kept, context(`…and ${blocks.length - kept.length} more blocks not shown.`)];
  }
  return actions ? [...content, actions] : content;
}
