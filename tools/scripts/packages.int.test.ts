// What each publishable package puts in its tarball: `npm pack --dry-run` after one build.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPublishable, root, workspaces } from './workspaces.mjs';

interface PackResult {
  name: string;
  files: { path: string }[];
}

type Exports = string | { [condition: string]: Exports };

const publishable = workspaces().filter(isPublishable);
const packed = new Map<string, Set<string>>();

/** Every file an `exports` map points at, with the condition path that leads there. */
function exportTargets(exports: Exports, conditions: string[] = []): [string[], string][] {
  if (typeof exports === 'string') return [[conditions, exports]];
  return Object.entries(exports).flatMap(([key, value]) =>
    exportTargets(value, [...conditions, key]),
  );
}

const rel = (path: string) => path.replace(/^\.\//, '');

beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    ['tools/scripts/build.mjs', '--publishable', '--if-stale'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
  // Scripts off: core's prepack copies the web panel in, which this test does not need.
  const out = execFileSync(
    'npm',
    [
      'pack',
      '--dry-run',
      '--json',
      '--ignore-scripts',
      ...publishable.flatMap((ws) => ['-w', ws.name]),
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  for (const result of JSON.parse(out) as PackResult[]) {
    packed.set(result.name, new Set(result.files.map((file) => file.path)));
  }
});

describe('the publishable packages', () => {
  it('are the SDK, core, the operator and every plugin', () => {
    const names = publishable.map((ws) => ws.name);
    expect(names).toEqual(
      expect.arrayContaining(['@pteronimbus/sdk', '@pteronimbus/core', '@pteronimbus/operator']),
    );
    for (const dir of readdirSync(join(root, 'plugins'))) {
      expect(publishable.map((ws) => ws.dir)).toContain(`plugins/${dir}`);
    }
  });
});

describe.each(publishable.map((ws) => [ws.name, ws] as const))('%s', (name, ws) => {
  const files = () => packed.get(name) ?? new Set<string>();

  it('exports its build: types and import point into dist, the source condition first', () => {
    const entries = Object.entries((ws.pkg.exports ?? {}) as Record<string, Exports>);
    expect(entries.length).toBeGreaterThan(0);
    for (const [subpath, target] of entries) {
      expect(typeof target, subpath).toBe('object');
      const conditions = Object.keys(target as object);
      expect(conditions[0], subpath).toBe('source');
      expect(conditions, subpath).toEqual(expect.arrayContaining(['types', 'import']));
      for (const [path, file] of exportTargets(target)) {
        if (path[0] === 'source') expect(file, subpath).toMatch(/^\.\/src\/.*\.ts$/);
        else expect(file, `${subpath} ${path.join('.')}`).toMatch(/^\.\/dist\//);
      }
    }
  });

  it('ships every file its exports and bin point at, JavaScript and declarations', () => {
    // Each subpath's targets, keyed by the conditions leading there (`source` is for development).
    const targets = Object.values((ws.pkg.exports ?? {}) as Record<string, Exports>)
      .flatMap((target) => exportTargets(target))
      .filter(([path]) => path[0] !== 'source')
      .map(([, file]) => rel(file));
    const bins = Object.values((ws.pkg.bin ?? {}) as Record<string, string>).map(rel);
    for (const file of [...targets, ...bins]) expect([...files()]).toContain(file);
    expect(targets.some((file) => file.endsWith('.d.ts'))).toBe(true);
    expect(targets.some((file) => file.endsWith('.js'))).toBe(true);
  });

  it('ships no sources, tests, fixtures or build configuration by accident', () => {
    // A fixture folder the package deliberately lists in `files` is data it reads at run time.
    const listed = ((ws.pkg.files ?? []) as string[]).filter((entry) =>
      entry.includes('__fixtures__'),
    );
    const accidental = [...files()].filter(
      (file) =>
        /(^|\/)src\/.*\.tsx?$/.test(file) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(file) ||
        /(^|\/)(tsconfig[^/]*\.json|vitest[^/]*\.config\.ts|tsup\.config\.ts)$/.test(file) ||
        (file.includes('__fixtures__/') && !listed.some((entry) => file.startsWith(`${entry}/`))) ||
        /(^|\/)(node_modules|coverage|test)\//.test(file),
    );
    expect(accidental).toEqual([]);
  });
});

describe('the game plugins', () => {
  const games = publishable.filter((ws) => ws.dir.startsWith('plugins/game-'));
  const withEggs = games.filter((ws) => (ws.pkg.files as string[] | undefined)?.includes('eggs'));

  it('ship their eggs inside their own package', () => {
    expect(withEggs.map((ws) => ws.dir)).toEqual(
      expect.arrayContaining([
        'plugins/game-minecraft',
        'plugins/game-steam',
        'plugins/game-terraria',
      ]),
    );
    for (const ws of withEggs) {
      const eggs = readdirSync(join(root, ws.dir, 'eggs')).filter((f) => /^egg-.*\.json$/.test(f));
      expect(eggs.length, ws.name).toBeGreaterThan(0);
      for (const egg of eggs) expect([...(packed.get(ws.name) ?? [])]).toContain(`eggs/${egg}`);
    }
  });

  it('read them from their build, as an installed package does', () => {
    for (const ws of withEggs) {
      // No `source` condition: the package resolves to dist/, the path an installation takes.
      const script = `const m = await import(${JSON.stringify(ws.name)}); const s = await m.loadShippedEggs(); process.stdout.write(JSON.stringify(s.eggs.map((e) => e.file)));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
      });
      const eggs = readdirSync(join(root, ws.dir, 'eggs')).filter((f) => /^egg-.*\.json$/.test(f));
      expect(JSON.parse(out), ws.name).toEqual(eggs.sort());
    }
  });
});

describe("core's build", () => {
  it('runs the CLI on the builds of the SDK and the plugins, without the source condition', () => {
    const cli = join(root, 'core', 'dist', 'cli.js');
    const run = (args: string[]) =>
      execFileSync(process.execPath, [cli, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      });
    const plugins = publishable.filter((ws) => ws.dir.startsWith('plugins/'));
    const listed = run(['plugins', 'list']);
    for (const ws of plugins) expect(listed).toContain(`  ${ws.name}`);
    // Egg conversion goes through the SDK's build and every game plugin's provider.
    const converted = run(['eggs', 'convert', join(root, 'plugins', 'game-minecraft', 'eggs')]);
    expect(converted).toContain('egg-paper.json: ok [minecraft-java]');
    expect(converted).toContain(' 0 failed');
  });
});
