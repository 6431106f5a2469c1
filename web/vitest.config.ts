import { fileURLToPath } from 'node:url';
import { quasar, transformAssetUrls } from '@quasar/vite-plugin';
import vue from '@vitejs/plugin-vue';
import { defineProject, mergeConfig } from 'vitest/config';
import { nodeProject } from '../vitest.shared.ts';
import { pluginUiVitePlugin } from './build/pluginUi.ts';

// Component tests: Vue SFCs compiled as Quasar CLI would, rendered in happy-dom.
// End-to-end tests (*.e2e.test.ts) run from vitest.e2e.config.ts against a built app.
// Plugins' web UI (plugins/*/web) is tested here too: it is compiled with the panel.
export default defineProject(
  mergeConfig(
    nodeProject('web', {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts', 'build/**/*.test.ts', '../plugins/*/web/**/*.test.ts'],
      exclude: ['**/node_modules/**', 'src/**/*.e2e.test.ts'],
      setupFiles: ['src/__fixtures__/setup.ts'],
    }),
    {
      plugins: [
        vue({ template: { transformAssetUrls } }),
        quasar({ sassVariables: 'src/css/quasar.variables.scss' }),
        pluginUiVitePlugin({ root: fileURLToPath(new URL('.', import.meta.url)) }),
      ],
      resolve: { alias: { '#q-app': '@quasar/app-vite' } },
      define: {
        __VUE_I18N_LEGACY_API__: false,
        __VUE_I18N_FULL_INSTALL__: true,
        __INTLIFY_PROD_DEVTOOLS__: false,
      },
    },
  ),
);
