import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real child processes and real sockets: keep parallelism modest on 2-core CI machines.
    maxWorkers: 2,
    restoreMocks: true,
  },
});
