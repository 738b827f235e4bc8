import { messages } from '../../src/present/messages.js';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { decodeButtonState } from '../../src/chat/button-state.js';
import { typedText } from '../../src/chat/follow-ups.js';
import { saysNotHelpful } from '../../src/chat/unasked.js';
import type { ListenerDeps } from './listeners.js';
import { decodeSlackText, escapeMrkdwn } from './mrkdwn.js';
import { renderSlackAnswer } from './render.js';

// Answering in a channel without a mention (`answer: questions` / `all` in channels.yaml): a
// question posted at the top level of such a channel gets the answer in its thread, for everyone,
// only when the core is sure enough; otherwise nothing at all. A 👎 on that answer, or a reply
// "not helpful" in its thread, collapses it to a note and notes the query for `redline gaps`.

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

export interface UnaskedDeps extends ListenerDeps {
  /** True the first time a key is claimed (on any replica sharing the store): one answer per message. */
  firstTime(key: string): Promise<boolean>;
}

/** Messages that carry no question of a person: edits, deletions, joins, bots' posts, broadcasts from threads. */
function isPersonsMessage(message: MessageArgs['message']): message is Extract<MessageArgs['message'], { subtype: undefined }> {
  return message.subtype === undefined && 'user' in message && typeof message.user === 'string' && !message.bot_id;
}

/** A message in a channel (public or private) with no mention of redline: answered unasked where the channel says so. */
export function answerChannelMessage(deps: UnaskedDeps) {
  return async function answerChannelMessage({ message, client, context }: MessageArgs): Promise<void> {
    if (message.channel_type !== 'channel' && message.channel_type !== 'group') return;
    if (!isPersonsMessage(message) || !message.text) return;
    // A message mentioning redline is answered as a mention (the app_mention event), not twice.
    if (context.botUserId && message.text.includes(`<@${context.botUserId}>`)) return;
    const user = message.user;
    const channel = message.channel;
    try {
      if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
        if (saysNotHelpful(decodeSlackText(message.text)))
          await hideOnRequest(deps, client, { channel, threadTs: message.thread_ts, user, botId: context.botId });
        return;
      }
      const reply = await deps.redline.answerUnasked?.(decodeSlackText(message.text), {
        platform: 'slack',
        userId: user,
        channel: { id: channel },
      });
      if (!reply) return;
      // Several replicas may hold the event (Socket Mode connections, a retry landing elsewhere): one posts.
      if (!(await deps.firstTime(`unasked:slack:${channel}:${message.ts}`))) return;
      const rendered = renderSlackAnswer(reply.answer, { command: deps.command, followUps: reply.followUps });
      await client.chat.postMessage({ channel, thread_ts: message.ts, ...rendered, unfurl_links: false, unfurl_media: false });
      deps.log.info({ channel, ts: message.ts }, 'slack: answered a question unasked');
    } catch (error) {
      deps.log.warn({ err: error, channel }, 'slack: answering a channel message failed');
    }
  };
}

/** "not helpful" in the thread of an unasked answer: the answer collapses, and its query is noted as a 👎. */
async function hideOnRequest(
  deps: UnaskedDeps,
  client: MessageArgs['client'],
  where: { channel: string; threadTs: string; user: string; botId: string | undefined },
): Promise<void> {
  const { messages: replies = [] } = await client.conversations.replies({ channel: where.channel, ts: where.threadTs, limit: 50 });
  for (const posted of replies) {
    if (!posted.ts || (where.botId && posted.bot_id !== where.botId)) continue;
    const state = hideState(posted.blocks);
    if (!state) continue;
    deps.redline.feedback(
      { query: typedText(state.request), vote: 'down', ...(state.shown ? { passageId: state.shown } : {}) },
      { platform: 'slack', userId: where.user },
    );
    await client.chat.update({ channel: where.channel, ts: posted.ts, ...hiddenSlackMessage() });
    deps.log.info({ channel: where.channel, ts: posted.ts }, 'slack: an unasked answer was hidden on request');
  }
}

/** The state of an unasked answer's 👎 (action `hide`) among a message's blocks: how redline knows its own unasked answers. */
function hideState(blocks: unknown): ReturnType<typeof decodeButtonState> {
  for (const block of Array.isArray(blocks) ? (blocks as Array<{ elements?: Array<{ value?: unknown }> }>) : []) {
    for (const element of block.elements ?? []) {
      const state = typeof element.value === 'string' ? decodeButtonState(element.value) : undefined;
      if (state?.action === 'hide') return state;
    }
  }
  return undefined;
}

/** What an unasked answer becomes once hidden: one line, no passage, no buttons. */
export function hiddenSlackMessage(): { text: string; blocks: [] } {
  return { text: `_${escapeMrkdwn(messages.answerHidden)}_`, blocks: [] };
}
