import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['sdk', 'core', 'plugins/*', 'operator', 'tools/*', 'web'],
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'json-summary'],
      include: ['sdk/src/**', 'core/src/**', 'plugins/*/src/**', 'operator/src/**', 'web/src/**'],
      exclude: ['**/*.test.ts', '**/__fixtures__/**', '**/*.d.ts'],
      thresholds: {
        'sdk/src/**': { lines: 80 },
        'core/src/**': { lines: 80 },
        'plugins/*/src/**': { lines: 80 },
        'operator/src/**': { lines: 80 },
        'web/src/**': { lines: 70 },
      },
    },
  },
});
