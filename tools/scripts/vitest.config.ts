import { defineProject } from 'vitest/config';
import { nodeProject } from '../../vitest.shared.ts';

export default defineProject(
  nodeProject('scripts', {
    include: ['*.test.ts'],
    // The pack test builds every publishable package once when their dist/ is stale: minutes on
    // a busy two-core machine, nothing when it is fresh.
    testTimeout: 120_000,
    hookTimeout: 900_000,
  }),
);
