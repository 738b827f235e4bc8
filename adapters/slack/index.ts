import type { ServerResponse } from 'node:http';
import { CredentialError, type Credential } from '../credentials.js';
import type { SlackOptions } from './options.js';
import type { Logger } from '../../src/log.js';
import type { Redline } from '../../src/service/service.js';
import { sendJson, type BufferedRequest, type HttpServer } from '../http/server.js';
import { createSlackApp, defaultSlackAppOptions, SLACK_EVENTS_PATH, type SlackAppOptions } from './app.js';
import { malformedSlackBody, slackRouteGuard } from './guard.js';
import { registerConversationListeners } from './conversations.js';
import { answerSlashCommand, registerListeners, slashCommandOf } from './listeners.js';
import type { ChannelPoster } from '../../src/briefings/post.js';
import { slackPoster } from './post.js';

export { SLACK_EVENTS_PATH, type SlackAppOptions } from './app.js';

export interface SlackPlatform {
  mode: 'http' | 'socket';
  /** Posts announcements, digests and watch notifications with chat.postMessage. */
  poster: ChannelPoster;
  /** Disconnects Socket Mode; in HTTP mode `/slack/events` answers 503 from then on (the server is closed by its owner). */
  stop(): Promise<void>;
}

// Slack's answers that mean the token itself is wrong: start-up stops and names the variable.
const REFUSED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/**
 * Starts redline on Slack: checks the bot token (auth.test), then mounts `POST /slack/events` on
 * the project's HTTP server (HTTP mode) or connects to Slack (Socket Mode). Resolves once ready.
 */
export async function startSlack(
  config: SlackOptions,
  redline: Redline,
  log: Logger,
  httpServer: HttpServer,
  options: SlackAppOptions = {},
): Promise<SlackPlatform> {
  const slack = createSlackApp(config, log, options);
  const deps = {
    redline,
    log,
    command: config.command,
    respondTimeoutMs: options.requestTimeoutMs ?? defaultSlackAppOptions.requestTimeoutMs,
  };
  registerListeners(slack.app, redline, log, deps);
  registerConversationListeners(slack.app, { ...deps, firstTime: (key) => httpServer.firstTime(key) });
  try {
    await slack.app.init();
  } catch (error) {
    throw explainStartError(error, 'slack.botToken', 'auth.test');
  }

  // In HTTP mode, what a listener does after its acknowledgement (posts to the response_url) holds the server's shutdown until done.
  const tracked = slack.mode === 'http' ? <T>(work: Promise<T>) => httpServer.track(work) : <T>(work: Promise<T>) => work;
  // One middleware before every listener (Bolt spreads its arguments anew for each one it calls).
  const answerCommand = answerSlashCommand(deps);
  slack.app.use(async (args) => {
    const { body, next } = args;
    // Slack retries an event it thinks went unacknowledged (newly signed, the same event_id): act on it once.
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await httpServer.firstTime(`slack-event:${eventId}`))) return;
    // Shared limits (Redis) are looked up before the listener runs; without them this is a no-op.
    const userId = slackUserId(body);
    // A channel's chatter (message.channels) is no request of its author: only what redline answers counts.
    if (userId && !isChannelMessage(body)) await redline.prepare?.({ platform: 'slack', userId }, 'ask');
    // The slash command is answered here, not by a listener: Bolt's listener loop cost ~10% of a request's time.
    const command = slashCommandOf(args, config.command);
    await tracked(command ? answerCommand(command) : next());
  });

  const poster = slackPoster(slack.app.client, log);
  if (slack.mode === 'http') {
    let stopped = false;
    const receiver = slack.receiver;
    httpServer.route(
      'POST',
      SLACK_EVENTS_PATH,
      function slackEvents(req: BufferedRequest, res: ServerResponse) {
        if (stopped) return sendJson(res, 503, { error: 'shutting down' });
        const malformed = malformedSlackBody(req, req.rawBody);
        if (malformed) return sendJson(res, 400, { error: malformed });
        // Bolt's listener takes the body already read (`rawBody`) and verified, and runs our listeners.
        receiver.requestListener(req, res);
      },
      slackRouteGuard(config.slack.signingSecret!),
    );
    log.info({ mode: 'http', path: SLACK_EVENTS_PATH }, 'slack: listening for events over HTTP');
    return {
      mode: 'http',
      poster,
      async stop() {
        stopped = true;
      },
    };
  }

  const client = slack.receiver.client;
  const connectTimeoutMs = options.connectTimeoutMs ?? defaultSlackAppOptions.connectTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      slack.app.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Slack: Socket Mode did not connect within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      }),
    ]);
  } catch (error) {
    await client.disconnect().catch(() => {});
    throw explainStartError(error, 'slack.appToken', 'apps.connections.open');
  } finally {
    clearTimeout(timer);
  }
  log.info({ mode: 'socket' }, 'slack: connected in Socket Mode');
  return {
    mode: 'socket',
    poster,
    async stop() {
      // The receiver's own stop() does not wait for the socket to close; the client's disconnect() does.
      await client.disconnect();
    },
  };
}

/** Who sent a Slack payload: a slash command's `user_id`, a click's or shortcut's `user.id`, an event's `user`. */
function slackUserId(body: unknown): string | undefined {
  const b = body as { user_id?: unknown; user?: { id?: unknown }; event?: { user?: unknown } };
  const id = b.user_id ?? b.user?.id ?? b.event?.user;
  return typeof id === 'string' ? id : undefined;
}

/** A `message` event outside a DM: read for unasked answering, which keeps its own limits. */
function isChannelMessage(body: unknown): boolean {
  const event = (body as { event?: { type?: unknown; channel_type?: unknown } }).event;
  return event?.type === 'message' && event.channel_type !== 'im';
}

/** A refused token becomes a CredentialError naming the credential; anything else keeps its cause. */
function explainStartError(error: unknown, credential: Credential, call: string): Error {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (typeof code === 'string' && REFUSED_TOKEN.has(code))
    return new CredentialError(credential, `was refused by Slack (${call}: ${code})`);
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Slack: could not start (${call}): ${message}`, { cause: error });
}
