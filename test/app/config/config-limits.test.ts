import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../app/config/config.js';

describe('loadConfig', () => {
  describe('server limits and feedback log rotation', () => {
    it('defaults to limits sized for chat platforms', () => {
      const config = loadConfig({});
      expect(config.http).toEqual({ headersTimeoutMs: 5000, bodyTimeoutMs: 5000, maxConnections: 4096, maxInFlight: 64, drainMs: 1000 });
      expect(config.feedbackLogMaxBytes).toBe(52_428_800);
      expect(config.autocompleteRateLimit).toEqual({ count: 60, seconds: 30 });
    });

    it('reads each from its variable', () => {
      const config = loadConfig({
        REDLINE_HEADERS_TIMEOUT_MS: '200',
        REDLINE_BODY_TIMEOUT_MS: '300',
        REDLINE_MAX_CONNECTIONS: '10',
        REDLINE_MAX_IN_FLIGHT: '5',
        REDLINE_DRAIN_MS: '0',
        REDLINE_FEEDBACK_LOG_MAX_BYTES: '2048',
        REDLINE_AUTOCOMPLETE_RATE_LIMIT: '100/10',
      });
      expect(config.http).toEqual({ headersTimeoutMs: 200, bodyTimeoutMs: 300, maxConnections: 10, maxInFlight: 5, drainMs: 0 });
      expect(config.feedbackLogMaxBytes).toBe(2048);
      expect(config.autocompleteRateLimit).toEqual({ count: 100, seconds: 10 });
    });

    it('names a variable that is not usable', () => {
      expect(() => loadConfig({ REDLINE_HEADERS_TIMEOUT_MS: '5s' })).toThrow(
        new ConfigError('REDLINE_HEADERS_TIMEOUT_MS', 'must be a number of milliseconds (at least 100) (got "5s")'),
      );
      expect(() => loadConfig({ REDLINE_MAX_IN_FLIGHT: '0' })).toThrow(ConfigError);
      expect(() => loadConfig({ REDLINE_FEEDBACK_LOG_MAX_BYTES: '10' })).toThrow(
        /REDLINE_FEEDBACK_LOG_MAX_BYTES: must be a number of bytes/,
      );
      expect(() => loadConfig({ REDLINE_AUTOCOMPLETE_RATE_LIMIT: '0/30' })).toThrow(/REDLINE_AUTOCOMPLETE_RATE_LIMIT/);
    });
  });

  describe('REDIS_URL', () => {
    it('is absent by default (all state in the process), and read when set', () => {
      expect(loadConfig({}).redisUrl).toBeUndefined();
      expect(loadConfig({ REDIS_URL: 'redis://:pw@10.0.0.5:6380/2' }).redisUrl).toBe('redis://:pw@10.0.0.5:6380/2');
      expect(loadConfig({}).feedbackStreamMax).toBe(1_000_000);
    });

    it('names a URL that is not a Redis URL without printing it (it may hold a password)', () => {
      expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@host' })).toThrow(
        new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL'),
      );
    });
  });
});
