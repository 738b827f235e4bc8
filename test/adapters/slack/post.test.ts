import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcement } from '../../../src/briefings/announce.js';
import { digest } from '../../../src/briefings/digest.js';
import type { Post } from '../../../src/briefings/post.js';
import { watchHits } from '../../../src/briefings/watches.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import type { Logger } from '../../../src/log.js';
import { renderSlackPost, slackPoster } from '../../../adapters/slack/post.js';
import { BLOCKS_MAX, BLOCKS_TEXT_MAX, SECTION_TEXT_MAX } from '../../../adapters/slack/limits.js';
import { FakeSlack } from '../../support/fakes/slack.js';
import { briefingIndex, longDocument } from '../../support/briefings.js';

/** A logger that keeps its lines. */
function keptLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log: Logger & { lines: string[] } = {
    lines,
    debug: () => {},
    info: (_o, m) => void lines.push(String(m)),
    warn: (_o, m) => void lines.push(String(m)),
    error: (_o, m) => void lines.push(String(m)),
    child: () => log,
  };
  return log;
}

/** Every text in the blocks: none over Block Kit's limit, none that pings. */
function texts(blocks: Array<Record<string, any>>): string[] {
  return blocks
    .flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => (typeof e.text === 'string' ? e.text : e.text?.text))])
    .filter((t): t is string => typeof t === 'string');
}

describe('Slack posts', () => {
  let posts: { announcement: Post; burst: Post; digest: Post; watch: Post };

  beforeAll(async () => {
    const { library } = await briefingIndex({ withFixtures: true, extra: [longDocument(200)] });
    const ids = library.documents.map((d) => d.id);
    posts = {
      announcement: announcement(library, ['long-report'])!,
      burst: announcement(library, ids)!,
      digest: digest(
        library,
        ids.map((documentId, i) => ({ documentId, at: 1000 + i })),
        { since: 0, until: 5000 },
      )!,
      watch: { kind: 'watch', topic: 'Northern <!here> route', hits: watchHits(library, 'northern sea route', ['arctic-council']) },
    };
  });

  it('keeps a 200-section announcement, a burst, a digest and a watch within 50 blocks, 3,000 characters a text and 12,000 in all, pinging nobody', () => {
    for (const [name, post] of Object.entries(posts)) {
      const message = renderSlackPost(post);
      expect(message.blocks.length, name).toBeLessThanOrEqual(BLOCKS_MAX);
      expect(texts(message.blocks as Array<Record<string, any>>).join('').length, name).toBeLessThanOrEqual(BLOCKS_TEXT_MAX);
      for (const text of texts(message.blocks as Array<Record<string, any>>)) {
        expect(text.length, name).toBeLessThanOrEqual(SECTION_TEXT_MAX);
        expect(text, name).not.toMatch(/<[!@#]/);
      }
      expect(JSON.stringify(message)).not.toMatch(/<!(channel|here|everyone)|<@U/);
    }
    const big = renderSlackPost(posts.announcement);
    // Measured: printed for the report.
    const all = texts(big.blocks as Array<Record<string, any>>).join('\n');
    console.log(
      `slack: 200-section announcement = ${big.blocks.length} blocks, ${all.length} characters of text, ${all.match(/\*Section \d+:/g)!.length} sections shown`,
    );
    expect(all).toContain('Section 1: harbour');
    // Each item cited with its deep link (the passage's words as a text fragment).
    expect(all).toMatch(/<https:\/\/example\.org\/long-report#:~:text=[^|>]+\|¶ 1>/);
    // What does not fit ends with a note instead of being cut mid-way.
    expect(all).toMatch(/…and \d+ more sections: \*Full briefing\* shows them all\./);
  });

  it('ends an announcement too long for one message with a note, within the limits', async () => {
    const { library } = await briefingIndex({ extra: [longDocument(1000, 'huge-report')] });
    const message = renderSlackPost(announcement(library, ['huge-report'])!);
    expect(message.blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
    const all = texts(message.blocks as Array<Record<string, any>>);
    expect(all.every((t) => t.length <= SECTION_TEXT_MAX)).toBe(true);
    expect(all.join('\n')).toMatch(/…and \d+ more sections: \*Full briefing\* shows them all/);
    expect(message.blocks.at(-1)!.type).toBe('actions');
  });

  it('carries buttons that ask about the document privately', () => {
    const message = renderSlackPost(posts.announcement);
    const actions = message.blocks.at(-1) as { type: string; elements: Array<{ action_id: string; value: string }> };
    expect(actions.type).toBe('actions');
    expect(actions.elements.map((e) => e.action_id)).toEqual(['redline_ask_0', 'redline_ask_1']);
    expect(actions.elements.map((e) => decodeButtonState(e.value))).toMatchObject([
      { action: 'ask', request: { command: 'topics', doc: 'long-report' } },
      { action: 'ask', request: { command: 'brief', doc: 'long-report' } },
    ]);
  });

  describe('slackPoster (Bolt’s Web API client against the fake Slack)', () => {
    let slack: FakeSlack;
    beforeAll(async () => {
      slack = await FakeSlack.start();
      slack.channels = { member: ['C0BRIEF'], others: ['C0OUTSIDE'] };
    });
    afterAll(() => slack.close());
    const client = () =>
      new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });

    it('posts with chat.postMessage in a channel the bot is in, without unfurling', async () => {
      const poster = slackPoster(client(), keptLog());
      // Accepted: the fake refuses a message over 50 blocks or about 13,000 characters of text, as Slack does.
      expect(await poster.post('C0BRIEF', posts.announcement)).toEqual({ ok: true });
      expect(await poster.post('C0BRIEF', posts.burst)).toEqual({ ok: true });
      expect(await poster.post('C0BRIEF', posts.digest)).toEqual({ ok: true });
      const [sent] = slack.posted('C0BRIEF');
      expect(sent).toMatchObject({ channel: 'C0BRIEF', unfurl_links: 'false', unfurl_media: 'false' });
      expect(String(sent!.text)).toContain('New document');
    });

    it('answers not_in_channel and channel_not_found with a clear log line, not a throw', async () => {
      const log = keptLog();
      const poster = slackPoster(client(), log);
      expect(await poster.post('C0OUTSIDE', posts.digest)).toEqual({ ok: false, error: 'not_in_channel' });
      expect(await poster.post('C0NOWHERE', posts.digest)).toEqual({ ok: false, error: 'channel_not_found' });
      expect(log.lines).toEqual([
        'slack: could not post the digest in C0OUTSIDE: not_in_channel (invite the bot: /invite @redline)',
        'slack: could not post the digest in C0NOWHERE: channel_not_found (check the channel id in channels.yaml)',
      ]);
    });

    it('waits out a 429 for its Retry-After, says so in the log, and posts once', async () => {
      const log = keptLog();
      const poster = slackPoster(client(), log);
      const before = slack.posted('C0BRIEF').length;
      slack.rateLimitPosts(1, 1);
      const started = Date.now();
      expect(await poster.post('C0BRIEF', posts.watch)).toEqual({ ok: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(slack.posted('C0BRIEF').length).toBe(before + 1);
      expect(log.lines.some((l) => /rate limited \(chat\.postMessage in C0BRIEF\); Slack asks to wait 1 s/.test(l))).toBe(true);
    });

    it('gives a rate limit back to the caller once the client’s retries run out', async () => {
      const poster = slackPoster(new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }), keptLog());
      slack.rateLimitPosts(1, 1);
      expect(await poster.post('C0BRIEF', posts.watch)).toMatchObject({ ok: false, error: 'ratelimited', retryAfterSeconds: 30 });
    });
  });
});
