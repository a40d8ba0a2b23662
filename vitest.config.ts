import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __TETHER_VERSION__: JSON.stringify(version) };

/**
 * Three projects: unit (fast, pure), integration (real processes, sockets, servers) and e2e (real
 * Chromium). All run under plain Node, which proves the core is headless.
 */
export const testConfig = defineConfig({
  define,
  test: {
    // Vitest's default (cores − 1) is one worker on a 2-core machine, and the suite then runs file by
    // file although most integration files spend their time waiting on real servers, outages and timers.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

export default testConfig;
