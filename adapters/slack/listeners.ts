import { messages } from '../../src/present/messages.js';
import type {
  AnyMiddlewareArgs,
  App,
  BlockButtonAction,
  RespondArguments,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import { parseRequest } from '../../src/request/parse.js';
import { decodeButtonState } from '../../src/chat/button-state.js';
import { isNotice, isShareable, typedText } from '../../src/chat/follow-ups.js';
import type { Channel } from '../../src/channels/channels.js';
import type { Logger } from '../../src/log.js';
import { Renderings } from '../../src/service/replies.js';
import type { Redline, Reply } from '../../src/service/service.js';
import type { Answer, Request, Vote } from '../../src/types.js';
import { ACTION_IDS } from './limits.js';
import { decodeSlackText } from './mrkdwn.js';
import { renderSlackAnswer, renderSlackNotice, type SlackMessage } from './render.js';
import { hiddenSlackMessage } from './unasked.js';

/** What every listener needs: the core, a logger and the slash command's name. */
export interface ListenerDeps {
  redline: Redline;
  log: Logger;
  /** The slash command's name, without the slash. */
  command: string;
  /** How long a post to a response_url may take before it is logged as failed. Default 10 s. */
  respondTimeoutMs?: number;
}

export type CommandArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack'>;
export type ButtonArgs = Pick<SlackActionMiddlewareArgs<BlockButtonAction>, 'action' | 'body' | 'ack' | 'respond'>;

/** The one line a person sees when answering failed (the details go to the log). */
export const FAILURE_NOTICE = 'Sorry, redline could not answer that. The error has been logged.';
/** When Slack refuses to post a shared answer in the conversation. */
export const SHARE_REFUSED_NOTICE = "Couldn't share in this conversation. Your copy stays here.";
/** When a button's value is not one redline wrote (a very old message, a hand-made payload). */
export const STALE_BUTTON_NOTICE = 'That button no longer works. Ask again with the slash command.';

/**
 * Registers every button redline puts in its messages. The slash command has no listener: the app's
 * middleware answers it (`slashCommandOf`, see index.ts) before Bolt's listener loop, which would
 * run every registered listener's matching, and copy its arguments, for the request sent most.
 */
export function registerListeners(app: App, redline: Redline, log: Logger, options: { command: string; respondTimeoutMs?: number }): void {
  const deps: ListenerDeps = { redline, log, ...options };
  // One listener for every button: Bolt runs each registered listener's matching on every request, commands included.
  const buttons = buttonListeners(deps);
  app.action<BlockButtonAction>(BUTTON_ACTION_ID, async (args) => buttons.get(buttonKind(args.action.action_id))!(args));
  // Errors the listeners let through (a failed ack: the socket closed, the HTTP client left).
  app.error(async (error) => {
    log.error({ err: error }, 'slack: listener failed');
  });
}

/** Every action_id redline's buttons carry: page, share, vote, and the numbered suggestions. */
const BUTTON_ACTION_ID = new RegExp(
  `^(?:${[ACTION_IDS.previous, ACTION_IDS.next, ACTION_IDS.share, ACTION_IDS.voteUp, ACTION_IDS.voteDown].join('|')}|(?:${ACTION_IDS.suggest}|${ACTION_IDS.ask})_\\d+)$`,
);

/** The listener of each kind of button, by action_id (a suggestion's without its number). */
function buttonListeners(deps: ListenerDeps): Map<string, (args: ButtonArgs) => Promise<void>> {
  return new Map([
    [ACTION_IDS.previous, turnPage(deps)],
    [ACTION_IDS.next, turnPage(deps)],
    [ACTION_IDS.suggest, turnPage(deps)],
    [ACTION_IDS.ask, askFromPost(deps)],
    [ACTION_IDS.share, shareAnswer(deps)],
    [ACTION_IDS.voteUp, recordVote(deps, 'up')],
    [ACTION_IDS.voteDown, recordVote(deps, 'down')],
  ]);
}

function buttonKind(actionId: string): string {
  if (actionId.startsWith(`${ACTION_IDS.ask}_`)) return ACTION_IDS.ask;
  return actionId.startsWith(`${ACTION_IDS.suggest}_`) ? ACTION_IDS.suggest : actionId;
}

/** The middleware arguments of a request that is redline's slash command (`/<command>`), or undefined. */
export function slashCommandOf(args: AnyMiddlewareArgs & { ack?: unknown }, command: string): CommandArgs | undefined {
  if (!('command' in args) || typeof args.ack !== 'function') return undefined;
  const slash = args as SlackCommandMiddlewareArgs;
  return slash.command.command === `/${command}` ? slash : undefined;
}

/** `/redline <text>`: the answer itself is the acknowledgement (private), since the core answers in milliseconds. */
export function answerSlashCommand(deps: ListenerDeps) {
  return async function answerSlashCommand({ command, ack }: CommandArgs): Promise<void> {
    let message: SlackMessage;
    try {
      const typed = decodeSlackText(command.text);
      // A DM's id starts with D (its name is "directmessage"): no channel to post in, for watches.
      const direct = command.channel_id.startsWith('D') || command.channel_name === 'directmessage';
      message = answerRequest(deps, parseRequest(typed), {
        userId: command.user_id,
        asked: typed,
        channel: { id: command.channel_id, name: command.channel_name },
        direct,
      }).message;
    } catch (error) {
      deps.log.error({ err: error }, 'slack: answering a slash command failed');
      message = renderSlackNotice(FAILURE_NOTICE);
    }
    await ack({ response_type: 'ephemeral', ...message });
  };
}

/** "◂ Previous", "Next ▸" and suggestion buttons: run the request in the button and replace the private answer. */
export function turnPage(deps: ListenerDeps) {
  return async function turnPage({ action, body, ack, respond }: ButtonArgs): Promise<void> {
    await ack();
    await guarded(deps, respond, 'turning a page', async () => {
      const state = decodeButtonState(action.value);
      if (!state) return void (await sendSafely(deps, respond, notice(STALE_BUTTON_NOTICE)));
      const { answer, message } = answerRequest(deps, state.request, {
        userId: body.user.id,
        asked: typedText(state.request),
        channel: channelOf(body),
      });
      if (isNotice(answer)) return void (await sendSafely(deps, respond, refusal(answer, deps)));
      await sendSafely(deps, respond, { response_type: 'ephemeral', replace_original: true, ...message });
    });
  };
}

/** A button under an announcement or digest: the answer goes privately to whoever clicked; the post stays as it is. */
export function askFromPost(deps: ListenerDeps) {
  return async function askFromPost({ action, body, ack, respond }: ButtonArgs): Promise<void> {
    await ack();
    await guarded(deps, respond, 'answering a button under a post', async () => {
      const state = decodeButtonState(action.value);
      if (!state) return void (await sendSafely(deps, respond, notice(STALE_BUTTON_NOTICE)));
      const { message } = answerRequest(deps, state.request, {
        userId: body.user.id,
        asked: typedText(state.request),
        channel: channelOf(body),
      });
      await sendSafely(deps, respond, { response_type: 'ephemeral', replace_original: false, ...message });
    });
  };
}

/** "Share in channel": post the same answer for everyone, saying who shared it, then remove the private copy. */
export function shareAnswer(deps: ListenerDeps) {
  return async function shareAnswer({ action, body, ack, respond }: ButtonArgs): Promise<void> {
    await ack();
    await guarded(deps, respond, 'sharing an answer', async () => {
      const state = decodeButtonState(action.value);
      if (!state) return void (await sendSafely(deps, respond, notice(STALE_BUTTON_NOTICE)));
      const sharedBy = body.user.name ?? body.user.username ?? 'Someone';
      const { answer, message } = answerRequest(deps, state.request, {
        userId: body.user.id,
        asked: typedText(state.request),
        sharedBy,
        channel: channelOf(body),
      });
      if (isNotice(answer)) return void (await sendSafely(deps, respond, refusal(answer, deps)));
      // Only an answer with something in it is posted for everyone (a corpus reload can empty it).
      if (!isShareable(answer))
        return void (await sendSafely(deps, respond, { response_type: 'ephemeral', replace_original: true, ...message }));
      const posted = await sendSafely(deps, respond, { response_type: 'in_channel', replace_original: false, ...message });
      // Only remove the private copy once the shared one is there; a refusal (a posting-restricted
      // or archived channel, a used-up response_url) is said privately, and the copy stays.
      if (posted) await sendSafely(deps, respond, { delete_original: true });
      else await sendSafely(deps, respond, notice(SHARE_REFUSED_NOTICE));
    });
  };
}

/** 👍 / 👎: record the vote with the core and thank the voter privately. */
export function recordVote(deps: ListenerDeps, vote: Vote) {
  return async function recordVote({ action, body, ack, respond }: ButtonArgs): Promise<void> {
    await ack();
    await guarded(deps, respond, 'recording a vote', async () => {
      const state = decodeButtonState(action.value);
      if (!state) return void (await sendSafely(deps, respond, notice(STALE_BUTTON_NOTICE)));
      deps.redline.feedback(
        { query: typedText(state.request), vote, ...(state.shown ? { passageId: state.shown } : {}) },
        { platform: 'slack', userId: body.user.id },
      );
      // The 👎 of an answer posted unasked takes it away for everyone: the answer collapses to a note.
      if (state.action === 'hide') return void (await sendSafely(deps, respond, { replace_original: true, ...hiddenSlackMessage() }));
      await sendSafely(deps, respond, notice(messages.voteThanks(vote)));
    });
  };
}

const renderings = new Renderings<Reply, SlackMessage>();

/** Answers a request through the core and renders it with what may follow it (once per reply and form: see src/replies.ts). */
export function answerRequest(
  { redline, command }: ListenerDeps,
  request: Request,
  who: { userId: string; asked?: string; sharedBy?: string; channel?: Channel; direct?: boolean },
): Reply & { message: SlackMessage } {
  const reply = redline.respond(
    request,
    { platform: 'slack', userId: who.userId, ...(who.channel ? { channel: who.channel } : {}), ...(who.direct ? { direct: true } : {}) },
    { shared: who.sharedBy !== undefined },
  );
  const message = renderings.of(reply, JSON.stringify([command, who.asked, who.sharedBy]), () =>
    renderSlackAnswer(reply.answer, { command, asked: who.asked, sharedBy: who.sharedBy, followUps: reply.followUps }),
  );
  return { ...reply, message };
}

/** The conversation a click came from (a message's channel), for channel scoping. */
function channelOf(body: ButtonArgs['body']): Channel | undefined {
  const id = body.channel?.id ?? body.container?.channel_id;
  return id ? { id, ...(body.channel?.name ? { name: body.channel.name } : {}) } : undefined;
}

/** A rate limit or usage answer to a click, as its own private line: the answer already shown stays. */
function refusal(answer: Answer, { command }: ListenerDeps): RespondArguments {
  return { response_type: 'ephemeral', replace_original: false, ...renderSlackAnswer(answer, { command }) };
}

export function notice(text: string): RespondArguments {
  return { response_type: 'ephemeral', replace_original: false, ...renderSlackNotice(text) };
}

/** Posts to the response_url; a failure (Slack down or slow, an expired URL) is logged, never thrown. */
export async function sendSafely(
  { log, respondTimeoutMs = 10_000 }: Pick<ListenerDeps, 'log' | 'respondTimeoutMs'>,
  respond: RespondFn,
  message: RespondArguments,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${respondTimeoutMs} ms`)), respondTimeoutMs);
  });
  try {
    await Promise.race([respond(message), timeout]);
    return true;
  } catch (error) {
    log.warn({ err: error }, 'slack: posting to the response_url failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a button's work; if it throws, logs it and tells the person in one private line. */
export async function guarded(deps: ListenerDeps, respond: RespondFn, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    deps.log.error({ err: error }, `slack: ${what} failed`);
    await sendSafely(deps, respond, notice(FAILURE_NOTICE));
  }
}
