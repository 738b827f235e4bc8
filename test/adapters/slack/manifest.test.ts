import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FIND_CALLBACK_ID } from '../../../adapters/slack/conversations.js';

// The manifest asks for exactly what the features use: each scope is named by a feature below.

const NEEDS: Record<string, string> = {
  commands: 'the /redline slash command and the "Find in briefings" message shortcut',
  'app_mentions:read': 'the app_mention event: @redline in a channel',
  'chat:write': 'chat.postMessage / chat.postEphemeral: answers to mentions and direct messages',
  'im:history': 'the message.im event: direct messages to redline',
  'channels:history': 'the message.channels event: questions answered unasked in public channels set to `answer: questions` / `all`',
  'groups:history': 'the message.groups event: the same in private channels redline is invited to',
};

describe('adapters/slack/manifest.json', () => {
  it('asks exactly the scopes the features need, subscribes to the events redline answers, and names the shortcut', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../../adapters/slack/manifest.json', import.meta.url), 'utf8'));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(NEEDS).sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
      'message.im',
    ]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: FIND_CALLBACK_ID, name: 'Find in briefings' }),
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
