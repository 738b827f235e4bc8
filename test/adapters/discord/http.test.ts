import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.js';
import { startDiscord, type RunningDiscord } from '../../../adapters/discord/index.js';
import { checkSignature, publicKeyFromHex } from '../../../adapters/discord/http.js';
import { silentLogger } from '../../../src/log.js';
import type { RedlineService } from '../../../src/service/service.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  pingInteraction,
  signedHeaders,
  USER_ID,
} from '../../support/fakes/discord-interactions.js';
import { loadShippedRedline } from '../../support/helpers.js';
import { discordConfig } from '../../support/discord.js';

/** HTTP interactions: Ed25519-signed requests to POST /discord/interactions on the project's HTTP server. */

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
/** The raw 32-byte key as hex, as Discord's developer portal shows it: the tail of the SPKI encoding. */
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

let server: HttpServer;
let base: string;
let bot: RunningDiscord;
let redline: RedlineService;

beforeAll(async () => {
  redline = await loadShippedRedline({ rateLimit: { count: 1000, seconds: 1 } });
  server = new HttpServer(silentLogger);
  const config = discordConfig({ DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX, DISCORD_APPLICATION_ID: '123456789012345678' });
  bot = await startDiscord(config, redline, silentLogger, server);
  const address = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await bot?.stop();
  await server?.close();
});

function signed(body: string, options: { timestamp?: number; key?: KeyObject } = {}): Record<string, string> {
  return signedHeaders(body, options.key ?? privateKey, options.timestamp);
}

async function post(interaction: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }> {
  const body = JSON.stringify(interaction);
  const response = await fetch(`${base}/discord/interactions`, { method: 'POST', body, headers: headers ?? signed(body) });
  return { status: response.status, body: await response.json() };
}

describe('discord http interactions', () => {
  describe('POST /discord/interactions', () => {
    it('answers a signed PING with PONG', async () => {
      expect(await post(pingInteraction())).toEqual({ status: 200, body: { type: 1 } });
    });

    it('answers a signed command privately with the passage', async () => {
      const expected = redline.current().library.search('nato', { limit: 1 }).hits[0]!;
      const { status, body } = await post(commandInteraction('nato'));
      expect(status).toBe(200);
      expect(body.type).toBe(4);
      expect(body.data.flags).toBe(64);
      expect(body.data.allowed_mentions).toEqual({ parse: [] });
      expect(body.data.embeds[0].title).toBe(expected.passage.section);
      expect(body.data.embeds[0].author.name).toBe(expected.document.source);
    });

    it('answers a signed autocomplete with choices', async () => {
      const { body } = await post(autocompleteInteraction('ukr'));
      expect(body.type).toBe(8);
      expect(body.data.choices.length).toBeGreaterThan(0);
      expect(body.data.choices.length).toBeLessThanOrEqual(25);
    });

    it('answers signed button clicks: ▸ updates, Share posts publicly', async () => {
      const first = (await post(commandInteraction('russia'))).body;
      const [prev, next, share] = first.data.components[0].components;
      expect(prev.disabled).toBe(true);
      const paged = (await post(buttonInteraction(next.custom_id))).body;
      expect(paged.type).toBe(7);
      expect(paged.data.content).toMatch(/^Result 2 of/);
      const shared = (await post(buttonInteraction(share.custom_id))).body;
      expect(shared.type).toBe(4);
      expect(shared.data.flags).toBeUndefined();
      expect(shared.data.content).toContain(`<@${USER_ID}>`);
      expect(shared.data.allowed_mentions).toEqual({ parse: [] });
    });

    it('refuses a bad signature with 401', async () => {
      const body = JSON.stringify(commandInteraction('nato'));
      const other = generateKeyPairSync('ed25519').privateKey;
      const response = await fetch(`${base}/discord/interactions`, { method: 'POST', body, headers: signed(body, { key: other }) });
      expect(response.status).toBe(401);
    });

    it('refuses a body changed after signing with 401', async () => {
      const body = JSON.stringify(commandInteraction('nato'));
      const headers = signed(body);
      const response = await fetch(`${base}/discord/interactions`, { method: 'POST', body: body.replace('nato', 'visa'), headers });
      expect(response.status).toBe(401);
    });

    it('refuses a timestamp more than five minutes off with 401, even when signed', async () => {
      const now = Math.floor(Date.now() / 1000);
      const ping = pingInteraction();
      const stale = await post(ping, signed(JSON.stringify(ping), { timestamp: now - 301 }));
      const future = await post(ping, signed(JSON.stringify(ping), { timestamp: now + 305 }));
      expect([stale.status, future.status]).toEqual([401, 401]);
      expect((await post(ping, signed(JSON.stringify(ping), { timestamp: now - 240 }))).status).toBe(200);
    });

    it('refuses a request without signature headers with 401', async () => {
      const response = await fetch(`${base}/discord/interactions`, { method: 'POST', body: JSON.stringify(pingInteraction()) });
      expect(response.status).toBe(401);
    });

    it('answers a signed body that is not JSON with 400', async () => {
      const response = await fetch(`${base}/discord/interactions`, { method: 'POST', body: 'not json', headers: signed('not json') });
      expect(response.status).toBe(400);
    });
  });

  describe('checkSignature', () => {
    const key = publicKeyFromHex(PUBLIC_KEY_HEX);
    const body = Buffer.from('{"type":1}');
    const at = 1_700_000_000;
    const signature = sign(null, Buffer.concat([Buffer.from(String(at)), body]), privateKey).toString('hex');

    it('accepts a good signature within five minutes', () => {
      expect(checkSignature(key, { signature, timestamp: String(at) }, body, at + 300)).toBeUndefined();
    });

    it('says why it refuses', () => {
      expect(checkSignature(key, { timestamp: String(at) }, body, at)).toBe('missing signature headers');
      expect(checkSignature(key, { signature, timestamp: String(at) }, body, at + 301)).toBe('timestamp too far from now');
      expect(checkSignature(key, { signature: 'zz', timestamp: String(at) }, body, at)).toBe('malformed signature');
      expect(checkSignature(key, { signature, timestamp: String(at + 1) }, body, at)).toBe('bad signature');
    });

    it('refuses a public key that is not 32 bytes', () => {
      expect(() => publicKeyFromHex('abcd')).toThrow('discord: the public key must be 32 bytes (64 hex characters)');
    });
  });
});
