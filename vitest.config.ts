import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Platform tests start servers on 127.0.0.1; two workers suit this 2-core machine.
    maxWorkers: 2,
  },
});
