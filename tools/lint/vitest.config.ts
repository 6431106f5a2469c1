import { defineProject } from 'vitest/config';
import { nodeProject } from '../../vitest.shared.ts';

// Loading the lint config and parsing a tree of TypeScript takes a while on a busy machine.
export default defineProject(nodeProject('lint', { testTimeout: 120_000 }));
