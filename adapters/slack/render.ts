import { messages } from '../../src/present/messages.js';
import type { types } from '@slack/bolt';
import type { FollowUp, TopicsAnswer } from '../../src/chat/follow-ups.js';
import { citationParts, helpLines, highlightPieces, publisherOf } from '../../src/present/present.js';
import { cutAtWord, joinWithin } from '../../src/present/cut.js';
import type { Answer, DocumentMeta, Passage } from '../../src/types.js';
import { answerActions, suggestionActions } from './buttons.js';
import { BLOCKS_MAX, FALLBACK_TEXT_MAX, SECTION_TEXT_MAX } from './limits.js';
import { context as contextBlock, cutMrkdwn, escapeMrkdwn, escapeUserText, fitPieces, linkTarget, section } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  /** Fallback text for notifications and clients that cannot show blocks (escaped mrkdwn). */
  text: string;
  blocks: KnownBlock[];
}

export interface SlackRenderOptions {
  /** The slash command's name, without the slash. */
  command: string;
  /** What was typed after the command, echoed back: nobody else sees what was asked. */
  asked?: string;
  /** Who shared the answer into the channel. */
  sharedBy?: string;
  /** What may follow the answer (from the core): its buttons, suggestions, topics. Default none. */
  followUps?: readonly FollowUp[];
}

const context = (text: string) => contextBlock(text, SECTION_TEXT_MAX);

/** Renders an answer as a Block Kit message within every limit; all user and corpus text is escaped. */
export function renderSlackAnswer(answer: Answer, options: SlackRenderOptions): SlackMessage {
  const followUps = options.followUps ?? [];
  const blocks: KnownBlock[] = [];
  const echo = echoLine(options);
  if (echo) blocks.push(echo);
  const nothing = (message: string) => {
    blocks.push(section(message), ...notFound(followUps, options.command));
    return message;
  };
  let fallback: string;

  switch (answer.kind) {
    case 'results': {
      if (!answer.hits.length) {
        fallback = nothing(answer.offset ? messages.noMoreResults() : messages.nothingAnswers());
        break;
      }
      for (const hit of answer.hits) {
        blocks.push(section(fitPieces(highlightPieces(hit.passage.text, hit.highlights), SECTION_TEXT_MAX)));
        blocks.push(context(citation(hit.document, hit.passage)));
      }
      const first = answer.offset + 1;
      const last = answer.offset + answer.hits.length;
      if (answer.total > 1) blocks.push(context(`Result ${first === last ? first : `${first}–${last}`} of ${answer.total}`));
      fallback = escapeMrkdwn(cutAtWord(answer.hits[0]!.passage.text, 300));
      break;
    }
    case 'brief': {
      if (!answer.items.length) {
        fallback = nothing(messages.nothingToBrief());
        break;
      }
      const heading = answer.topic
        ? `*Briefing:* ${escapeUserText(answer.topic)}`
        : joinWithin(
            answer.documents,
            (d) => `*Briefing:* ${escapeMrkdwn(d.title)} · ${escapeMrkdwn(publisherOf(d))}`,
            '\n',
            SECTION_TEXT_MAX,
          );
      blocks.push(section(cutMrkdwn(heading, SECTION_TEXT_MAX)));
      // Two blocks an item: past what a message holds they would only be cut (a corpus-wide briefing has an item per section).
      for (const item of answer.items.slice(0, LISTED_BRIEF_ITEMS)) {
        const title = `*${escapeMrkdwn(item.passage.section)}*\n`;
        blocks.push(section(title + fitPieces(highlightPieces(item.text, item.highlights), SECTION_TEXT_MAX - title.length)));
        blocks.push(context(citation(item.document, item.passage)));
      }
      if (answer.items.length > LISTED_BRIEF_ITEMS)
        blocks.push(context(`…and ${answer.items.length - LISTED_BRIEF_ITEMS} more sections not shown.`));
      fallback = answer.topic ? `Briefing: ${escapeUserText(cutAtWord(answer.topic, 200))}` : 'Briefing';
      break;
    }
    case 'quote': {
      if (!answer.quotes.length) {
        fallback = nothing('No sentence in the corpus matches that.');
        break;
      }
      for (const quote of answer.quotes) {
        const who = quote.speaker ? `— *${escapeMrkdwn(quote.speaker)}*${quote.role ? `, ${escapeMrkdwn(quote.role)}` : ''}` : '';
        const room = SECTION_TEXT_MAX - who.length - 4;
        blocks.push(section(`> ${fitPieces(highlightPieces(quote.text, quote.highlights), room)}${who ? `\n${who}` : ''}`));
        blocks.push(context(citation(quote.document, quote.passage)));
      }
      fallback = escapeMrkdwn(cutAtWord(answer.quotes[0]!.text, 300));
      break;
    }
    case 'topics':
      blocks.push(...topicBlocks(answer));
      fallback = `Topics: ${joinWithin(answer.documents, (d) => escapeMrkdwn(d.document.title), ', ', FALLBACK_TEXT_MAX)}`;
      break;
    case 'help':
      blocks.push(...helpBlocks(answer));
      fallback = `How to use /${escapeUserText(answer.command)}`;
      break;
    case 'usage':
    case 'watches':
      blocks.push(section(cutMrkdwn(escapeMrkdwn(answer.message), SECTION_TEXT_MAX)));
      fallback = escapeMrkdwn(answer.message);
      break;
    case 'rate-limited':
      fallback = `You are asking faster than redline answers. Try again in ${answer.retryAfterSeconds} s.`;
      blocks.push(section(fallback));
      break;
  }

  return { text: cutMrkdwn(fallback, FALLBACK_TEXT_MAX), blocks: fitBlocks(blocks, answerActions(followUps)) };
}

