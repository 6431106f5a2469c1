// Quasar CLI configuration for the web panel (SPA mode only).
import { fileURLToPath } from 'node:url';
import { defineConfig } from '#q-app';
import { pluginUiVitePlugin } from './build/pluginUi.ts';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** Where core listens during development; the dev server forwards API calls there. */
const coreUrl = process.env.PTERONIMBUS_CORE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig(() => ({
  // Order matters: the theme is applied before anything renders.
  boot: ['theme', 'i18n', 'session'],

  css: ['app.scss'],

  // Bundled with the app (woff2 next to the JS): nothing loads from a CDN.
  extras: ['material-symbols-outlined'],

  build: {
    target: { browser: ['es2022', 'firefox115', 'chrome115', 'safari16'] },
    vueRouterMode: 'history',
    typescript: { strict: true, vueShim: false },
    defineEnv: {},
    // Installed plugins' web UI, compiled with the panel (ADR 008).
    vitePlugins: [[pluginUiVitePlugin, { root: webDir }]],
    extendViteConf(viteConf) {
      // A plugin's components must share the panel's copies, not bring their own.
      viteConf.resolve = {
        ...viteConf.resolve,
        dedupe: ['vue', 'vue-router', 'vue-i18n', 'pinia', 'quasar'],
      };
    },
    define: {
      // Composition API only; the legacy API would ship code we never call.
      __VUE_I18N_LEGACY_API__: false,
      __VUE_I18N_FULL_INSTALL__: true,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
  },

  devServer: {
    open: false,
    proxy: Object.fromEntries(
      ['/api', '/auth', '/docs', '/healthz'].map((path) => [
        path,
        { target: coreUrl, changeOrigin: false, ws: path === '/api' },
      ]),
    ),
  },

  framework: {
    iconSet: 'material-symbols-outlined',
    lang: 'en-US',
    config: {
      // 'auto' until the theme boot file reads the remembered choice.
      dark: 'auto',
    },
    plugins: [],
  },

  htmlVariables: {
    productName: 'Pteronimbus',
    productDescription: 'A game-server panel native to Kubernetes and Discord.',
  },
}));
