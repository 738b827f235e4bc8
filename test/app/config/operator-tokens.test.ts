import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../app/config/config.js';

describe('loadConfig', () => {
  describe('REDLINE_ADMIN_TOKEN and REDLINE_METRICS_TOKEN', () => {
    it('reads both tokens; unset, neither is in the configuration', () => {
      expect(loadConfig({ REDLINE_ADMIN_TOKEN: 'a'.repeat(16), REDLINE_METRICS_TOKEN: 'b'.repeat(40) })).toMatchObject({
        adminToken: 'a'.repeat(16),
        metricsToken: 'b'.repeat(40),
      });
      const none = loadConfig({});
      expect('adminToken' in none || 'metricsToken' in none).toBe(false);
    });

    it('stops on a token too short or with spaces, naming the variable and never printing the value', () => {
      for (const [name, value] of [
        ['REDLINE_ADMIN_TOKEN', 'short-secret'],
        ['REDLINE_METRICS_TOKEN', 'has a space in the middle'],
      ] as const) {
        let error: unknown;
        try {
          loadConfig({ [name]: value });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(new RegExp(`^${name}: must be 16-256 printable characters`));
        expect((error as Error).message).not.toContain(value);
      }
    });
  });
});
