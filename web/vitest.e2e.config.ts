import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { nodeProject } from '../vitest.shared.ts';

// End-to-end: the built panel served by a real core, driven in Debian's Chromium.
// Run with `npm run test:e2e -w @pteronimbus/web`; it builds the panel first when needed.
export default defineConfig(
  mergeConfig(
    nodeProject('web-e2e', {
      include: ['src/**/*.e2e.test.ts'],
      // The panel is built when stale; the kube harness's binaries when missing (a no-op once
      // cached), for the tests that run a cluster.
      globalSetup: ['src/e2e/build-once.ts', '../tools/kube-harness/src/global-setup.ts'],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 600_000,
    }),
    { root: dirname(fileURLToPath(import.meta.url)) },
  ),
);
