import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The workspace's own eslint.config.js, as `npm run lint` uses it.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);
const eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => RULES.has(ruleId) });

/** The dependency-rule messages ESLint gives `code` as if it were the file at `path`. */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the dependency rule', () => {
  it.each([
    ['sdk/src/a.ts', "import { buildApp } from '@pteronimbus/core';"],
    ['sdk/src/a.ts', 'export default 1;'],
    ['sdk/src/a.ts', "import type { CoreConfig } from '@pteronimbus/core';"],
    ['sdk/src/eggs/a.ts', "export { startTestCore } from '@pteronimbus/testing';"],
    ['sdk/src/a.ts', "export * from '@pteronimbus/plugin-rbac';"],
    ['sdk/src/a.ts', "import { x } from '../../core/src/app.ts';"],
    ['sdk/src/a.ts', "const core = await import('@pteronimbus/core');"],
    ['sdk/src/a.ts', "const name = '@pteronimbus/core';\nconst core = await import(name);"],
    ['sdk/src/a.ts', "import { KubeConfig } from '@kubernetes/client-node';"],
    ['plugins/rbac/src/a.ts', "import { buildApp } from '@pteronimbus/core';"],
    ['plugins/rbac/src/a.ts', "const core = await import('@pteronimbus/core');"],
    ['plugins/rbac/src/a.ts', "const name = 'x';\nawait import(`@pteronimbus/${name}`);"],
    [
      'plugins/rbac/src/a.ts',
      "import { SESSION } from '@pteronimbus/plugin-auth-discord/src/session.ts';",
    ],
    ['plugins/rbac/src/a.ts', "import { SESSION } from '../../auth-discord/src/session.ts';"],
    ['plugins/rbac/src/a.ts', "import { app } from '../../../core/src/app.ts';"],
    ['plugins/rbac/src/a.ts', "import { KubeConfig } from '@kubernetes/client-node';"],
    [
      'plugins/templates/src/web/Page.vue',
      '<script setup lang="ts">\nconst core = await import(\'@pteronimbus/core\');\n</script>',
    ],
    ['core/src/a.ts', "import { KubeConfig } from '@kubernetes/client-node';"],
    ['core/src/a.ts', "const k8s = await import('@kubernetes/client-node');"],
    ['web/src/a.ts', "import type { V1Pod } from '@kubernetes/client-node';"],
    [
      'web/src/components/A.vue',
      '<script setup lang="ts">\nimport { KubeConfig } from \'@kubernetes/client-node\';\n</script>',
    ],
  ])('refuses, in %s: %s', async (path, code) => {
    const found = await refusals(path, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-(imports|syntax): /);
  });

  it.each([
    [
      'sdk/src/a.ts',
      "import { definePlugin } from '@pteronimbus/sdk';\nimport { x } from './b.ts';",
    ],
    ['sdk/src/a.ts', "const yaml = await import('yaml');"],
    ['sdk/vitest.config.ts', "import { x } from '../vitest.shared.ts';\nexport default x;"],
    [
      'plugins/rbac/src/a.ts',
      "import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';\nimport { startTestCore } from '@pteronimbus/testing';",
    ],
    ['plugins/rbac/src/a.ts', "import { x } from '../../rbac/src/b.ts';"],
    [
      'plugins/templates/src/web/Page.vue',
      '<script setup lang="ts">\nconst p = await import(\'./B.vue\');\n</script>',
    ],
    ['testing/src/a.ts', "import { buildApp } from '@pteronimbus/core';"],
    ['operator/src/a.ts', "import { KubeConfig } from '@kubernetes/client-node';"],
    ['core/src/a.ts', 'const plugin = await import(name);'],
  ])('allows, in %s: %s', async (path, code) => {
    expect(await refusals(path, code)).toEqual([]);
  });

  it('holds in the SDK, the test kit and every plugin', async () => {
    const results = await eslint.lintFiles(['sdk', 'testing', 'plugins']);
    const broken = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    expect(broken).toEqual([]);
    expect(results.length).toBeGreaterThan(100);
  });
});
