import { mentionRequest } from '../../src/chat/conversation.js';
import type { Channel } from '../../src/channels/channels.js';
import type { InteractionDeps } from './interactions.js';
import { renderAnswer, type DiscordMessage } from './render.js';

// A message that mentions the bot in a server, or any message in a DM with it: a question,
// answered as a reply for everyone there (the question was public); only votes follow.

/** A message as the gateway gives it: who wrote it, where, and whom it mentions. */
export interface IncomingMessage {
  content: string;
  authorId: string;
  /** Bots (redline itself included) are never answered. */
  fromBot: boolean;
  channel: Channel;
  /** A DM with the bot: every message is a question. */
  direct: boolean;
  mentionsBot: boolean;
}

/** The reply to a message, or undefined when it is not a question for redline. */
export function replyToMessage(message: IncomingMessage, deps: InteractionDeps): DiscordMessage | undefined {
  if (message.fromBot || (!message.direct && !message.mentionsBot)) return undefined;
  const request = mentionRequest(message.content);
  const reply = deps.redline.respond(
    request,
    { platform: 'discord', userId: message.authorId, channel: message.channel, ...(message.direct ? { direct: true } : {}) },
    { shared: true },
  );
  return renderAnswer(reply.answer, { command: deps.command, followUps: reply.followUps });
}
