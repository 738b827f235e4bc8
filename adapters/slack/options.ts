import type { LogLevel } from '../../src/log.js';

/** What the Slack adapter is started with (the shell's configuration has this shape). */
export interface SlackOptions {
  /** The slash command's name, without the slash. */
  command: string;
  logLevel: LogLevel;
  slack: {
    botToken?: string;
    appToken?: string;
    signingSecret?: string;
    /** The Web API base, `https://slack.com/api/` unless a test or proxy says otherwise. */
    apiUrl: string;
    /** `socket` with an app token, `http` with a signing secret, absent when Slack is not configured. */
    mode?: 'socket' | 'http';
  };
}
