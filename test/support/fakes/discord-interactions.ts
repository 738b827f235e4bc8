import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIPingInteraction,
} from 'discord.js';
import { sign, type KeyObject } from 'node:crypto';
import { FAKE_APPLICATION_ID, fakeMessage } from './discord.js';

/** Factories for interactions as Discord sends them (gateway dispatch `d`, or HTTP body). */

export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';
export const USER_ID = '400000000000000001';

let next = 0;
function snowflake(): string {
  return String(500000000000000000n + BigInt(++next));
}

function base(userId = USER_ID) {
  const id = snowflake();
  return {
    id,
    application_id: FAKE_APPLICATION_ID,
    token: `interaction-token-${id}`,
    version: 1 as const,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0 as const, name: 'general', guild_id: GUILD_ID },
    member: {
      user: { id: userId, username: `user${userId.slice(-3)}`, discriminator: '0', global_name: null, avatar: null },
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: '2248473465835073',
    },
    app_permissions: '2248473465835073',
    locale: 'en-US' as const,
    guild_locale: 'en-US' as const,
    entitlements: [],
    authorizing_integration_owners: { 0: GUILD_ID },
    context: 0 as const,
    attachment_size_limit: 10_000_000,
  };
}

/** The headers Discord sends with an interaction's HTTP body: its Ed25519 signature over timestamp and body. */
export function signedHeaders(body: string, privateKey: KeyObject, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = sign(null, Buffer.from(String(timestamp) + body), privateKey).toString('hex');
  return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': String(timestamp) };
}

export function pingInteraction(): APIPingInteraction {
  const { id, token, application_id } = base();
  return { id, token, application_id, type: 1, version: 1 } as APIPingInteraction;
}

/** `/redline query:<query> [doc:<doc>]`. */
export function commandInteraction(
  query: string | undefined,
  options: { doc?: string; name?: string; userId?: string } = {},
): APIChatInputApplicationCommandInteraction {
  return {
    ...base(options.userId),
    type: 2,
    data: {
      id: '600000000000000001',
      name: options.name ?? 'redline',
      type: 1,
      options: [
        ...(query !== undefined ? [{ name: 'query', type: 3 as const, value: query }] : []),
        ...(options.doc ? [{ name: 'doc', type: 3 as const, value: options.doc }] : []),
      ],
    },
  } as APIChatInputApplicationCommandInteraction;
}

/** Autocomplete while typing `typed` into the query option. */
export function autocompleteInteraction(
  typed: string,
  options: { doc?: string; name?: string } = {},
): APIApplicationCommandAutocompleteInteraction {
  return {
    ...base(),
    type: 4,
    data: {
      id: '600000000000000001',
      name: options.name ?? 'redline',
      type: 1,
      options: [
        { name: 'query', type: 3, value: typed, focused: true },
        ...(options.doc ? [{ name: 'doc', type: 3 as const, value: options.doc }] : []),
      ],
    },
  } as APIApplicationCommandAutocompleteInteraction;
}

/** A click on the button with `customId`, on a message (ephemeral unless said otherwise). */
export function buttonInteraction(
  customId: string,
  options: { userId?: string; ephemeral?: boolean; message?: object } = {},
): APIMessageComponentButtonInteraction {
  return {
    ...base(options.userId),
    type: 3,
    data: { custom_id: customId, component_type: 2 },
    message: fakeMessage({
      id: snowflake(),
      channel_id: CHANNEL_ID,
      flags: options.ephemeral === false ? 0 : 64,
      timestamp: '2024-01-01T00:00:00.000Z',
      ...options.message,
    }),
  } as APIMessageComponentButtonInteraction;
}

/** "Find in briefings" (a message command) on a message saying `content`. */
export function messageCommandInteraction(content: string, options: { userId?: string } = {}): APIMessageApplicationCommandInteraction {
  const targetId = snowflake();
  return {
    ...base(options.userId),
    type: 2,
    data: {
      id: '600000000000000002',
      name: 'Find in briefings',
      type: 3,
      target_id: targetId,
      resolved: {
        messages: {
          [targetId]: fakeMessage({
            id: targetId,
            channel_id: CHANNEL_ID,
            content,
            author: { id: '300000000000000009', username: 'someone', discriminator: '0', global_name: null, avatar: null },
          }),
        },
      },
    },
  } as APIMessageApplicationCommandInteraction;
}

/** The same interaction as if redline were installed to the user only, used in a server that has not added it. */
export function asUserInstall<T extends { authorizing_integration_owners?: object }>(interaction: T, userId = USER_ID): T {
  return { ...interaction, authorizing_integration_owners: { 1: userId } };
}
