import { describe, expect, it } from 'vitest';
import { ConfigError, configuredPlatforms, loadConfig } from '../../../app/config/config.js';

const KEY = 'a'.repeat(64);

function error(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the documented defaults and no platform', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ corpusDir: './corpus', command: 'redline', logLevel: 'info', port: 3000, host: '0.0.0.0' });
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(configuredPlatforms(config)).toEqual([]);
  });

  it('treats empty variables (as copied from .env.example) as unset', () => {
    expect(configuredPlatforms(loadConfig({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '  ' }))).toEqual([]);
  });

  it('reads each platform and the Slack mode', () => {
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack.mode).toBe('socket');
    const http = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'abcdef0123456789',
      DISCORD_PUBLIC_KEY: KEY,
      DISCORD_TOKEN: 'a.b.c',
    });
    expect(http.slack.mode).toBe('http');
    expect(configuredPlatforms(http)).toEqual(['discord-gateway', 'discord-http', 'slack']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a port number (0-65535) (got "eighty")'],
    [{ PORT: '70000' }, 'PORT: must be a port number (0-65535) (got "70000")'],
    [{ DISCORD_PUBLIC_KEY: 'xyz' }, 'DISCORD_PUBLIC_KEY: must be the 64 hex characters of the application public key'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_BOT_TOKEN: is set without SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_APP_TOKEN: is set without SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"'],
    [{ DISCORD_APPLICATION_ID: '12ab' }, 'DISCORD_APPLICATION_ID: must be a numeric Discord id (snowflake) (got "12ab")'],
    [{ DISCORD_API_URL: 'not a url' }, 'DISCORD_API_URL: must be an http(s) URL (got "not a url")'],
    [{ SLACK_API_URL: 'http:example.com' }, 'SLACK_API_URL: must be an http(s) URL (got "http:example.com")'],
    [{ SLACK_API_URL: 'ftp://files.example.com/' }, 'SLACK_API_URL: must be an http(s) URL (got "ftp://files.example.com/")'],
    [{ PORT: '1.5' }, 'PORT: must be a port number (0-65535) (got "1.5")'],
    [{ REDLINE_WATCH: 'TRUE' }, 'REDLINE_WATCH: must be true or false (got "TRUE")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ DISCORD_SHARDS: 'many' }, 'DISCORD_SHARDS: must be a number of shards or "auto" (got "many")'],
    [{ REDLINE_RATE_LIMIT: '10 per minute' }, 'REDLINE_RATE_LIMIT: must be "<count>/<seconds>", e.g. 10/30 (got "10 per minute")'],
  ])('%j stops with a message naming the variable', (env, message) => {
    const e = error(env as Record<string, string>);
    expect(e.message).toBe(message);
  });

  it('keeps a usable URL as written and reads ports and flags', () => {
    const config = loadConfig({
      SLACK_API_URL: 'http://127.0.0.1:4000/api/',
      DISCORD_API_URL: 'https://proxy.example/api//',
      PORT: '0',
      REDLINE_WATCH: 'no',
    });
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:4000/api/');
    expect(config.discord.apiUrl).toBe('https://proxy.example/api');
    expect(config.port).toBe(0);
    expect(config.watchCorpus).toBe(false);
  });

  it('never shows the value of a secret', () => {
    const e = error({ DISCORD_TOKEN: 'not-a-token-but-secret' });
    expect(e.variable).toBe('DISCORD_TOKEN');
    expect(e.message).not.toContain('secret');
  });
});
