import type { LogLevel } from '../../src/log.js';
import type { Credential, CredentialError } from '../../adapters/credentials.js';
import type { DiscordOptions } from '../../adapters/discord/options.js';
import type { SlackOptions } from '../../adapters/slack/options.js';
/** A variable that is set but unusable; the message names it and never shows a secret's value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** The variable each platform credential is read from, so a refused credential names what to fix. */
const CREDENTIAL_VARIABLES: Record<Credential, string> = {
  'slack.botToken': 'SLACK_BOT_TOKEN',
  'slack.appToken': 'SLACK_APP_TOKEN',
  'slack.signingSecret': 'SLACK_SIGNING_SECRET',
  'discord.token': 'DISCORD_TOKEN',
  'discord.applicationId': 'DISCORD_APPLICATION_ID',
};

/** An adapter's credential error as the variable it came from. */
export function configErrorOf(error: CredentialError): ConfigError {
  return new ConfigError(CREDENTIAL_VARIABLES[error.credential], error.reason);
}

export interface Config {
  corpusDir: string;
  command: string;
  logLevel: LogLevel;
  port: number;
  host: string;
  /** What the Discord adapter is started with (`DISCORD_*`). */
  discord: DiscordOptions['discord'];
  /** What the Slack adapter is started with (`SLACK_*`). */
  slack: SlackOptions['slack'];
  /** Where unanswered and disliked queries are appended (JSON lines). */
  feedbackLog: string;
  /** Record user ids in the feedback log (off unless the operator opts in). */
  feedbackUserIds: boolean;
  /** Per-user rate limit: at most `count` queries per `seconds`. */
  rateLimit: { count: number; seconds: number };
  /** Watch the corpus folder and swap in a rebuilt library when it changes. */
  watchCorpus: boolean;
  /** Where a large corpus's index snapshot is kept (absent: no cache). */
  cacheDir?: string;
  /** Corpus files larger than this many bytes are skipped (`REDLINE_MAX_FILE_MB`). */
  maxFileBytes: number;
  /** The feedback log is rotated once it would grow past this many bytes. */
  feedbackLogMaxBytes: number;
  /** Per-user limit of autocomplete requests (sent as people type, so higher than `rateLimit`). */
  autocompleteRateLimit: { count: number; seconds: number };
  /** Redis shared by replicas (`REDIS_URL`): rate limits, de-duplication, feedback, corpus version. Absent: all in process. */
  redisUrl?: string;
  /** The feedback stream in Redis is trimmed to about this many entries. */
  feedbackStreamMax: number;
  /** The HTTP server's limits: what it refuses, and when. */
  http: { headersTimeoutMs: number; bodyTimeoutMs: number; maxConnections: number; maxInFlight: number; drainMs: number };
  /** Turns on the operator page `/admin` (`REDLINE_ADMIN_TOKEN`); it also starts the HTTP server when no platform is configured. */
  adminToken?: string;
  /** A bearer token `/metrics` requires (`REDLINE_METRICS_TOKEN`); without it, `/metrics` answers only on a loopback-bound server. */
  metricsToken?: string;
}

/** Every variable redline reads, with its default; `.env.example` documents each. */
export const ENV_DEFAULTS = {
  CORPUS_DIR: './corpus',
  REDLINE_COMMAND: 'redline',
  LOG_LEVEL: 'info',
  PORT: '3000',
  HOST: '0.0.0.0',
  DISCORD_API_URL: 'https://discord.com/api',
  SLACK_API_URL: 'https://slack.com/api/',
  REDLINE_FEEDBACK_LOG: './redline-feedback.jsonl',
  REDLINE_FEEDBACK_USER_IDS: 'false',
  REDLINE_RATE_LIMIT: '10/30',
  REDLINE_WATCH: 'true',
  REDLINE_CACHE_DIR: './.redline-cache',
  REDLINE_MAX_FILE_MB: '100',
  REDLINE_FEEDBACK_LOG_MAX_BYTES: '52428800',
  REDLINE_AUTOCOMPLETE_RATE_LIMIT: '60/30',
  REDLINE_HEADERS_TIMEOUT_MS: '5000',
  REDLINE_BODY_TIMEOUT_MS: '5000',
  REDLINE_MAX_CONNECTIONS: '4096',
  REDLINE_MAX_IN_FLIGHT: '64',
  REDLINE_DRAIN_MS: '1000',
  REDLINE_FEEDBACK_STREAM_MAX: '1000000',
} as const;

const SECRETS = new Set([
  'DISCORD_TOKEN',
  'DISCORD_PUBLIC_KEY',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'REDIS_URL',
  'REDLINE_ADMIN_TOKEN',
  'REDLINE_METRICS_TOKEN',
]);

/** A variable's check: its typed value, or why the text is unusable. */
type Check<T> = (raw: string) => { ok: true; value: T } | { ok: false; reason: string };

