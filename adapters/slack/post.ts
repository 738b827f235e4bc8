import type { types, webApi } from '@slack/bolt';
import { encodeButtonState } from '../../src/chat/button-state.js';
import type { ChannelPoster, Post, PostButton, PostResult } from '../../src/briefings/post.js';
import type { Logger } from '../../src/log.js';
import { citationParts, highlightPieces, publisherOf } from '../../src/present/present.js';
import { cutAtWord } from '../../src/present/cut.js';
import type { BriefItem, DocumentMeta, Passage } from '../../src/types.js';
import {
  ACTION_IDS,
  ACTIONS_ELEMENTS_MAX,
  BLOCKS_MAX,
  BLOCKS_TEXT_MAX,
  BUTTON_TEXT_MAX,
  BUTTON_VALUE_MAX,
  FALLBACK_TEXT_MAX,
  SECTION_TEXT_MAX,
} from './limits.js';
import { context as contextBlock, cutMrkdwn, escapeMrkdwn, escapeUserText, fitPieces, linkTarget, section } from './mrkdwn.js';
import { citation, type SlackMessage } from './render.js';

// Announcements, digests and watch notifications as Block Kit, posted with chat.postMessage.

type KnownBlock = types.KnownBlock;
const context = (text: string) => contextBlock(text, SECTION_TEXT_MAX);
/** A briefing item's key text in an announcement: enough to read, short enough that many sections share a block. */
const ITEM_TEXT_MAX = 400;

/** Renders a post within Block Kit's limits (50 blocks, 3,000 characters a text); every corpus and user text escaped. */
export function renderSlackPost(post: Post): SlackMessage {
  const blocks: KnownBlock[] = [];
  let text: string;
  switch (post.kind) {
    case 'announcement': {
      const count = post.documents.length;
      text = count === 1 ? `New document: ${escapeMrkdwn(post.documents[0]!.document.title)}` : `${count} new documents`;
      blocks.push(section(count === 1 ? '*New in the corpus*' : `*New in the corpus:* ${count} documents`));
      // The documents share what the message holds (a note and the buttons aside), two blocks each at the least.
      const room = BLOCKS_MAX - blocks.length - 1 - (post.buttons.length ? 1 : 0);
      // Each document shown needs two blocks and a few hundred characters at the least.
      const shown = Math.min(count, Math.floor(room / 2), Math.floor(BLOCKS_TEXT_MAX / 600));
      let chars = 0;
      post.documents.slice(0, shown).forEach(({ document, link, items }, i) => {
        const budget = Math.floor((room - (blocks.length - 1)) / (shown - i));
        const heading = cutMrkdwn(documentHeading(document, link), 500);
        const charBudget = Math.floor((BLOCKS_TEXT_MAX - 200 - chars) / (shown - i)) - heading.length;
        const items_ = itemBlocks(items, budget - 1, charBudget);
        blocks.push(section(heading), ...items_);
        chars += heading.length + textLength(items_);
      });
      if (count > shown) blocks.push(context(`…and ${count - shown} more documents.`));
      break;
    }
    case 'digest': {
      const count = post.documents.length + post.more;
      text = `Digest: ${count} new ${count === 1 ? 'document' : 'documents'}`;
      blocks.push(section(`*Digest:* ${count} new ${count === 1 ? 'document' : 'documents'} since ${escapeMrkdwn(day(post.since))}`));
      const lines = post.documents.map(({ document, link, arrivedAt, sections, passages }) => {
        const title = link
          ? `<${linkTarget(link)}|${escapeMrkdwn(cutAtWord(document.title, 200))}>`
          : `*${escapeMrkdwn(cutAtWord(document.title, 200))}*`;
        const topics = sections.length ? ` · ${escapeMrkdwn(cutAtWord(sections.join(' · '), 300))}` : '';
        return `• ${title} · ${escapeMrkdwn(cutAtWord(publisherOf(document), 200))} · ${escapeMrkdwn(day(arrivedAt))} · ${passages} ¶${topics}`;
      });
      blocks.push(...packed(lines, BLOCKS_MAX - 2, BLOCKS_TEXT_MAX - 300));
      if (post.more) blocks.push(context(`…and ${post.more} more documents.`));
      break;
    }
    case 'watch': {
      text = `New on “${escapeUserText(cutAtWord(post.topic, 200))}”`;
      blocks.push(section(`*New on “${escapeUserText(cutAtWord(post.topic, 200))}”*`));
      const each = Math.min(SECTION_TEXT_MAX, Math.floor((BLOCKS_TEXT_MAX - 500) / Math.max(1, post.hits.length)) - 600);
      for (const hit of post.hits) {
        blocks.push(section(fitPieces(highlightPieces(hit.passage.text, hit.highlights), each)));
        blocks.push(context(citation(hit.document, hit.passage)));
      }
      break;
    }
  }
  const buttons = post.kind === 'announcement' ? actions(post.buttons) : undefined;
  return {
    text: cutMrkdwn(text, FALLBACK_TEXT_MAX),
    blocks: buttons ? [...blocks.slice(0, BLOCKS_MAX - 1), buttons] : blocks.slice(0, BLOCKS_MAX),
  };
}

