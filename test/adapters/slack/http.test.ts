import { describe, expect, it, vi } from 'vitest';
import { ACTION_IDS } from '../../../adapters/slack/limits.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import type { Answer } from '../../../src/types.js';
import type { SlackHarness } from '../../support/fakes/slack-harness.js';
import {
  blockActionsBody,
  postToSlackApp,
  signSlackRequest,
  slashCommandBody,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../../support/fakes/slack-requests.js';
import { buttonsOf, messageText, slackViolations } from '../../support/slack-check.js';
import { click, command, type Reply, useSlackHarness } from '../../support/slack.js';
import { answerOf } from '../../support/helpers.js';

function page(harness: SlackHarness, query: string, offset: number): Extract<Answer, { kind: 'results' }> {
  const answer = answerOf(harness.redline, { command: 'ask', text: query, offset, limit: 1 }, { platform: 'console' });
  if (answer.kind !== 'results') throw new Error(`expected results, got ${answer.kind}`);
  return answer;
}

describe('Slack HTTP mode', () => {
  const harness = useSlackHarness({ mode: 'http' }, (h) => {
    h.fake.responseStatus = 200;
  });

  describe('POST /slack/events (slash command)', () => {
    it('answers a signed command with the passage and its source, privately, in the acknowledgement', async () => {
      const reply = await command(harness, 'nato');
      const expected = page(harness, 'nato', 0).hits[0]!;
      expect(expected.passage.text).toContain('NATO');
      expect(reply.response_type).toBe('ephemeral');
      const text = messageText(reply);
      expect(text).toContain(expected.passage.text);
      expect(text).toContain(expected.document.title);
      expect(text).toContain(expected.document.source);
      expect(text).toContain('/redline nato');
      expect(slackViolations(reply)).toEqual([]);
    });

    it('checked Slack at start-up (auth.test with the bot token)', () => {
      expect(harness.fake.calls.some((c) => c.method === 'auth.test')).toBe(true);
    });

    it('answers empty text with help', async () => {
      const text = messageText(await command(harness, ''));
      expect(text).toContain('/redline topics');
    });

    it('refuses a bad signature with 401 and runs nothing', async () => {
      const body = slashCommandBody({ text: 'nato' });
      const response = await postToSlackApp(harness.eventsUrl, body, 'not-the-secret-0123456789abcdef');
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('NATO');
    });

    it('refuses a correctly signed request that is six minutes old with 401', async () => {
      const body = slashCommandBody({ text: 'nato' });
      const headers = signSlackRequest(TEST_SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60);
      const response = await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET, headers);
      expect(response.status).toBe(401);
    });

    it('refuses a request without signature headers with 401', async () => {
      const body = slashCommandBody({ text: 'nato' });
      const response = await fetch(harness.eventsUrl, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(401);
    });

    it('escapes hostile input and stays within every limit', async () => {
      for (const text of [
        '<!channel> nato',
        '@here nato',
        '<@U123> nato',
        '<!subteam^S0TEAM|@team> nato',
        '*bold* nato',
        'a'.repeat(5000),
        '🇷🇺🤝🇺🇸 nato 💥',
        'ناتو النيتو ‏nato',
        'נאט״ו nato',
      ]) {
        const reply = await command(harness, text);
        expect(slackViolations(reply), text.slice(0, 40)).toEqual([]);
        expect(JSON.stringify(reply), text.slice(0, 40)).not.toMatch(/<[!@]/);
      }
    });

    it('shows a hostile query as typed, without pinging', async () => {
      const reply = await command(harness, '<!channel> nato');
      const echo = JSON.stringify(reply.blocks![0]);
      expect(echo).toContain('&lt;!channel&gt; nato');
    });
  });

  describe('logging', () => {
    it('never logs the bot token or the signing secret, even at debug level', async () => {
      await command(harness, 'nato');
      expect(harness.log.lines.length).toBeGreaterThan(0);
      const logged = JSON.stringify(harness.log.lines);
      expect(logged).not.toContain(TEST_BOT_TOKEN);
      expect(logged).not.toContain(TEST_SIGNING_SECRET);
    });
  });

  describe('POST /slack/events (buttons)', () => {
    it('pages forward and back through the matches, replacing the private answer', async () => {
      const first = await command(harness, 'nato');
      const [second] = await click(harness, first, ACTION_IDS.next);
      expect(second!.replace_original).toBe(true);
      expect(second!.response_type).toBe('ephemeral');
      expect(messageText(second!)).toContain(page(harness, 'nato', 1).hits[0]!.passage.text);
      expect(buttonsOf(second!).has(ACTION_IDS.previous)).toBe(true);
      const [back] = await click(harness, second!, ACTION_IDS.previous);
      expect(messageText(back!)).toContain(page(harness, 'nato', 0).hits[0]!.passage.text);
      expect(slackViolations(second!)).toEqual([]);
    });

    it('shares the answer in the channel, says who shared it, then deletes the private copy', async () => {
      const first = await command(harness, 'nato');
      const [shared, removed] = await click(harness, first, ACTION_IDS.share, 2, 'alice');
      expect(shared!.response_type).toBe('in_channel');
      expect(shared!.replace_original).toBe(false);
      const text = messageText(shared!);
      expect(text).toContain('alice shared: /redline nato');
      expect(text).toContain(page(harness, 'nato', 0).hits[0]!.passage.text);
      expect([...buttonsOf(shared!).keys()]).toEqual([ACTION_IDS.voteUp, ACTION_IDS.voteDown]);
      expect(removed).toEqual({ delete_original: true });
    });

    it('keeps the private copy when sharing fails', async () => {
      const first = await command(harness, 'nato');
      harness.fake.responseStatus = 404;
      const before = harness.log.find('warn', 'response_url failed').length;
      const posted = await click(harness, first, ACTION_IDS.share, 2);
      // The share and the private "couldn't share" after it: both refused while the URL is dead.
      await vi.waitFor(() => expect(harness.log.find('warn', 'response_url failed').length).toBe(before + 2));
      expect(posted.some((p) => p.delete_original)).toBe(false);
    });

    it('runs a suggestion when nothing was found', async () => {
      const nothing = await command(harness, 'qwxzv plorb');
      const [suggestionId, suggestion] = [...buttonsOf(nothing)].find(([id]) => id.startsWith(ACTION_IDS.suggest))!;
      const [answer] = await click(harness, nothing, suggestionId);
      expect(answer!.replace_original).toBe(true);
      const query = decodeButtonState(suggestion.value)!.request.text;
      expect(messageText(answer!)).toContain(page(harness, query, 0).hits[0]!.passage.text);
      expect(messageText(answer!)).toContain(`/redline ${query}`);
    });

    it('records a 👎 with the core and thanks the voter privately', async () => {
      const first = await command(harness, 'nato');
      const [thanks] = await click(harness, first, ACTION_IDS.voteDown);
      expect(thanks!.response_type).toBe('ephemeral');
      expect(thanks!.replace_original).toBe(false);
      expect(harness.feedback).toContainEqual(
        expect.objectContaining({ type: 'vote', vote: 'down', query: 'nato', passageId: page(harness, 'nato', 0).hits[0]!.passage.id }),
      );
    });

    it('logs a failed respond() (expired response_url) and keeps serving', async () => {
      const first = await command(harness, 'nato');
      harness.fake.responseStatus = 404;
      const before = harness.log.find('warn', 'response_url failed').length;
      await click(harness, first, ACTION_IDS.next);
      await vi.waitFor(() => expect(harness.log.find('warn', 'response_url failed').length).toBe(before + 1));
      harness.fake.responseStatus = 200;
      expect(messageText(await command(harness, 'nato'))).toContain('NATO');
    });

    it('logs a response_url answering 500 and serves the next request', async () => {
      const first = await command(harness, 'nato');
      harness.fake.responseStatus = 500;
      const before = harness.log.find('warn', 'response_url failed').length;
      await click(harness, first, ACTION_IDS.next);
      await vi.waitFor(() => expect(harness.log.find('warn', 'response_url failed').length).toBe(before + 1));
      harness.fake.responseStatus = 200;
      expect(messageText(await command(harness, 'visa'))).toContain('Negotiations on visas');
    });

    it('logs a response_url that never answers once the timeout passes, serving other requests meanwhile', async () => {
      const first = await command(harness, 'nato');
      harness.fake.responseHangs = true;
      const before = harness.log.find('warn', 'response_url failed').length;
      await click(harness, first, ACTION_IDS.next);
      expect(messageText(await command(harness, 'visa'))).toContain('Negotiations on visas');
      await vi.waitFor(() => expect(harness.log.find('warn', 'response_url failed').length).toBe(before + 1), { timeout: 5000 });
      harness.fake.responseHangs = false;
    });

    it('answers a button it did not write with a one-line private message', async () => {
      const id = 'forged';
      const body = blockActionsBody({
        actionId: ACTION_IDS.next,
        value: '{"subcommand":"rm -rf","query":1}',
        responseUrl: harness.fake.responseUrl(id),
      });
      expect((await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET)).status).toBe(200);
      const [notice] = await harness.fake.waitForResponses(id);
      expect((notice!.body as Reply).blocks).toHaveLength(1);
      expect((notice!.body as Reply).replace_original).toBe(false);
    });
  });
});
