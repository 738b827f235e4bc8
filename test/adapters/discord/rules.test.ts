import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../support/fakes/discord.js';
import { callbackRefusal, INTERACTION_DEADLINE_MS, messageViolations } from '../../support/fakes/discord-rules.js';
import { commandInteraction, messageCommandInteraction } from '../../support/fakes/discord-interactions.js';
import { useGatewayBot } from '../../support/discord.js';
import { MemoryLogger } from '../../support/log.js';

// The fake holds redline to Discord's rules: callbacks within 3 s of the interaction (10062), of
// a type that fits it, within every message limit and with unique custom ids (50035).

describe('discord rules, as the fake enforces them', () => {
  describe('callbackRefusal', () => {
    const command = { type: 2, createdAt: 0 };
    it('refuses a callback after three seconds with 10062', () => {
      expect(callbackRefusal(command, { type: 4, data: {} }, INTERACTION_DEADLINE_MS + 1)?.body.code).toBe(10062);
      expect(callbackRefusal(command, { type: 4, data: {} }, INTERACTION_DEADLINE_MS)).toBeUndefined();
    });

    it('refuses a callback type that does not fit the interaction', () => {
      expect(callbackRefusal(command, { type: 7, data: {} }, 0)?.body.code).toBe(50035);
      expect(callbackRefusal({ type: 4, createdAt: 0 }, { type: 4, data: {} }, 0)?.body.code).toBe(50035);
      expect(callbackRefusal({ type: 3, createdAt: 0 }, { type: 7, data: {} }, 0)).toBeUndefined();
    });

    it('refuses a message over a limit or with a repeated custom id', () => {
      const button = { type: 2, style: 2, custom_id: 'x', label: 'a' };
      expect(messageViolations({ content: 'x'.repeat(2001) })).toEqual(['content: over 2000']);
      expect(messageViolations({ components: [{ type: 1, components: [button, button] }] })).toEqual([
        'components.0.components.1.custom_id: duplicate',
      ]);
      expect(messageViolations({ embeds: [{ title: 't'.repeat(257) }] })).toEqual(['embeds.0.title: over 256']);
    });
  });

  describe('redline through the gateway', () => {
    const log = new MemoryLogger();
    const bot = useGatewayBot(log);
    let fake: FakeDiscord;
    beforeAll(() => {
      fake = bot.fake();
    });

    it('answers "Find in briefings" privately', async () => {
      const interaction = messageCommandInteraction('Is NATO expansion a red line?');
      fake.dispatchInteraction(interaction);
      const callback = await fake.waitForCallback(interaction.id);
      expect(callback.body.type).toBe(4);
      expect(callback.body.data.flags).toBe(64);
      expect(callback.body.data.embeds[0].description).toMatch(/NATO/);
    });

    it('logs an answer that reached Discord too late (10062)', async () => {
      const interaction = commandInteraction('nato');
      // The interaction was created before the deadline passed: Discord has forgotten it by now.
      fake.now = () => Date.now() - INTERACTION_DEADLINE_MS - 1000;
      try {
        fake.dispatchInteraction(interaction);
        fake.now = Date.now;
        await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
      } finally {
        fake.now = Date.now;
      }
      await expect.poll(() => log.lines.some((l) => l.level === 'error' && l.msg === 'discord: sending the answer failed')).toBe(true);
    });
  });
});