/** The briefing's items packed into at most `budget` section blocks and `chars` characters, each item cited with its deep link; a note for what does not fit. */
function itemBlocks(items: readonly BriefItem[], budget: number, chars: number): KnownBlock[] {
  const lines = items.map((item) => {
    const parts = citationParts(item.document, item.passage);
    const where = parts.location ?? '';
    const cite = parts.link ? `<${linkTarget(parts.link)}|${where}>` : where;
    const head = `*${escapeMrkdwn(cutAtWord(parts.section ?? 'Lead', 200))}* · ${cite}\n`;
    return head + fitPieces(highlightPieces(cutAtWord(item.text, ITEM_TEXT_MAX), item.highlights), ITEM_TEXT_MAX + 20);
  });
  return packed(lines, budget, chars, (left) => `…and ${left} more sections: *Full briefing* shows them all.`);
}

/** Characters of text in blocks (sections and context lines), as Slack counts them against a message. */
function textLength(blocks: readonly KnownBlock[]): number {
  let n = 0;
  for (const block of blocks as ReadonlyArray<{ text?: { text: string }; elements?: Array<{ text?: unknown }> }>) {
    n += block.text?.text.length ?? 0;
    for (const e of block.elements ?? []) n += typeof e.text === 'string' ? e.text.length : 0;
  }
  return n;
}

/**
 * Lines joined into section blocks of at most 3,000 characters: at most `budget` blocks and `chars`
 * characters in all, the last a note saying how many lines are left when they do not all fit.
 */
function packed(lines: readonly string[], budget: number, chars: number, note = (left: number) => `…and ${left} more.`): KnownBlock[] {
  const fitted = lines.map((line) => cutMrkdwn(line, SECTION_TEXT_MAX));
  const blocks: KnownBlock[] = [];
  const room = chars - 80;
  let used = 0;
  let text = '';
  for (const [i, line] of fitted.entries()) {
    const rest = fitted.slice(i).join('\n\n').length;
    if (used + (text ? 2 : 0) + line.length > room && used + rest > chars) {
      if (text) blocks.push(section(text));
      blocks.push(context(note(fitted.length - i)));
      return blocks;
    }
    used += (text ? 2 : 0) + line.length;
    if (text && text.length + 2 + line.length <= SECTION_TEXT_MAX) {
      text += `\n\n${line}`;
      continue;
    }
    if (text) blocks.push(section(text));
    // The last block: the rest goes in it only if all of it fits, else a note says how much is left.
    if (blocks.length >= budget - 1 && rest > SECTION_TEXT_MAX) {
      blocks.push(context(note(fitted.length - i)));
      return blocks;
    }
    text = line;
  }
  if (text) blocks.push(section(text));
  return blocks;
}

