import type { RespondArguments } from '@slack/bolt';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  answerSlashCommand,
  FAILURE_NOTICE,
  recordVote,
  shareAnswer,
  slashCommandOf,
  STALE_BUTTON_NOTICE,
  turnPage,
  type ButtonArgs,
  type CommandArgs,
  type ListenerDeps,
} from '../../../adapters/slack/listeners.js';
import { ACTION_IDS, BUTTON_VALUE_MAX } from '../../../adapters/slack/limits.js';
import { encodeButtonState } from '../../../src/chat/button-state.js';
import type { ButtonState } from '../../../src/chat/follow-ups.js';
import type { FeedbackEntry, RedlineService } from '../../../src/service/service.js';
import { MemoryLogger } from '../../support/log.js';
import { blockActionsPayload, slashCommandPayload } from '../../support/fakes/slack-requests.js';
import { loadShippedRedline, answerOf } from '../../support/helpers.js';
import { messageText } from '../../support/slack-check.js';

// Listener arguments as Bolt builds them, with `ack` and `respond` recording their calls.

function commandArgs(text: string) {
  const ack = vi.fn(async (_reply?: unknown) => {});
  return { args: { command: slashCommandPayload({ text }), ack } as unknown as CommandArgs, ack };
}

function buttonArgs(actionId: string, state: ButtonState | string, respondImpl?: (message: RespondArguments) => Promise<unknown>) {
  const value = typeof state === 'string' ? state : encodeButtonState(state, BUTTON_VALUE_MAX)!;
  const body = blockActionsPayload({ actionId, value, responseUrl: 'http://127.0.0.1:9/unused', userName: 'alice' });
  const ack = vi.fn(async () => {});
  const respond = vi.fn(respondImpl ?? (async (_message: RespondArguments) => ({}) as Response));
  const args = { action: (body.actions as unknown[])[0], body, ack, respond } as unknown as ButtonArgs;
  return { args, ack, respond };
}

describe('slack listeners', () => {
  let redline: RedlineService;
  let feedback: FeedbackEntry[];
  let deps: ListenerDeps;
  let log: MemoryLogger;
  beforeAll(async () => {
    feedback = [];
    redline = await loadShippedRedline({ rateLimit: { count: 1000, seconds: 1 }, recordFeedback: (e) => feedback.push(e) });
    log = new MemoryLogger();
    deps = { redline, log, command: 'redline' };
  });

  describe('slashCommandOf', () => {
    it('picks out the slash command of redline, and nothing else, from the middleware arguments', () => {
      const { args } = commandArgs('nato');
      expect(slashCommandOf(args as never, 'redline')).toBe(args);
      expect(slashCommandOf(args as never, 'briefings')).toBeUndefined();
      const { args: click } = buttonArgs(ACTION_IDS.next, { action: 'next', request: { command: 'ask', text: 'nato', offset: 1 } });
      expect(slashCommandOf(click as never, 'redline')).toBeUndefined();
      expect(slashCommandOf({ command: slashCommandPayload({ text: 'nato' }) } as never, 'redline')).toBeUndefined();
    });
  });

  describe('answerSlashCommand', () => {
    it('acknowledges once, with the private answer', async () => {
      const { args, ack } = commandArgs('topics');
      await answerSlashCommand(deps)(args);
      expect(ack).toHaveBeenCalledTimes(1);
      const reply = ack.mock.calls[0]![0] as RespondArguments;
      expect(reply.response_type).toBe('ephemeral');
      expect(messageText(reply)).toContain('NATO');
    });

    it('acknowledges with one line when the core throws, and logs the error', async () => {
      const broken = {
        ...deps,
        log: new MemoryLogger(),
        redline: {
          ...redline,
          respond: () => {
            throw new Error('boom');
          },
        },
      };
      const { args, ack } = commandArgs('nato');
      await answerSlashCommand(broken)(args);
      expect(ack).toHaveBeenCalledTimes(1);
      expect(messageText(ack.mock.calls[0]![0] as RespondArguments)).toBe(FAILURE_NOTICE);
      expect(broken.log.find('error', 'slash command failed')).toHaveLength(1);
    });
  });

  describe('turnPage', () => {
    it('acknowledges first, then replaces the answer with the requested page', async () => {
      const { args, ack, respond } = buttonArgs(ACTION_IDS.next, { action: 'next', request: { command: 'ask', text: 'nato', offset: 2 } });
      await turnPage(deps)(args);
      expect(ack).toHaveBeenCalledTimes(1);
      expect(ack.mock.invocationCallOrder[0]).toBeLessThan(respond.mock.invocationCallOrder[0]!);
      const expected = answerOf(redline, { command: 'ask', text: 'nato', offset: 2, limit: 1 }, { platform: 'console' });
      if (expected.kind !== 'results') throw new Error('expected results');
      const message = respond.mock.calls[0]![0];
      expect(message.replace_original).toBe(true);
      expect(messageText(message)).toContain(expected.hits[0]!.passage.text);
    });

    it('says a forged button no longer works, without replacing anything', async () => {
      const { args, respond } = buttonArgs(ACTION_IDS.next, 'not json');
      await turnPage(deps)(args);
      expect(respond).toHaveBeenCalledTimes(1);
      expect(respond.mock.calls[0]![0].replace_original).toBe(false);
      expect(messageText(respond.mock.calls[0]![0])).toBe(STALE_BUTTON_NOTICE);
    });

    it('never throws when respond() fails', async () => {
      const quiet = { ...deps, log: new MemoryLogger() };
      const { args } = buttonArgs(ACTION_IDS.next, { action: 'next', request: { command: 'ask', text: 'nato', offset: 1 } }, async () => {
        throw new Error('Failed to respond to the response_url: 404');
      });
      await expect(turnPage(quiet)(args)).resolves.toBeUndefined();
      expect(quiet.log.find('warn', 'response_url failed')).toHaveLength(1);
    });
  });

  describe('shareAnswer', () => {
    it('posts in the channel before deleting the private copy', async () => {
      const { args, respond } = buttonArgs(ACTION_IDS.share, { action: 'share', request: { command: 'brief', text: 'nato' } });
      await shareAnswer(deps)(args);
      expect(respond.mock.calls.map(([m]) => m.response_type ?? (m.delete_original ? 'delete' : '?'))).toEqual(['in_channel', 'delete']);
      expect(messageText(respond.mock.calls[0]![0])).toContain('alice shared: /redline brief nato');
    });
  });

  describe('recordVote', () => {
    it('records the vote with the passage voted on', async () => {
      const { args, respond } = buttonArgs(ACTION_IDS.voteUp, { action: 'up', request: { command: 'ask', text: 'visa' }, shown: 'p#1' });
      await recordVote(deps, 'up')(args);
      expect(feedback).toContainEqual(expect.objectContaining({ type: 'vote', vote: 'up', query: 'visa', passageId: 'p#1' }));
      expect(respond.mock.calls[0]![0].replace_original).toBe(false);
    });
  });
});
