// Shared Vitest settings: every workspace package resolves its siblings from source through the
// `source` export condition, so tests never depend on a previous build.
import { defaultServerConditions, defaultClientConditions } from 'vite';
import type { UserWorkspaceConfig } from 'vitest/config';

export function nodeProject(
  name: string,
  extra: UserWorkspaceConfig['test'] = {},
): UserWorkspaceConfig {
  return {
    resolve: { conditions: ['source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra,
    },
  };
}
