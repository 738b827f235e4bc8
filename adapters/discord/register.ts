import type { RESTPutAPIApplicationCommandsJSONBody, RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { CredentialError } from '../credentials.js';
import type { DiscordOptions } from './options.js';
import type { DocumentMeta } from '../../src/types.js';
import { discordCommand, discordMessageCommand } from './command.js';
import { API_VERSION } from './limits.js';

/** Registration failed for a reason other than configuration (Discord refused the payload, or is unreachable). */
export class RegisterError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(`discord register: ${message}`);
    this.name = 'RegisterError';
  }
}

/** What `registerCommands` registered, and where. */
export interface Registration {
  scope: 'guild' | 'global';
  guildId?: string;
  /** redline's commands as Discord stored them (with their ids). */
  commands: RESTPutAPIApplicationCommandsResult;
  /** The whole list that was sent: the app's other commands, kept, then redline's. */
  sent: RESTPutAPIApplicationCommandsJSONBody;
  /** The app's commands that are not redline's, kept as they were. */
  kept: string[];
  /** Set when registering globally removed redline's copy from this guild. */
  removedFromGuild?: string;
}

export interface RegisterOptions {
  /** Register globally even when `DISCORD_GUILD_ID` is set, and remove redline's copy from that guild. */
  global?: boolean;
}

/** Waits on a 429 at most this often, and at most this long each time, before giving up. */
const RATE_LIMIT_RETRIES = 3;
const RATE_LIMIT_MAX_WAIT_SECONDS = 60;

type StoredCommand = RESTPutAPIApplicationCommandsResult[number];

/**
 * Registers `/redline` and the message command "Find in briefings": to `config.discord.guildId`
 * when set (instant), else globally. The app's other commands are read first and kept (a bulk PUT
 * replaces the whole list). Throws a `CredentialError` for a missing or rejected token or application id.
 */
export async function registerCommands(
  config: DiscordOptions,
  documents: readonly Pick<DocumentMeta, 'id' | 'title'>[],
  fetchImpl: typeof fetch = fetch,
  options: RegisterOptions = {},
): Promise<Registration> {
  const { token, applicationId, guildId: configuredGuild, apiUrl } = config.discord;
  if (!token) throw new CredentialError('discord.token', 'is not set; registering the command needs the bot token');
  if (!applicationId) throw new CredentialError('discord.applicationId', 'is not set; registering the command needs the application id');
  const guildId = options.global ? undefined : configuredGuild;
  const call = (method: 'GET' | 'PUT', guild: string | undefined, body?: unknown) =>
    discordCall(fetchImpl, { token, apiUrl, method, route: commandsRoute(applicationId, guild), body }, { applicationId, guildId: guild });

  const ours: RESTPutAPIApplicationCommandsJSONBody = [discordCommand(config.command, documents), discordMessageCommand()];
  const others = notOurs((await call('GET', guildId)) as StoredCommand[], ours);
  const sent = [...others, ...ours] as RESTPutAPIApplicationCommandsJSONBody;
  const stored = (await call('PUT', guildId, sent)) as RESTPutAPIApplicationCommandsResult;
  const registration: Registration = {
    scope: guildId ? 'guild' : 'global',
    ...(guildId ? { guildId } : {}),
    commands: stored.filter((c) => isOurs(c, ours)),
    sent,
    kept: others.map((c) => c.name),
  };
  if (options.global && configuredGuild) {
    // Once global, a guild copy would show the command twice in that server.
    const inGuild = (await call('GET', configuredGuild)) as StoredCommand[];
    const rest = notOurs(inGuild, ours);
    if (rest.length < inGuild.length) {
      await call('PUT', configuredGuild, rest);
      registration.removedFromGuild = configuredGuild;
    }
  }
  return registration;
}

