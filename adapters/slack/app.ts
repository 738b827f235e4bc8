import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import type { LogLevel as RedlineLogLevel } from '../../src/log.js';
import type { SlackOptions } from './options.js';
import { SLACK_BODY_LIMIT } from './guard.js';
import type { Logger } from '../../src/log.js';

/** Where Slack posts slash commands and button clicks in HTTP mode (on the project's one HTTP server). */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppOptions {
  /**
   * Retries of Web API calls (`auth.test` at start-up, `apps.connections.open` for Socket Mode).
   * Default: 3 retries within about 7 s, so a wrong `SLACK_API_URL` fails start-up quickly
   * instead of Bolt's default of retrying for 30 minutes.
   * @example { retries: 0 } // tests
   */
  retryConfig?: webApi.RetryOptions;
  /** Timeout of one Web API call, in milliseconds. Default `10_000`. */
  requestTimeoutMs?: number;
  /** How long Socket Mode may take to connect before start-up fails, in milliseconds. Default `30_000`. */
  connectTimeoutMs?: number;
}

export const defaultSlackAppOptions: Required<SlackAppOptions> = {
  retryConfig: { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 4000 },
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 30_000,
};

export type SlackApp = { mode: 'http'; app: App; receiver: HTTPReceiver } | { mode: 'socket'; app: App; receiver: SocketModeReceiver };

/**
 * Builds the Bolt app for the configured mode without starting anything: HTTP mode gets an
 * `HTTPReceiver` whose request listener the project's HTTP server mounts behind the route guard (which
 * verifies signatures, so the receiver does not verify them again); Socket Mode a
 * `SocketModeReceiver` that dials Slack when started. `app.init()` (auth.test) is left to the caller.
 */
export function createSlackApp(config: SlackOptions, log: Logger, options: SlackAppOptions = {}): SlackApp {
  const { retryConfig, requestTimeoutMs } = { ...defaultSlackAppOptions, ...options };
  const { botToken, appToken, signingSecret, apiUrl, mode } = config.slack;
  if (!mode || !botToken) throw new Error('Slack: not configured (SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)');
  const logger = boltLogger(log, config.logLevel);
  const clientOptions: webApi.WebClientOptions = { slackApiUrl: apiUrl, retryConfig, timeout: requestTimeoutMs };
  const common = {
    token: botToken,
    logger,
    clientOptions,
    // init() is awaited by the caller, so a refused token fails start-up instead of every request.
    deferInitialization: true,
    convoStore: false as const,
  };
  if (mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: appToken!,
      logger,
      // The Socket Mode client keeps its own Web API client (for apps.connections.open); a copy, as it mutates it.
      installerOptions: { clientOptions: { ...clientOptions } },
    });
    return { mode, receiver, app: new App({ ...common, receiver }) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: signingSecret!,
    // The route guard (guard.ts) has verified the signature before the receiver sees the request.
    signatureVerification: false,
    endpoints: SLACK_EVENTS_PATH,
    logger,
    bodyLimit: SLACK_BODY_LIMIT,
  });
  return { mode, receiver, app: new App({ ...common, receiver }) };
}

/** Bolt's logger interface over the project's logger, so Bolt's lines land in the same JSON log. */
export function boltLogger(log: Logger, level: RedlineLogLevel): BoltLogger {
  let current = toBoltLevel(level);
  let name = 'bolt';
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      // Bolt logs at debug several times a request (each ack's body among them): below the level, nothing is formatted.
      if (LEVEL_RANK[method] < LEVEL_RANK[current]) return;
      const error = parts.find((p): p is Error => p instanceof Error);
      const text = parts
        .filter((p) => p !== error)
        .map((p) => (typeof p === 'string' ? p : safeJson(p)))
        .join(' ');
      log[method]({ component: name, ...(error ? { err: error } : {}) }, text || error?.message || '');
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel(next) {
      current = next;
    },
    getLevel: () => current,
    setName(next) {
      name = next;
    },
  };
}

const LEVEL_RANK: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

function toBoltLevel(level: RedlineLogLevel): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
