import type { AllMiddlewareArgs, App, MessageShortcut, SlackEventMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Channel } from '../../src/channels/channels.js';
import { findRequest, mentionRequest } from '../../src/chat/conversation.js';
import { isNotice } from '../../src/chat/follow-ups.js';
import type { Request } from '../../src/types.js';
import { homeView } from './home.js';
import { answerRequest, guarded, notice, sendSafely, type ListenerDeps } from './listeners.js';
import { decodeSlackText } from './mrkdwn.js';
import { renderSlackAnswer } from './render.js';
import { answerChannelMessage, type UnaskedDeps } from './unasked.js';

// Where people talk: a mention in a channel (answered in the message's thread, for everyone, as
// the question was), a direct message (answered in the DM), "Find in briefings" on a message
// (answered privately), and the App Home tab.

/** The message shortcut's callback id (in the manifest). */
export const FIND_CALLBACK_ID = 'redline_find';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;
type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;
type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** A message redline answers in the conversation: who asked, where, in which thread. */
interface Asked {
  text: string;
  user: string;
  channel: string;
  /** The thread to answer in (a channel mention); none in a DM. */
  threadTs?: string;
}

export function registerConversationListeners(app: App, deps: ListenerDeps & Partial<Pick<UnaskedDeps, 'firstTime'>>): void {
  // One listener for the three events: Bolt runs each listener's matching on every request, slash commands included.
  const mention = answerMention(deps);
  const directMessage = answerDirectMessage(deps);
  const channelMessage = deps.firstTime ? answerChannelMessage({ ...deps, firstTime: deps.firstTime }) : undefined;
  const home = publishHome(deps);
  app.event(/^(?:app_mention|message|app_home_opened)$/, async function answerEvent(args) {
    const type: string = args.event.type;
    if (type === 'app_mention') await mention(args as unknown as MentionArgs);
    else if (type === 'message') {
      if ((args.event as { channel_type?: string }).channel_type === 'im') await directMessage(args as unknown as MessageArgs);
      else await channelMessage?.(args as unknown as MessageArgs);
    } else await home(args as unknown as HomeArgs);
  });
  app.shortcut<MessageShortcut>(FIND_CALLBACK_ID, findInBriefings(deps));
}

/** `@redline <question>` in a channel: the answer in the message's thread (or the thread it is in). */
export function answerMention(deps: ListenerDeps) {
  return async function answerMention({ event, client }: MentionArgs): Promise<void> {
    if (!event.user || event.bot_id) return;
    await answerInConversation(deps, client, {
      text: event.text,
      user: event.user,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
    });
  };
}

/** A direct message to redline: the answer in the DM. Edits, joins and bot messages (its own) are not questions. */
export function answerDirectMessage(deps: ListenerDeps) {
  return async function answerDirectMessage({ message, client }: MessageArgs): Promise<void> {
    if (message.channel_type !== 'im' || message.subtype !== undefined || !('user' in message) || !message.user || message.bot_id) return;
    await answerInConversation(deps, client, { text: message.text ?? '', user: message.user, channel: message.channel });
  };
}

/** "Find in briefings" on a message: the passages that match its words, privately. */
export function findInBriefings(deps: ListenerDeps) {
  return async function findInBriefings({ shortcut, ack, respond }: ShortcutArgs): Promise<void> {
    await ack();
    await guarded(deps, respond, 'finding a message in the briefings', async () => {
      const request = findRequest(decodeSlackText(shortcut.message.text ?? ''));
      if (!request) return void (await sendSafely(deps, respond, notice(NO_WORDS_NOTICE)));
      const channel: Channel = { id: shortcut.channel.id, ...(shortcut.channel.name ? { name: shortcut.channel.name } : {}) };
      const { message } = answerRequest(deps, request, { userId: shortcut.user.id, asked: request.text, channel });
      await sendSafely(deps, respond, { response_type: 'ephemeral', replace_original: false, ...message });
    });
  };
}

/** The Home tab: how to ask, the documents and their sections, when the corpus was loaded. */
export function publishHome(deps: ListenerDeps) {
  return async function publishHome({ event, client }: HomeArgs): Promise<void> {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: homeView(deps) });
    } catch (error) {
      deps.log.warn({ err: error }, 'slack: publishing the Home tab failed');
    }
  };
}

/** When "Find in briefings" is used on a message without words (an image, a link). */
export const NO_WORDS_NOTICE = 'That message has no words to look up.';

/**
 * Answers a message addressed to redline where it was asked. An answer is posted for everyone
 * there (the question was public); a note (slow down, bad input) goes to the asker alone.
 */
async function answerInConversation(deps: ListenerDeps, client: MentionArgs['client'], asked: Asked): Promise<void> {
  const where = { channel: asked.channel, ...(asked.threadTs ? { thread_ts: asked.threadTs } : {}) };
  try {
    const request: Request = mentionRequest(decodeSlackText(asked.text));
    const reply = deps.redline.respond(
      request,
      { platform: 'slack', userId: asked.user, channel: { id: asked.channel }, ...(asked.channel.startsWith('D') ? { direct: true } : {}) },
      { shared: true },
    );
    const message = renderSlackAnswer(reply.answer, { command: deps.command, followUps: reply.followUps });
    if (isNotice(reply.answer)) await client.chat.postEphemeral({ ...where, user: asked.user, ...message });
    else await client.chat.postMessage({ ...where, ...message, unfurl_links: false, unfurl_media: false });
  } catch (error) {
    deps.log.warn({ err: error, channel: asked.channel }, 'slack: answering in the conversation failed');
  }
}
