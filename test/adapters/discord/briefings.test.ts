import { beforeAll, describe, expect, it } from 'vitest';
import { respondToInteraction, type InteractionDeps } from '../../../adapters/discord/interactions.js';
import { renderDiscordPost } from '../../../adapters/discord/post.js';
import { FileBriefingStore } from '../../../app/briefings/store.js';
import { announcement } from '../../../src/briefings/announce.js';
import { silentLogger } from '../../../src/log.js';
import type { RedlineService } from '../../../src/service/service.js';
import { buttonInteraction, CHANNEL_ID, commandInteraction } from '../../support/fakes/discord-interactions.js';
import { expectWithinLimits } from '../../support/discord-check.js';
import { MemoryLogger } from '../../support/log.js';
import { loadShippedRedline } from '../../support/helpers.js';

// `/redline query:watch …`, `unwatch`, `watches` and the buttons under a post, as Discord sends them.

const store = new FileBriefingStore(undefined, silentLogger);
let redline: RedlineService;
beforeAll(async () => {
  redline = await loadShippedRedline({ watches: store, rateLimit: { count: 1000, seconds: 1 } });
});
const deps = (): InteractionDeps => ({ redline, log: new MemoryLogger(), command: 'redline' });
const reply = (interaction: Parameters<typeof respondToInteraction>[0]): any => respondToInteraction(interaction, deps());

describe('Discord: watches and posts', () => {
  it('saves, lists and removes the channel’s watches, privately', () => {
    const saved = reply(commandInteraction('watch Visa talks'));
    expect(saved.data.flags).toBe(64);
    expect(saved.data.content).toContain('Watching "visa talks"');
    expect(store.topics({ platform: 'discord', id: CHANNEL_ID })).toEqual(['visa talks']);
    expect(reply(commandInteraction('watches')).data.content).toContain('This channel watches: "visa talks"');
    expect(reply(commandInteraction('unwatch visa talks')).data.content).toContain('No longer watching');
    expect(store.topics({ platform: 'discord', id: CHANNEL_ID })).toEqual([]);
  });

  it('says watches need a channel in a DM (no server), and saves nothing', () => {
    const { guild_id: _, ...direct } = commandInteraction('watch visa') as any;
    expect(reply(direct).data.content).toContain('Watches belong to a channel');
    expect(store.watches()).toEqual([]);
  });

  it('answers a button under an announcement with a private message, leaving the post as it is', () => {
    const message = renderDiscordPost(announcement(redline.current().library, ['red-line-russia-us'])!);
    const [topics] = message.components[0]!.components;
    const answer = reply(buttonInteraction(topics!.custom_id, { ephemeral: false }));
    expect(answer.type).toBe(4);
    expect(answer.data.flags).toBe(64);
    expect(answer.data.embeds.map((e: { title: string }) => e.title)).toContain("'Red line' challenges in Russia-US relations");
    expectWithinLimits(answer.data);
  });
});
