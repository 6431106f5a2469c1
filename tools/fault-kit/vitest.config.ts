import { defineProject } from 'vitest/config';
import { nodeProject } from '../../vitest.shared.ts';

export default defineProject(
  nodeProject('fault-kit', {
    // Fault tests wait out outages, retries and reconnects on a shared two-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  }),
);
