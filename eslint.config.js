// One lint configuration for the whole workspace.
import { existsSync, readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

// Files that may (and, by Quasar's conventions, must) default-export: config, boot, router and
// store entry files, and single-file components.
const DEFAULT_EXPORT_FILES = [
  '**/*.config.ts',
  '**/*.config.js',
  'eslint.config.js',
  'web/quasar.config.ts',
  'web/src/boot/*.ts',
  'web/src/router/index.ts',
  'web/src/stores/index.ts',
  '**/*.vue',
];
const DEFAULT_EXPORTS = { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' };

// The dependency rule: which package may import which (see docs/architecture.md). Static imports
// and re-exports are checked by `no-restricted-imports`, `import()` by `no-restricted-syntax`.
const KUBE = {
  regex: '^@kubernetes/client-node(/|$)',
  message: 'The panel never talks to Kubernetes: only the operator imports its client.',
};
// In the SDK and in plugins a module name built at run time is refused too: no rule could see it.
const BUILT_IMPORT = {
  selector: "ImportExpression[source.type!='Literal']",
  message: 'Import a module by its literal name, so the dependency rule can check it.',
};
const pluginDirs = readdirSync(new URL('./plugins/', import.meta.url), { withFileTypes: true })
  .filter((d) => existsSync(new URL(`./plugins/${d.name}/package.json`, import.meta.url)))
  .map((d) => d.name);

/**
 * Config blocks refusing, in the files under `dir`, imports whose name matches one of `patterns`
 * (`{ regex, message }`), whether static or through `import()`.
 */
function forbid(dir, patterns, { builtNames = false } = {}) {
  const dynamic = [
    ...(builtNames ? [BUILT_IMPORT] : []),
    ...patterns.map(({ regex, message }) => ({
      // esquery ends a regular expression at the next `/`, even escaped: spell it `[/]`.
      selector: `ImportExpression[source.value=/${regex.replaceAll('/', '[/]')}/]`,
      message,
    })),
  ];
  return [
    {
      files: [`${dir}/**`],
      rules: {
        'no-restricted-imports': ['error', { patterns }],
        'no-restricted-syntax': ['error', DEFAULT_EXPORTS, ...dynamic],
      },
    },
    {
      files: DEFAULT_EXPORT_FILES.map((glob) => [`${dir}/**`, glob]),
      rules: { 'no-restricted-syntax': ['error', ...dynamic] },
    },
  ];
}

const dependencyRule = [
  ...forbid(
    'sdk',
    [
      {
        regex: '^@pteronimbus/(?!sdk(/|$))',
        message:
          'The SDK depends on no other package of ours (the test kit is @pteronimbus/testing).',
      },
      {
        regex: '^(\\.\\./)+(core|testing|operator|web|plugins|tools|examples)(/|$)',
        message: 'The SDK depends on no other package of ours.',
      },
      KUBE,
    ],
    { builtNames: true },
  ),
  ...pluginDirs.flatMap((dir) =>
    forbid(
      `plugins/${dir}`,
      [
        {
          regex: '^@pteronimbus/core(/|$)',
          message: 'A plugin reaches core only through the services the SDK types.',
        },
        {
          regex: `^@pteronimbus/plugin-(?!${dir}/)[^/]+/`,
          message:
            'Use another plugin through its package root and its extension points, never its internals.',
        },
        {
          regex: `^(\\.\\./)+(core|plugins|${pluginDirs.filter((d) => d !== dir).join('|')})(/|$)`,
          message: 'A plugin imports another package by its name, never by a path into it.',
        },
        KUBE,
      ],
      { builtNames: true },
    ),
  ),
  // The SDK's own fuzz tests take the kit's seeded fuzz parameters: a module of no dependencies.
  {
    files: ['sdk/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@pteronimbus/(?!sdk(/|$)|testing/fuzz$)',
              message:
                'The SDK depends on no other package of ours (its tests may use @pteronimbus/testing/fuzz).',
            },
            {
              regex: '^(\\.\\./)+(core|testing|operator|web|plugins|tools|examples)(/|$)',
              message: 'The SDK depends on no other package of ours.',
            },
            KUBE,
          ],
        },
      ],
    },
  },
  ...forbid('core', [KUBE]),
  ...forbid('web', [KUBE]),
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'web/.quasar/**',
      'web/src-pwa/**',
      'tools/kube-harness/bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
      globals: { ...globals.browser },
    },
    // Layout is Prettier's job; these stylistic rules would fight it.
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', DEFAULT_EXPORTS],
    },
  },
  {
    files: DEFAULT_EXPORT_FILES,
    rules: { 'no-restricted-syntax': 'off' },
  },
  ...dependencyRule,
);
