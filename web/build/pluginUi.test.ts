import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  discoverPluginUi,
  panelBuildStale,
  pluginUiModule,
  pluginUiStamp,
  pluginUiVitePlugin,
} from './pluginUi.ts';

let root: string;
let webDir: string;

function pkg(dir: string, manifest: Record<string, unknown>, entry?: string) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  if (entry !== undefined) {
    mkdirSync(join(dir, 'web'), { recursive: true });
    writeFileSync(join(dir, entry), 'export {};\n');
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pn-plugin-ui-'));
  webDir = join(root, 'panel');
  mkdirSync(join(webDir, 'src'), { recursive: true });
  pkg(
    join(root, 'node_modules', '@acme', 'pteronimbus-backups'),
    {
      name: '@acme/pteronimbus-backups',
      version: '1.2.0',
      pteronimbus: { plugin: 'backups', web: './web/index.ts' },
    },
    'web/index.ts',
  );
  // No web entry declared, or one that is missing: not a plugin with UI.
  pkg(join(root, 'node_modules', 'left-pad'), { name: 'left-pad', version: '1.0.0' });
  pkg(join(root, 'node_modules', 'broken'), {
    name: 'broken',
    version: '1.0.0',
    pteronimbus: { plugin: 'broken', web: './web/index.ts' },
  });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function build(stampOf = discoverPluginUi(webDir)) {
  mkdirSync(join(webDir, 'dist', 'spa'), { recursive: true });
  writeFileSync(join(webDir, 'dist', 'spa', 'index.html'), '<!doctype html>');
  writeFileSync(
    join(webDir, 'dist', 'plugin-ui.json'),
    JSON.stringify({ stamp: pluginUiStamp(stampOf), chunks: [] }),
  );
}

describe('plugin UI discovery', () => {
  it('finds installed packages that declare a web entry, as Node resolves them', () => {
    const found = discoverPluginUi(webDir);
    expect(found).toEqual([
      expect.objectContaining({
        plugin: 'backups',
        packageName: '@acme/pteronimbus-backups',
        version: '1.2.0',
        entry: join(root, 'node_modules', '@acme', 'pteronimbus-backups', 'web', 'index.ts'),
      }),
    ]);
    expect(pluginUiStamp(found)).toBe('["@acme/pteronimbus-backups@1.2.0"]');
    // One lazy import per plugin: each is its own chunk.
    expect(pluginUiModule(found)).toContain(
      `"backups": { packageName: "@acme/pteronimbus-backups", version: "1.2.0", load: () => import(${JSON.stringify(found[0]?.entry)}) }`,
    );
  });

  it('serves the generated module to the build', () => {
    const plugin = pluginUiVitePlugin({ root: webDir });
    plugin.configResolved({ build: { outDir: 'dist/spa' }, root: webDir, command: 'serve' });
    const id = plugin.resolveId('virtual:pteronimbus/plugin-ui');
    expect(id).toBeDefined();
    expect(plugin.load(id!)).toContain('"backups"');
    expect(plugin.resolveId('vue')).toBeUndefined();
  });
});

describe('when npm start rebuilds the panel', () => {
  it('builds a panel that was never built', () => {
    expect(panelBuildStale(webDir)).toBe('the web panel is not built yet');
  });

  it('keeps a build made with the installed plugins and rebuilds when they change', () => {
    build();
    expect(panelBuildStale(webDir)).toBeNull();

    pkg(
      join(root, 'node_modules', 'pteronimbus-plugin-files'),
      {
        name: 'pteronimbus-plugin-files',
        version: '0.1.0',
        pteronimbus: { plugin: 'files', web: './web/index.ts' },
      },
      'web/index.ts',
    );
    expect(panelBuildStale(webDir)).toBe('the installed plugins changed');
    build();
    expect(panelBuildStale(webDir)).toBeNull();

    // An upgrade changes the version.
    pkg(
      join(root, 'node_modules', 'pteronimbus-plugin-files'),
      {
        name: 'pteronimbus-plugin-files',
        version: '0.2.0',
        pteronimbus: { plugin: 'files', web: './web/index.ts' },
      },
      'web/index.ts',
    );
    expect(panelBuildStale(webDir)).toBe('the installed plugins changed');
  });

  it('rebuilds when a plugin’s web code changed since the build', () => {
    build();
    const later = new Date(Date.now() + 60_000);
    const entry = join(root, 'node_modules', '@acme', 'pteronimbus-backups', 'web', 'index.ts');
    utimesSync(entry, later, later);
    expect(panelBuildStale(webDir)).toBe('its sources changed');
  });
});