/** One line for the terminal: what was registered where, what was kept, what was removed. */
export function describeRegistration(registration: Registration): string {
  const where = registration.scope === 'guild' ? `in guild ${registration.guildId}` : 'globally';
  const commands = registration.commands.map((command) => {
    const options = (command.options ?? []).map((option) => option.name).join(', ');
    const name = command.type === 3 ? `"${command.name}" (on messages)` : `/${command.name}${options ? ` (${options})` : ''}`;
    return `${name}${command.id ? ` id ${command.id}` : ''}`;
  });
  const lines = [`Registered ${commands.join('; ')} ${where}.`];
  if (registration.kept.length) lines.push(`Kept the application's other commands: ${registration.kept.map((n) => `"${n}"`).join(', ')}.`);
  if (registration.removedFromGuild)
    lines.push(`Removed redline's copy from guild ${registration.removedFromGuild}: the global command serves it now.`);
  else if (registration.scope === 'guild') lines.push('Once it works, `register --global` makes it global and removes this guild copy.');
  return lines.join('\n');
}

function commandsRoute(applicationId: string, guildId: string | undefined): string {
  return guildId ? `/applications/${applicationId}/guilds/${guildId}/commands` : `/applications/${applicationId}/commands`;
}

function isOurs(command: { name: string; type?: number }, ours: RESTPutAPIApplicationCommandsJSONBody): boolean {
  return ours.some((o) => o.name === command.name && (o.type ?? 1) === (command.type ?? 1));
}

function notOurs(existing: StoredCommand[], ours: RESTPutAPIApplicationCommandsJSONBody): StoredCommand[] {
  return existing.filter((c) => !isOurs(c, ours));
}

/** One REST call with the bot token; waits out a short 429; a failure becomes a message naming what to fix. */
async function discordCall(
  fetchImpl: typeof fetch,
  request: { token: string; apiUrl: string; method: 'GET' | 'PUT'; route: string; body?: unknown },
  ids: { applicationId: string; guildId?: string },
): Promise<unknown> {
  const url = `${request.apiUrl}/${API_VERSION}${request.route}`;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers: { authorization: `Bot ${request.token}`, 'content-type': 'application/json', 'user-agent': 'DiscordBot (redline, 0.1)' },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
    } catch (error) {
      throw new RegisterError(`cannot reach ${request.apiUrl} (${(error as Error).cause ?? (error as Error).message})`);
    }
    if (response.ok) return response.json();
    const body = await readError(response);
    if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
      const seconds = Number(body.retry_after ?? response.headers.get('retry-after') ?? 1);
      if (seconds <= RATE_LIMIT_MAX_WAIT_SECONDS) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds) * 1000));
        continue;
      }
    }
    throw registerFailure(response.status, body, ids);
  }
}

interface DiscordErrorBody {
  message?: string;
  code?: number;
  retry_after?: number;
  errors?: unknown;
}

async function readError(response: Response): Promise<DiscordErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as DiscordErrorBody;
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function registerFailure(status: number, body: DiscordErrorBody, ids: { applicationId: string; guildId?: string }): Error {
  const said = body.message ? `: ${body.message}` : '';
  if (status === 401) return new CredentialError('discord.token', 'was rejected by Discord (401 Unauthorized)');
  if (status === 403)
    return new RegisterError(
      ids.guildId
        ? `Discord refused access to guild ${ids.guildId} (403${said}); invite the bot with the applications.commands scope, or check DISCORD_GUILD_ID`
        : `Discord refused access (403${said}); check that DISCORD_TOKEN belongs to application ${ids.applicationId}`,
      status,
    );
  if (status === 404)
    return new RegisterError(
      `Discord knows no application ${ids.applicationId}${ids.guildId ? ` or guild ${ids.guildId}` : ''} (404${said}); check DISCORD_APPLICATION_ID${ids.guildId ? ' and DISCORD_GUILD_ID' : ''}`,
      status,
    );
  const details = body.errors ? ` ${JSON.stringify(body.errors).slice(0, 500)}` : '';
  return new RegisterError(`Discord answered ${status}${said}${details}`, status);
}