// Hand-written checks rather than a schema library: importing one would slow every start.
const valid = <T>(value: T) => ({ ok: true as const, value });
const invalid = (reason: string) => ({ ok: false as const, reason });
const text: Check<string> = (raw) => (raw.length >= 1 ? valid(raw) : invalid('must not be empty'));
const matches =
  (pattern: RegExp, reason: string): Check<string> =>
  (raw) =>
    pattern.test(raw) ? valid(raw) : invalid(reason);
const oneOf =
  <const V extends string>(values: readonly V[], reason: string): Check<V> =>
  (raw) =>
    (values as readonly string[]).includes(raw) ? valid(raw as V) : invalid(reason);
/** An absolute http(s) URL, written with `://` (so `http:example.com` is refused). */
const httpUrl =
  (reason: string): Check<string> =>
  (raw) => {
    const trimmed = raw.trim();
    if (!/^https?:\/\//i.test(trimmed)) return invalid(reason);
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return invalid(reason);
    }
    return /^https?:$/.test(url.protocol) ? valid(trimmed.replace(/[\t\n\r]/g, '')) : invalid(reason);
  };
const port: Check<number> = (raw) => {
  const reason = 'must be a port number (0-65535)';
  return /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? valid(Number(raw)) : invalid(reason);
};
const BOOLEAN = ['true', 'false', '1', '0', 'yes', 'no'] as const;
/** A whole number of at least `min`. */
const atLeast =
  (min: number, what: string): Check<number> =>
  (raw) =>
    /^\d{1,12}$/.test(raw) && Number(raw) >= min ? valid(Number(raw)) : invalid(`must be ${what}`);