function documentHeading(document: DocumentMeta, link: string | undefined): string {
  const title = escapeMrkdwn(cutAtWord(document.title, 300));
  const date = document.date ? ` · ${escapeMrkdwn(document.date)}` : '';
  return `${link ? `*<${linkTarget(link)}|${title}>*` : `*${title}*`}\n${escapeMrkdwn(cutAtWord(publisherOf(document), 300))}${date}`;
}

function actions(buttons: readonly PostButton[]): types.ActionsBlock | undefined {
  const elements: types.Button[] = [];
  for (const [i, { label, request }] of buttons.slice(0, ACTIONS_ELEMENTS_MAX).entries()) {
    const value = encodeButtonState({ action: 'ask', request }, BUTTON_VALUE_MAX);
    if (value === undefined) continue;
    // A label is plain text, never parsed for mentions; angle brackets are swapped anyway so no payload holds "<!".
    const text = cutAtWord(label.replace(/</g, '‹').replace(/>/g, '›'), BUTTON_TEXT_MAX);
    elements.push({ type: 'button', text: { type: 'plain_text', text, emoji: true }, action_id: `${ACTION_IDS.ask}_${i}`, value });
  }
  return elements.length ? { type: 'actions', elements } : undefined;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Slack's answers that mean the bot cannot post in that channel: logged, not retried. */
const CHANNEL_REFUSALS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'no_permission',
]);

/**
 * Posts with Bolt's Web API client (chat.postMessage); a refusal or a rate limit is a log line and a
 * result, never a throw. The client itself waits out a `Retry-After` and tries again (its retry policy).
 */
export function slackPoster(client: webApi.WebClient, log: Logger): ChannelPoster {
  client.on(
    'rate_limited' as webApi.WebClientEvent,
    (retryAfterSeconds: number, request: { url?: string; body?: { channel?: unknown } }) => {
      const method = request?.url?.split('/').pop() ?? 'a call';
      const channel = typeof request?.body?.channel === 'string' ? ` in ${request.body.channel}` : '';
      log.warn(
        { method, retryAfterSeconds },
        `slack: rate limited (${method}${channel}); Slack asks to wait ${retryAfterSeconds} s, then it is tried again`,
      );
    },
  );
  return {
    platform: 'slack',
    async post(channel: string, post: Post): Promise<PostResult> {
      const message = renderSlackPost(post);
      try {
        await client.chat.postMessage({ channel, ...message, unfurl_links: false, unfurl_media: false });
        return { ok: true };
      } catch (error) {
        const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
        if (e.code === 'slack_webapi_rate_limited_error') {
          const retryAfterSeconds = Math.max(1, Math.ceil(e.retryAfter ?? 30));
          log.warn(
            { channel, kind: post.kind, retryAfterSeconds },
            `slack: rate limited posting the ${post.kind} in ${channel}; retrying in ${retryAfterSeconds} s`,
          );
          return { ok: false, error: 'ratelimited', retryAfterSeconds };
        }
        // The client's retries ran out while Slack still said to wait.
        if (/rate limit/i.test(e.message ?? '')) {
          log.warn({ channel, kind: post.kind }, `slack: still rate limited posting the ${post.kind} in ${channel}; trying again later`);
          return { ok: false, error: 'ratelimited', retryAfterSeconds: 30 };
        }
        const code = e.data?.error ?? e.message ?? 'unknown error';
        const hint =
          code === 'not_in_channel'
            ? ' (invite the bot: /invite @redline)'
            : code === 'channel_not_found'
              ? ' (check the channel id in channels.yaml)'
              : '';
        log.warn({ channel, kind: post.kind, error: code }, `slack: could not post the ${post.kind} in ${channel}: ${code}${hint}`);
        return { ok: false, error: CHANNEL_REFUSALS.has(code) ? code : `failed: ${code}` };
      }
    },
  };
}
