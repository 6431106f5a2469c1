import { defineProject } from 'vitest/config';
import { nodeProject } from '../../vitest.shared.ts';

export default defineProject(
  nodeProject('kube-harness', {
    // Builds etcd and Kubernetes from source on a fresh machine; a no-op once they are cached.
    globalSetup: ['./src/global-setup.ts'],
    // Starting a control plane takes seconds, and far longer on a busy two-core machine.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  }),
);