/** A one-line private message (listener failures, expired buttons). */
export function renderSlackNotice(message: string): SlackMessage {
  const text = cutMrkdwn(escapeMrkdwn(message), SECTION_TEXT_MAX);
  return { text, blocks: [section(text)] };
}

function echoLine({ command, asked, sharedBy }: SlackRenderOptions): KnownBlock | undefined {
  if (asked === undefined && sharedBy === undefined) return undefined;
  const who = sharedBy ? `${escapeUserText(cutAtWord(sharedBy, 80))} shared: ` : '';
  const typed = asked ? ` ${escapeUserText(cutAtWord(asked, 1000))}` : '';
  return context(`${who}/${escapeUserText(command)}${typed}`);
}

/** title · section · ¶ n (or p. n) · publisher (source); the title links to the passage (its page, its words) when the document has a URL. */
export function citation(document: DocumentMeta, passage: Passage): string {
  const parts = citationParts(document, passage);
  const title = escapeMrkdwn(cutAtWord(parts.title, 300));
  return [
    parts.link ? `<${linkTarget(parts.link)}|${title}>` : `*${title}*`,
    ...(parts.section ? [escapeMrkdwn(cutAtWord(parts.section, 300))] : []),
    ...(parts.location ? [parts.location] : []),
    escapeMrkdwn(cutAtWord(parts.publisher, 300)),
  ].join(' · ');
}

/** After "nothing found": other queries to try, as buttons that run them, then the topics there are. */
function notFound(followUps: readonly FollowUp[], command: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const buttons = suggestionActions(followUps);
  if (buttons) blocks.push(context('Try one of these:'), buttons);
  for (const f of followUps) {
    if (f.kind !== 'topics') continue;
    blocks.push(context('What the corpus covers:'), ...topicBlocks(f.topics));
    if (f.more)
      blocks.push(
        context(`…and ${f.more} more ${f.more === 1 ? 'document' : 'documents'}: \`/${escapeUserText(command)} topics\` lists them.`),
      );
  }
  return blocks;
}

/** Blocks a long list (topics, a corpus-wide briefing) may fill, leaving room for the echo, a heading, its "more" line and the buttons. */
const LISTED_BLOCKS = BLOCKS_MAX - 4;
const LISTED_BRIEF_ITEMS = LISTED_BLOCKS / 2;

/** Each document with its sections (and how many passages each has), as far as a message holds them. */
export function topicBlocks(answer: TopicsAnswer): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let shown = 0;
  for (const { document, sections } of answer.documents) {
    // A message holds BLOCKS_MAX blocks: the documents past them are counted, not rendered.
    if (blocks.length >= LISTED_BLOCKS) {
      blocks.push(context(`…and ${answer.documents.length - shown} more documents not shown.`));
      break;
    }
    shown++;
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

function helpBlocks({ command, documents, examples }: Extract<Answer, { kind: 'help' }>): KnownBlock[] {
  const lines = helpLines(command).map(({ call, summary }) => `\`${escapeMrkdwn(call)}\` ${escapeMrkdwn(summary)}`);
  const tries = examples.map((e) => `\`/${escapeUserText(`${command} ${e}`)}\``).join(' · ');
  const corpus = joinWithin(documents, (d) => `${escapeMrkdwn(d.title)} · ${escapeMrkdwn(publisherOf(d))}`, '; ', SECTION_TEXT_MAX);
  return [
    section(
      '*redline* quotes the passage of the corpus that answers a question, with its source. Answers are private until you share them.',
    ),
    section(cutMrkdwn(lines.join('\n'), SECTION_TEXT_MAX)),
    ...(tries ? [context(`Try: ${tries}`)] : []),
    context(`Corpus: ${corpus || 'empty'}`),
  ];
}

/** Keeps a message within `BLOCKS_MAX`: the answer's buttons stay, the tail of the content gives way. */
function fitBlocks(blocks: KnownBlock[], actions: types.ActionsBlock | undefined): KnownBlock[] {
  const room = BLOCKS_MAX - (actions ? 1 : 0);
  let content = blocks;
  if (content.length > room) {
    const kept = content.slice(0, room - 1);
    content = [...kept, context(`…and ${blocks.length - kept.length} more blocks not shown.`)];
  }
  return actions ? [...content, actions] : content;
}
