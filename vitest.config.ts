import { defineConfig } from 'vitest/config';

// Four tiers (ARCHITECTURE.md "Tests"), one vitest project each, `npm test` runs them all:
//   unit        no sockets, no child processes (test/unit/no-io.setup.ts enforces it), seconds;
//   integration real sockets on 127.0.0.1 (API, store, drivers against the simulators, PostgreSQL);
//   interop     tools and peers no one here wrote (ncclient, netconfd, yangcli, snmp tools, yanglint);
//   e2e         whole-lab flows and the NOC in Chromium.
// Files run in parallel across the 2 cores (forks pool keeps native modules safe).
const tier = (name: string, o: { timeoutMs: number; setupFiles?: string[] }) => ({
  extends: true as const,
  test: {
    name,
    include: [`test/${name}/**/*.test.ts`],
    testTimeout: o.timeoutMs,
    hookTimeout: o.timeoutMs,
    setupFiles: o.setupFiles ?? [],
  },
});

export default defineConfig({
  test: {
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // expect.poll waits up to 5 s (vitest's default is 1 s): a page or a poll under a loaded 2-core
    // machine may take a few seconds to settle; a poll that never matches still fails.
    expect: { poll: { timeout: 5_000 } },
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      tier('unit', { timeoutMs: 30_000, setupFiles: ['test/unit/no-io.setup.ts'] }),
      tier('integration', { timeoutMs: 60_000 }),
      tier('interop', { timeoutMs: 60_000 }),
      tier('e2e', { timeoutMs: 60_000 }),
    ],
  },
});
