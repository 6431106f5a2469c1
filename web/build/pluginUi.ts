// Build-time integration of plugin web UI (ADR 008): find the installed packages that declare a
// web entry, and give the panel a module that lazy-imports each one. `npm start` compares the
// stamp of what was found with the one the last build wrote, and rebuilds when they differ.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A package that ships web UI for a plugin. */
export interface PluginUiPackage {
  /** The plugin's id as the registry names it, e.g. `templates`. */
  plugin: string;
  /** The npm package, e.g. `@pteronimbus/plugin-templates`. */
  packageName: string;
  version: string;
  /** Absolute path of the web entry module (real path, links resolved). */
  entry: string;
  /** Absolute path of the folder that holds the entry, for staleness checks. */
  dir: string;
}

/** The id of the generated module the panel imports. */
export const pluginUiModuleId = 'virtual:pteronimbus/plugin-ui';
const resolvedId = `\0${pluginUiModuleId}`;

/** Name of the stamp file written next to the built panel's folder. */
export const pluginUiStampFile = 'plugin-ui.json';

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The package folders directly inside one `node_modules`, scoped ones included. */
function packageDirs(nodeModules: string): string[] {
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(path, { withFileTypes: true }))
        if (scoped.isDirectory() || scoped.isSymbolicLink()) dirs.push(join(path, scoped.name));
    } else dirs.push(path);
  }
  return dirs;
}

/**
 * Every installed package whose `package.json` says
 * `"pteronimbus": { "plugin": "<id>", "web": "./web/index.ts" }`, looked up the way Node
 * resolves packages from `from`: each `node_modules` from there up to the root, nearest wins.
 */
export function discoverPluginUi(from: string): PluginUiPackage[] {
  const found = new Map<string, PluginUiPackage>();
  let dir = resolve(from);
  for (;;) {
    const nodeModules = join(dir, 'node_modules');
    if (existsSync(nodeModules)) {
      for (const pkgDir of packageDirs(nodeModules)) {
        const pkg = readJson(join(pkgDir, 'package.json'));
        const meta = pkg?.pteronimbus as { plugin?: unknown; web?: unknown } | undefined;
        if (typeof meta?.plugin !== 'string' || typeof meta.web !== 'string') continue;
        if (found.has(meta.plugin)) continue;
        const entry = join(realpathSync(pkgDir), meta.web);
        if (!existsSync(entry)) continue;
        found.set(meta.plugin, {
          plugin: meta.plugin,
          packageName: String(pkg?.name),
          version: String(pkg?.version),
          entry,
          dir: dirname(entry),
        });
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...found.values()].sort((a, b) => a.plugin.localeCompare(b.plugin));
}

/** What identifies an installed plugin set: package names and versions. */
export function pluginUiStamp(packages: readonly PluginUiPackage[]): string {
  return JSON.stringify(packages.map((p) => `${p.packageName}@${p.version}`));
}

/**
 * The generated module: one lazy import per plugin, so each plugin's UI is its own chunk (and
 * each page, tab or section it imports lazily is another), none of them in the first load.
 */
export function pluginUiModule(packages: readonly PluginUiPackage[]): string {
  const entries = packages.map(
    (p) =>
      `  ${JSON.stringify(p.plugin)}: { packageName: ${JSON.stringify(p.packageName)}, version: ${JSON.stringify(p.version)}, load: () => import(${JSON.stringify(p.entry)}) },`,
  );
  return `export const pluginUiSources = {\n${entries.join('\n')}\n};\n`;
}

/** What a build writes to {@link pluginUiStampFile}. */
export interface PluginUiBuildRecord {
  /** {@link pluginUiStamp} of the plugin set it was built with. */
  stamp: string;
  /** Output files (`/assets/…`) holding code from a plugin's web folder. */
  chunks: string[];
}

/** Reads what the last build of `<webDir>/dist` recorded, if anything. */
export function readPluginUiBuildRecord(webDir: string): PluginUiBuildRecord | null {
  const record = readJson(join(webDir, 'dist', pluginUiStampFile));
  if (typeof record?.stamp !== 'string' || !Array.isArray(record.chunks)) return null;
  return { stamp: record.stamp, chunks: record.chunks.map(String) };
}

/**
 * A Vite plugin serving {@link pluginUiModuleId}. After a build it records the plugin set and
 * which output chunks hold plugin code (so the benchmark can check none is in the first load).
 */
export function pluginUiVitePlugin(options: { root: string }) {
  let packages: PluginUiPackage[] = [];
  let outDir = '';
  let building = false;
  const chunks: string[] = [];
  return {
    name: 'pteronimbus-plugin-ui',
    configResolved(config: { build: { outDir: string }; root: string; command: string }) {
      packages = discoverPluginUi(options.root);
      outDir = resolve(config.root, config.build.outDir);
      // Dev servers and tests serve the module too; only a build writes the record.
      building = config.command === 'build';
    },
    resolveId(id: string) {
      return id === pluginUiModuleId ? resolvedId : undefined;
    },
    load(id: string) {
      return id === resolvedId ? pluginUiModule(packages) : undefined;
    },
    generateBundle(
      _options: unknown,
      bundle: Record<string, { type: string; fileName: string; modules?: Record<string, unknown> }>,
    ) {
      const dirs = packages.map((p) => `${p.dir}/`);
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const ids = Object.keys(output.modules ?? {});
        if (ids.some((id) => dirs.some((dir) => id.startsWith(dir))))
          chunks.push(`/${output.fileName}`);
      }
    },
    closeBundle() {
      if (!building) return;
      // Beside the served folder, not in it: the record is for `npm start` and the benchmark.
      const target = join(dirname(outDir), pluginUiStampFile);
      mkdirSync(dirname(target), { recursive: true });
      const record: PluginUiBuildRecord = { stamp: pluginUiStamp(packages), chunks: chunks.sort() };
      writeFileSync(target, `${JSON.stringify(record, null, 2)}\n`);
    },
  };
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) =>
      entry.endsWith('.test.ts') || entry === 'node_modules'
        ? newest
        : Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

/**
 * Why the built panel in `<webDir>/dist/spa` must be built again, or `null` when it is current:
 * it is missing, its sources or an installed plugin's web folder changed since, or the set of
 * installed plugins with web UI is not the one it was built with.
 */
export function panelBuildStale(webDir: string): string | null {
  const index = join(webDir, 'dist', 'spa', 'index.html');
  if (!existsSync(index)) return 'the web panel is not built yet';
  const builtAt = statSync(index).mtimeMs;
  const packages = discoverPluginUi(webDir);
  if (readPluginUiBuildRecord(webDir)?.stamp !== pluginUiStamp(packages))
    return 'the installed plugins changed';
  const sources = ['src', 'public', 'index.html', 'quasar.config.ts', 'build'].map((path) =>
    join(webDir, path),
  );
  const changedAt = Math.max(...[...sources, ...packages.map((p) => p.dir)].map(newestChange));
  return changedAt > builtAt ? 'its sources changed' : null;
}