const checks = {
  CORPUS_DIR: text,
  REDLINE_COMMAND: matches(/^[-_\p{Ll}\p{N}]{1,32}$/u, 'must be 1-32 lowercase letters, digits, "-" or "_"'),
  LOG_LEVEL: oneOf(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    'must be one of fatal, error, warn, info, debug, trace, silent',
  ),
  PORT: port,
  HOST: text,
  DISCORD_TOKEN: matches(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'is not a Discord bot token (three dot-separated parts)'),
  DISCORD_APPLICATION_ID: matches(/^\d{15,21}$/, 'must be a numeric Discord id (snowflake)'),
  DISCORD_PUBLIC_KEY: matches(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex characters of the application public key'),
  DISCORD_GUILD_ID: matches(/^\d{15,21}$/, 'must be a numeric Discord id (snowflake)'),
  DISCORD_API_URL: httpUrl('must be an http(s) URL'),
  DISCORD_SHARDS: matches(/^(auto|[1-9]\d{0,4})$/, 'must be a number of shards or "auto"'),
  SLACK_BOT_TOKEN: matches(/^xoxb-[\w-]+$/, 'must be a bot token starting with "xoxb-"'),
  SLACK_APP_TOKEN: matches(/^xapp-[\w-]+$/, 'must be an app-level token starting with "xapp-"'),
  SLACK_SIGNING_SECRET: matches(/^[0-9a-fA-F]{16,128}$/, 'must be the hex signing secret from the app settings'),
  SLACK_API_URL: httpUrl('must be an http(s) URL'),
  REDLINE_FEEDBACK_LOG: text,
  REDLINE_FEEDBACK_USER_IDS: oneOf(BOOLEAN, 'must be true or false'),
  REDLINE_RATE_LIMIT: matches(/^\d{1,6}\/\d{1,6}$/, 'must be "<count>/<seconds>", e.g. 10/30'),
  REDLINE_WATCH: oneOf(BOOLEAN, 'must be true or false'),
  REDLINE_CACHE_DIR: text,
  REDLINE_FEEDBACK_LOG_MAX_BYTES: atLeast(1024, 'a number of bytes (at least 1024)'),
  REDLINE_AUTOCOMPLETE_RATE_LIMIT: matches(/^[1-9]\d{0,5}\/[1-9]\d{0,5}$/, 'must be "<count>/<seconds>", e.g. 60/30'),
  REDLINE_HEADERS_TIMEOUT_MS: atLeast(100, 'a number of milliseconds (at least 100)'),
  REDLINE_BODY_TIMEOUT_MS: atLeast(100, 'a number of milliseconds (at least 100)'),
  REDLINE_MAX_CONNECTIONS: atLeast(1, 'a number of connections (at least 1)'),
  REDLINE_MAX_IN_FLIGHT: atLeast(1, 'a number of requests (at least 1)'),
  REDLINE_DRAIN_MS: atLeast(0, 'a number of milliseconds'),
  REDIS_URL: matches(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL'),
  REDLINE_FEEDBACK_STREAM_MAX: atLeast(1000, 'a number of entries (at least 1000)'),
  REDLINE_ADMIN_TOKEN: matches(/^[\x21-\x7e]{16,256}$/, 'must be 16-256 printable characters without spaces (e.g. openssl rand -hex 24)'),
  REDLINE_METRICS_TOKEN: matches(/^[\x21-\x7e]{16,256}$/, 'must be 16-256 printable characters without spaces (e.g. openssl rand -hex 24)'),
  REDLINE_MAX_FILE_MB: (raw) =>
    /^\d{1,5}(\.\d+)?$/.test(raw) && Number(raw) > 0 ? valid(Number(raw)) : invalid('must be a number of megabytes above 0, e.g. 100'),
} satisfies Record<string, Check<unknown>>;

type Variable = keyof typeof checks;
type CheckedValue<V extends Variable> = (typeof checks)[V] extends Check<infer T> ? T : never;

/** Reads the environment into a typed `Config`; throws a `ConfigError` naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const get = <V extends Variable>(name: V): CheckedValue<V> | undefined => {
    const raw = env[name]?.trim() || (ENV_DEFAULTS as Record<string, string>)[name];
    if (raw === undefined || raw === '') return undefined;
    const result = checks[name](raw);
    if (!result.ok) throw new ConfigError(name, SECRETS.has(name) ? result.reason : `${result.reason} (got "${raw.slice(0, 80)}")`);
    return result.value as CheckedValue<V>;
  };
  const flag = (name: 'REDLINE_FEEDBACK_USER_IDS' | 'REDLINE_WATCH') => ['true', '1', 'yes'].includes(get(name)!);

  const slack: Config['slack'] = {
    botToken: get('SLACK_BOT_TOKEN'),
    appToken: get('SLACK_APP_TOKEN'),
    signingSecret: get('SLACK_SIGNING_SECRET'),
    apiUrl: get('SLACK_API_URL')!,
  };
  if (slack.botToken && !slack.appToken && !slack.signingSecret)
    throw new ConfigError('SLACK_BOT_TOKEN', 'is set without SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
  if (!slack.botToken && (slack.appToken || slack.signingSecret))
    throw new ConfigError(slack.appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET', 'is set without SLACK_BOT_TOKEN');
  if (slack.botToken) slack.mode = slack.appToken ? 'socket' : 'http';

  const shards = get('DISCORD_SHARDS');
  const [count, seconds] = get('REDLINE_RATE_LIMIT')!.split('/').map(Number) as [number, number];
  if (!count || !seconds) throw new ConfigError('REDLINE_RATE_LIMIT', 'count and seconds must be at least 1');
  return {
    corpusDir: get('CORPUS_DIR')!,
    command: get('REDLINE_COMMAND')!,
    logLevel: get('LOG_LEVEL')!,
    port: get('PORT')!,
    host: get('HOST')!,
    discord: {
      token: get('DISCORD_TOKEN'),
      applicationId: get('DISCORD_APPLICATION_ID'),
      publicKey: get('DISCORD_PUBLIC_KEY'),
      guildId: get('DISCORD_GUILD_ID'),
      apiUrl: get('DISCORD_API_URL')!.replace(/\/+$/, ''),
      shards: shards === undefined ? undefined : shards === 'auto' ? 'auto' : Number(shards),
    },
    slack,
    feedbackLog: get('REDLINE_FEEDBACK_LOG')!,
    feedbackUserIds: flag('REDLINE_FEEDBACK_USER_IDS'),
    rateLimit: { count, seconds },
    watchCorpus: flag('REDLINE_WATCH'),
    ...(get('REDLINE_CACHE_DIR') === 'off' ? {} : { cacheDir: get('REDLINE_CACHE_DIR') }),
    maxFileBytes: Math.round(get('REDLINE_MAX_FILE_MB')! * 1024 * 1024),
    feedbackLogMaxBytes: get('REDLINE_FEEDBACK_LOG_MAX_BYTES')!,
    ...(get('REDIS_URL') ? { redisUrl: get('REDIS_URL') } : {}),
    feedbackStreamMax: get('REDLINE_FEEDBACK_STREAM_MAX')!,
    autocompleteRateLimit: perSeconds(get('REDLINE_AUTOCOMPLETE_RATE_LIMIT')!),
    http: {
      headersTimeoutMs: get('REDLINE_HEADERS_TIMEOUT_MS')!,
      bodyTimeoutMs: get('REDLINE_BODY_TIMEOUT_MS')!,
      maxConnections: get('REDLINE_MAX_CONNECTIONS')!,
      maxInFlight: get('REDLINE_MAX_IN_FLIGHT')!,
      drainMs: get('REDLINE_DRAIN_MS')!,
    },
    ...(get('REDLINE_ADMIN_TOKEN') ? { adminToken: get('REDLINE_ADMIN_TOKEN') } : {}),
    ...(get('REDLINE_METRICS_TOKEN') ? { metricsToken: get('REDLINE_METRICS_TOKEN') } : {}),
  };
}

function perSeconds(value: string): { count: number; seconds: number } {
  const [count, seconds] = value.split('/').map(Number) as [number, number];
  return { count, seconds };
}

/** The platforms a configuration starts. */
export function configuredPlatforms(config: Config): Array<'discord-gateway' | 'discord-http' | 'slack'> {
  return [
    ...(config.discord.token ? (['discord-gateway'] as const) : []),
    ...(config.discord.publicKey ? (['discord-http'] as const) : []),
    ...(config.slack.mode ? (['slack'] as const) : []),
  ];
}
