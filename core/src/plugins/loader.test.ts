import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { definePlugin, type Plugin } from '@pteronimbus/sdk';
import { importPlugin, importPlugins, resolvePlugins } from './loader.ts';

const here = dirname(fileURLToPath(import.meta.url));
const p = (name: string, extra: Partial<Parameters<typeof definePlugin>[0]> = {}) => ({
  plugin: definePlugin({ name, version: '1.0.0', ...extra }) as Plugin<never>,
  source: 'test',
});

describe('resolvePlugins', () => {
  it('orders plugins after their dependencies, keeping the given order otherwise', () => {
    const order = resolvePlugins([
      p('c', { dependsOn: ['b'] }),
      p('a'),
      p('b', { dependsOn: ['a'] }),
      p('d'),
    ]).map((l) => l.plugin.name);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a dependency cycle and names it', () => {
    expect(() =>
      resolvePlugins([p('a', { dependsOn: ['b'] }), p('b', { dependsOn: ['a'] })]),
    ).toThrow(
      expect.objectContaining({
        code: 'PN_PLUGIN_DEPENDENCY_CYCLE',
        message: expect.stringContaining('a -> b -> a'),
      }),
    );
  });

  it('refuses duplicates and missing dependencies', () => {
    expect(() => resolvePlugins([p('a'), p('a')])).toThrow(
      expect.objectContaining({ code: 'PN_PLUGIN_DUPLICATE' }),
    );
    expect(() => resolvePlugins([p('a', { dependsOn: ['nope'] })])).toThrow(
      expect.objectContaining({
        code: 'PN_PLUGIN_DEPENDENCY_MISSING',
        message: 'Plugin a depends on nope, which is not loaded',
      }),
    );
  });

  it('checks the SDK range', () => {
    expect(() => resolvePlugins([p('old', { sdk: '^9.0.0' })], { sdkVersion: '0.1.0' })).toThrow(
      expect.objectContaining({
        code: 'PN_PLUGIN_INCOMPATIBLE',
        message: 'Plugin old needs SDK ^9.0.0, this core provides 0.1.0',
      }),
    );
    expect(() => resolvePlugins([p('weird', { sdk: 'not a range' })])).toThrow(
      expect.objectContaining({ code: 'PN_PLUGIN_INVALID' }),
    );
    expect(resolvePlugins([p('ok', { sdk: '>=0.1.0' })], { sdkVersion: '0.1.0' })).toHaveLength(1);
    // Without a range a plugin is taken to need the SDK minor it was built with (0.x) or its major.
    expect(() => resolvePlugins([p('implicit')], { sdkVersion: '1.4.0' })).not.toThrow();
  });

  it('refuses a permission declared twice, including core ones', () => {
    expect(() =>
      resolvePlugins([p('a', { permissions: [{ key: 'server.read', group: 'x' }] })]),
    ).toThrow(expect.objectContaining({ code: 'PN_PLUGIN_PERMISSION_CONFLICT' }));
    expect(() =>
      resolvePlugins([
        p('a', { permissions: [{ key: 'x.y', group: 'x' }] }),
        p('b', { permissions: [{ key: 'x.y', group: 'x' }] }),
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'PN_PLUGIN_PERMISSION_CONFLICT',
        message: expect.stringContaining('Plugin b'),
      }),
    );
  });

  it('validates config against the schema and applies defaults', () => {
    const schema = Type.Object({ n: Type.Integer({ default: 2, minimum: 1 }) });
    expect(resolvePlugins([p('c', { configSchema: schema })])[0]!.config).toEqual({ n: 2 });
    expect(() =>
      resolvePlugins([p('c', { configSchema: schema })], { pluginConfig: { c: { n: 0 } } }),
    ).toThrow(
      expect.objectContaining({ code: 'PN_PLUGIN_CONFIG_INVALID', details: { path: '/n' } }),
    );
    expect(() => resolvePlugins([p('c')], { pluginConfig: { c: 'string' } })).toThrow(
      expect.objectContaining({ code: 'PN_PLUGIN_CONFIG_INVALID' }),
    );
  });
});

describe('importPlugin', () => {
  it('loads a plugin from a folder with a package.json', async () => {
    const c = await importPlugin(join(here, '__fixtures__/folder-plugin'));
    expect(c.plugin.name).toBe('folder');
  });

  it('loads a plugin from a relative path', async () => {
    const c = await importPlugin('./__fixtures__/folder-plugin/index.ts', here);
    expect(c.plugin.name).toBe('folder');
  });

  it('refuses a module that exports more or less than one plugin', async () => {
    await expect(
      importPlugin(join(here, '__fixtures__/two-plugins/index.ts')),
    ).rejects.toMatchObject({ code: 'PN_PLUGIN_INVALID' });
    await expect(importPlugin(join(here, 'loader.ts'))).rejects.toMatchObject({
      code: 'PN_PLUGIN_INVALID',
    });
  });

  it('names a plugin that cannot be found', async () => {
    await expect(importPlugin('@pteronimbus/plugin-does-not-exist')).rejects.toMatchObject({
      code: 'PN_PLUGIN_NOT_FOUND',
      message: expect.stringContaining('@pteronimbus/plugin-does-not-exist'),
    });
  });

  it('loads only installed first-party plugins by default', async () => {
    const found = await importPlugins(null);
    for (const c of found) expect(c.source).toMatch(/^@pteronimbus\/plugin-/);
  });
});

describe('definePlugin', () => {
  it('refuses names that are not kebab-case and versions that are not semver', () => {
    expect(() => definePlugin({ name: 'Bad_Name', version: '1.0.0' })).toThrow(/kebab-case/);
    expect(() => definePlugin({ name: 'ok', version: 'one' })).toThrow(/semver/);
  });
});
