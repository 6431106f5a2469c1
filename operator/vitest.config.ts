import { defineProject } from 'vitest/config';
import { nodeProject } from '../vitest.shared.ts';

export default defineProject(
  nodeProject('operator', {
    // Builds etcd and Kubernetes from source on a fresh machine; a no-op once they are cached.
    globalSetup: ['./test/global-setup.ts'],
    // Integration tests start a control plane and wait for convergence on a shared two-core
    // machine, which can take minutes.
    testTimeout: 240_000,
    hookTimeout: 300_000,
  }),
);
