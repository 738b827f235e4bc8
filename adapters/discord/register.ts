import type { RESTPutAPIApplicationCommandsJSONBody, RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { ConfigError, type Config } from '../../app/config.js';
import type { DocumentMeta } from '../../src/types.js';
import { discordCommand } from './command.js';
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
  /** The commands as Discord stored them (with their ids). */
  commands: RESTPutAPIApplicationCommandsResult;
  /** The body that was sent. */
  sent: RESTPutAPIApplicationCommandsJSONBody;
}

/** Waits on a 429 at most this often, and at most this long each time, before giving up. */
const RATE_LIMIT_RETRIES = 3;
const RATE_LIMIT_MAX_WAIT_SECONDS = 60;

/**
 * Registers `/redline` with one bulk PUT: to `config.discord.guildId` when set (instant), else
 * globally. Throws a `ConfigError` for a missing or rejected token or application id.
 */
export async function registerCommands(
  config: Config,
  documents: readonly Pick<DocumentMeta, 'id' | 'title'>[],
  fetchImpl: typeof fetch = fetch,
): Promise<Registration> {
  const { token, applicationId, guildId, apiUrl } = config.discord;
  if (!token) throw new ConfigError('DISCORD_TOKEN', 'is not set; registering the command needs the bot token');
  if (!applicationId) throw new ConfigError('DISCORD_APPLICATION_ID', 'is not set; registering the command needs the application id');

  const route = guildId ? `/applications/${applicationId}/guilds/${guildId}/commands` : `/applications/${applicationId}/commands`;
  const url = `${apiUrl}/${API_VERSION}${route}`;
  const sent: RESTPutAPIApplicationCommandsJSONBody = [discordCommand(config.command, documents)];

  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'PUT',
        headers: { authorization: `Bot ${token}`, 'content-type': 'application/json', 'user-agent': 'DiscordBot (redline, 0.1)' },
        body: JSON.stringify(sent),
      });
    } catch (error) {
      throw new RegisterError(`cannot reach ${apiUrl} (${(error as Error).cause ?? (error as Error).message})`);
    }
    if (response.ok) {
      const commands = (await response.json()) as RESTPutAPIApplicationCommandsResult;
      return { scope: guildId ? 'guild' : 'global', ...(guildId ? { guildId } : {}), commands, sent };
    }
    const body = await readError(response);
    if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
      const seconds = Number(body.retry_after ?? response.headers.get('retry-after') ?? 1);
      if (seconds <= RATE_LIMIT_MAX_WAIT_SECONDS) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds) * 1000));
        continue;
      }
    }
    throw registerFailure(response.status, body, { applicationId, guildId });
  }
}

/** One line for the terminal: what was registered where. */
export function describeRegistration(registration: Registration): string {
  const where = registration.scope === 'guild' ? `in guild ${registration.guildId}` : 'globally';
  const commands = registration.commands.map((command) => {
    const options = (command.options ?? []).map((option) => option.name).join(', ');
    return `/${command.name}${options ? ` (${options})` : ''}${command.id ? ` id ${command.id}` : ''}`;
  });
  return `Registered ${commands.join('; ')} ${where}.`;
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
  if (status === 401) return new ConfigError('DISCORD_TOKEN', 'was rejected by Discord (401 Unauthorized)');
  if (status === 403)
    return new RegisterError(
      ids.guildId
        ? `Discord refused access to guild ${ids.guildId} (403${said}); invite the bot with the applications.commands scope, or check DISCORD_GUILD_ID`
        : `Discord refused access (403${said}); check that DISCORD_TOKEN belongs to application ${ids.applicationId}`,
      status,
    );
  if (status === 404)
    return new RegisterError(`Discord knows no application ${ids.applicationId}${ids.guildId ? ` or guild ${ids.guildId}` : ''} (404${said}); check DISCORD_APPLICATION_ID${ids.guildId ? ' and DISCORD_GUILD_ID' : ''}`, status);
  const details = body.errors ? ` ${JSON.stringify(body.errors).slice(0, 500)}` : '';
  return new RegisterError(`Discord answered ${status}${said}${details}`, status);
}
