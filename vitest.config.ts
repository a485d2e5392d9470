import { defineConfig } from 'vitest/config';

// Integration and interop tests open real sockets on 127.0.0.1 and start simulators, so they get
// generous timeouts; files run in parallel across the 2 cores (forks pool keeps native modules safe).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
