import { describe, expect, it } from 'vitest';
import { renderSlackPost } from '../../../adapters/slack/post.js';
import { FileBriefingStore } from '../../../app/briefings/store.js';
import { announcement } from '../../../src/briefings/announce.js';
import { silentLogger } from '../../../src/log.js';
import { postToSlackApp, slashCommandBody, TEST_SIGNING_SECRET } from '../../support/fakes/slack-requests.js';
import { messageText, slackViolations } from '../../support/slack-check.js';
import { click, type Reply, useSlackHarness } from '../../support/slack.js';

// `/redline watch`, `unwatch`, `watches` and the buttons under a post, through Bolt's HTTP receiver.

const store = new FileBriefingStore(undefined, silentLogger);

async function slash(harness: { eventsUrl: string }, text: string, channelId: string): Promise<Reply> {
  const response = await postToSlackApp(harness.eventsUrl, slashCommandBody({ text, channelId }), TEST_SIGNING_SECRET);
  expect(response.status).toBe(200);
  return (await response.json()) as Reply;
}

describe('Slack: watches and posts', () => {
  const harness = useSlackHarness({ mode: 'http', redlineOptions: { watches: store } });

  it('saves, lists and removes a channel’s watches with /redline watch, watches, unwatch (privately)', async () => {
    const saved = await slash(harness, 'watch Visa talks', 'C0WATCH');
    expect(saved.response_type).toBe('ephemeral');
    expect(messageText(saved)).toContain('Watching "visa talks"');
    expect(store.topics({ platform: 'slack', id: 'C0WATCH' })).toEqual(['visa talks']);
    expect(messageText(await slash(harness, 'watches', 'C0WATCH'))).toContain('This channel watches: "visa talks"');
    expect(messageText(await slash(harness, 'watches', 'C0OTHER'))).toContain('watches no topic');
    expect(messageText(await slash(harness, 'unwatch visa talks', 'C0WATCH'))).toContain('No longer watching "visa talks"');
    expect(store.topics({ platform: 'slack', id: 'C0WATCH' })).toEqual([]);
  });

  it('says watches need a channel when asked in a DM, and saves nothing', async () => {
    const reply = await slash(harness, 'watch visa', 'D0DIRECT');
    expect(messageText(reply)).toContain('Watches belong to a channel');
    expect(store.topics({ platform: 'slack', id: 'D0DIRECT' })).toEqual([]);
  });

  it('answers a button under an announcement privately, leaving the post in place', async () => {
    const post = announcement(harness.redline.current().library, ['red-line-russia-us'])!;
    const message = renderSlackPost(post);
    const [reply] = await click(harness, message, 'redline_ask_0');
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(messageText(reply!)).toContain('Dual Deterrence Strategy');
    expect(slackViolations(reply!)).toEqual([]);
  });
});
