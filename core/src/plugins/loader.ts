import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { Value } from 'typebox/value';
import { isPlugin, SDK_VERSION, type Plugin } from '@pteronimbus/sdk';
import {
  PluginConfigInvalid,
  PluginDependencyCycle,
  PluginDependencyMissing,
  PluginDuplicate,
  PluginIncompatible,
  PluginInvalid,
  PluginNotFound,
  PluginPermissionConflict,
} from '../errors/codes.ts';
import { CORE_PERMISSIONS } from '../registry/permissions.ts';
import { checkUiContributions } from './ui.ts';

/** First-party plugins, loaded by default when installed. */
export const FIRST_PARTY_PLUGINS = [
  '@pteronimbus/plugin-auth-discord',
  '@pteronimbus/plugin-rbac',
  '@pteronimbus/plugin-game-generic',
  '@pteronimbus/plugin-game-minecraft',
  '@pteronimbus/plugin-game-steam',
  '@pteronimbus/plugin-game-terraria',
  '@pteronimbus/plugin-discord-bot',
  '@pteronimbus/plugin-backups',
  '@pteronimbus/plugin-scheduler',
  '@pteronimbus/plugin-templates',
];

/** A plugin with where it came from. */
export interface PluginCandidate {
  plugin: Plugin<never>;
  source: string;
}

/** A plugin ready to mount: checked, ordered, config validated. */
export interface LoadedPlugin extends PluginCandidate {
  config: Record<string, unknown>;
}

function isPath(specifier: string) {
  return specifier.startsWith('.') || specifier.startsWith('/');
}

function entryOfFolder(dir: string): string {
  const pkgFile = join(dir, 'package.json');
  if (existsSync(pkgFile)) {
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: unknown; main?: string };
    const dot = (
      typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports
        ? (pkg.exports as Record<string, unknown>)['.']
        : pkg.exports
    ) as string | Record<string, string> | undefined;
    const target =
      typeof dot === 'string' ? dot : (dot?.source ?? dot?.import ?? dot?.default ?? pkg.main);
    if (target) return join(dir, target);
  }
  for (const f of ['index.ts', 'index.js', 'src/index.ts'])
    if (existsSync(join(dir, f))) return join(dir, f);
  throw new Error('no package.json entry or index file in the folder');
}

/** Imports one plugin module and picks its single plugin export. */
export async function importPlugin(
  specifier: string,
  cwd = process.cwd(),
): Promise<PluginCandidate> {
  let mod: Record<string, unknown>;
  try {
    let target = specifier;
    if (isPath(specifier)) {
      let file = resolve(cwd, specifier);
      if (existsSync(file) && statSync(file).isDirectory()) file = entryOfFolder(file);
      target = pathToFileURL(file).href;
    }
    mod = (await import(target)) as Record<string, unknown>;
  } catch (err) {
    throw PluginNotFound(specifier, ((err as Error).message ?? 'import failed').split('\n')[0]!);
  }
  const plugins = Object.values(mod).filter(isPlugin);
  if (plugins.length !== 1) {
    throw PluginInvalid(
      specifier,
      `the module must export exactly one definePlugin() value, found ${plugins.length}`,
    );
  }
  return { plugin: plugins[0]!, source: specifier };
}

/** Imports the configured plugins, or every installed first-party one when none are named. */
export async function importPlugins(
  specifiers: string[] | null,
  cwd = process.cwd(),
): Promise<PluginCandidate[]> {
  if (specifiers) return Promise.all(specifiers.map((s) => importPlugin(s, cwd)));
  const found: PluginCandidate[] = [];
  for (const name of FIRST_PARTY_PLUGINS) {
    try {
      found.push(await importPlugin(name, cwd));
    } catch (err) {
      // Absent first-party plugins are simply not installed; a broken one must still fail loudly.
      if (!/Cannot find (package|module)|ERR_MODULE_NOT_FOUND/.test((err as Error).message))
        throw err;
    }
  }
  return found;
}

/**
 * Checks a set of plugins and orders them so that each comes after what it depends on.
 * Fails with a coded error naming the plugin at the first problem.
 */
export function resolvePlugins(
  candidates: PluginCandidate[],
  options: { sdkVersion?: string; pluginConfig?: Record<string, unknown> } = {},
): LoadedPlugin[] {
  const sdkVersion = options.sdkVersion ?? SDK_VERSION;
  const byName = new Map<string, PluginCandidate>();
  for (const c of candidates) {
    if (byName.has(c.plugin.name)) throw PluginDuplicate(c.plugin.name);
    byName.set(c.plugin.name, c);
  }
  const permissionOwners = new Map<string, string>(CORE_PERMISSIONS.map((p) => [p.key, 'core']));
  for (const c of candidates) {
    const p = c.plugin;
    const range =
      p.sdk ??
      `^${semver.major(sdkVersion)}.${semver.major(sdkVersion) === 0 ? semver.minor(sdkVersion) : 0}.0`;
    if (!semver.validRange(range))
      throw PluginInvalid(p.name, `sdk range "${range}" is not a semver range`);
    if (!semver.satisfies(sdkVersion, range, { includePrerelease: true }))
      throw PluginIncompatible(p.name, range, sdkVersion);
    for (const dep of p.dependsOn ?? [])
      if (!byName.has(dep)) throw PluginDependencyMissing(p.name, dep);
    for (const perm of p.permissions ?? []) {
      if (permissionOwners.has(perm.key)) throw PluginPermissionConflict(p.name, perm.key);
      permissionOwners.set(perm.key, p.name);
    }
  }
  const catalog = new Set(permissionOwners.keys());
  for (const c of candidates) checkUiContributions(c.plugin, catalog);
  const ordered: PluginCandidate[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting')
      throw PluginDependencyCycle([...path.slice(path.indexOf(name)), name].join(' -> '));
    state.set(name, 'visiting');
    const c = byName.get(name)!;
    for (const dep of c.plugin.dependsOn ?? []) visit(dep, [...path, name]);
    state.set(name, 'done');
    ordered.push(c);
  };
  for (const c of candidates) visit(c.plugin.name, []);
  return ordered.map((c) => ({
    ...c,
    config: validatePluginConfig(c.plugin, options.pluginConfig?.[c.plugin.name]),
  }));
}

function validatePluginConfig(plugin: Plugin<never>, given: unknown): Record<string, unknown> {
  const value = given ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw PluginConfigInvalid(plugin.name, 'config must be an object');
  }
  if (!plugin.configSchema) return value as Record<string, unknown>;
  const withDefaults = Value.Default(plugin.configSchema, structuredClone(value));
  const error = Value.Errors(plugin.configSchema, withDefaults)[0];
  if (error) {
    throw PluginConfigInvalid(plugin.name, `${error.instancePath || '/'} ${error.message}`, {
      path: error.instancePath || '/',
    });
  }
  return withDefaults as Record<string, unknown>;
}
