import { describe, expect, it, vi } from 'vitest';
import { ACTION_IDS, BUTTON_VALUE_MAX } from '../../../adapters/slack/limits.js';
import { SHARE_REFUSED_NOTICE } from '../../../adapters/slack/listeners.js';
import { encodeButtonState } from '../../../src/chat/button-state.js';
import { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_USES } from '../../support/fakes/slack.js';
import { blockActionsBody, postToSlackApp, TEST_SIGNING_SECRET } from '../../support/fakes/slack-requests.js';
import { messageText } from '../../support/slack-check.js';
import { click, command, type Reply, useSlackHarness } from '../../support/slack.js';

// What the real Slack does that a lenient fake would hide: escaped command text, refused shares,
// response_urls that wear out.

describe('Slack, as Slack behaves', () => {
  const harness = useSlackHarness({ mode: 'http' }, (h) => {
    h.fake.refuseInChannel = false;
    h.fake.now = Date.now;
  });

  /** Posts a click with a response_url of the test's choosing. */
  async function clickWith(responseId: string, actionId: string, value: string): Promise<void> {
    const body = blockActionsBody({ actionId, value, responseUrl: harness.fake.responseUrl(responseId) });
    expect((await postToSlackApp(harness.eventsUrl, body, TEST_SIGNING_SECRET)).status).toBe(200);
  }

  it('reads &amp;, &lt; and &gt; in command text as the person typed them', async () => {
    const reply = await command(harness, 'nato & <visa>');
    const echo = JSON.stringify(reply.blocks![0]);
    expect(echo).toContain('/redline nato &amp; &lt;visa&gt;');
    expect(echo).not.toContain('&amp;amp;');
    expect(messageText(reply)).toContain('/redline nato & <visa>');
    const expected = harness.redline.respond({ command: 'ask', text: 'nato & <visa>' }, { platform: 'console' });
    if (expected.answer.kind !== 'results' || !expected.answer.hits[0]) throw new Error('expected a hit');
    expect(messageText(reply)).toContain(expected.answer.hits[0].passage.text);
  });

  it('says privately when Slack refuses a share, and keeps the private copy', async () => {
    const first = await command(harness, 'nato');
    harness.fake.refuseInChannel = true;
    const [attempt, notice] = await click(harness, first, ACTION_IDS.share, 2, 'alice');
    expect(attempt!.response_type).toBe('in_channel');
    expect(notice).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(messageText(notice as Reply)).toBe(SHARE_REFUSED_NOTICE);
  });

  it('never shares "nothing found" into the channel', async () => {
    const value = encodeButtonState({ action: 'share', request: { command: 'ask', text: 'qwxzv plorb' } }, BUTTON_VALUE_MAX)!;
    await clickWith('share-nothing', ACTION_IDS.share, value);
    const [posted] = await harness.fake.waitForResponses('share-nothing');
    expect(posted!.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(messageText(posted!.body as Reply)).toContain('Nothing in the corpus answers that.');
  });

  it('refuses a response_url used more than five times, and one older than 30 minutes, and logs both', async () => {
    const value = encodeButtonState({ action: 'next', request: { command: 'ask', text: 'russia', offset: 1 } }, BUTTON_VALUE_MAX)!;
    const failed = () => harness.log.find('warn', 'response_url failed').length;
    const before = failed();
    for (let i = 0; i <= RESPONSE_URL_USES; i++) await clickWith('worn-out', ACTION_IDS.next, value);
    await harness.fake.waitForResponses('worn-out', RESPONSE_URL_USES + 1);
    await vi.waitFor(() => expect(failed()).toBe(before + 1));

    harness.fake.responseUrl('stale');
    harness.fake.now = () => Date.now() + RESPONSE_URL_LIFETIME_MS + 1000;
    await clickWith('stale', ACTION_IDS.next, value);
    await vi.waitFor(() => expect(failed()).toBe(before + 2));
  });
});
