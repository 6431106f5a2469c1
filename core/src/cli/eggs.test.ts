import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameProvider } from '@pteronimbus/sdk';
import { runCommand } from './commands.ts';
import { convertEggFiles, findEggFiles, loadGameProviders } from './eggs.ts';

const community = fileURLToPath(
  new URL('../../../sdk/src/eggs/__fixtures__/community', import.meta.url),
);

function egg(name: string, variables: unknown[] = []) {
  return {
    meta: { version: 'PTDL_v2' },
    name,
    docker_images: { Debian: 'ghcr.io/example/debian:12' },
    startup: './run',
    config: { stop: 'stop', startup: '{"done":"ready"}' },
    variables,
  };
}

function capture() {
  const lines: string[] = [];
  return { lines, out: (line: string) => lines.push(line) };
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pn-eggs-'));
  await mkdir(join(dir, 'nested', '.hidden'), { recursive: true });
  await writeFile(join(dir, 'good.json'), JSON.stringify(egg('Good')));
  await writeFile(
    join(dir, 'nested', 'broken.json'),
    JSON.stringify(egg('Broken', [{ name: 'X', env_variable: 'not valid!' }])),
  );
  await writeFile(
    join(dir, 'nested', 'featured.yml'),
    'meta: { version: PLCN_v3 }\nname: Featured\ndocker_images: { A: "img:1" }\nstartup: ./go\nfeatures: [eula, java_version]\n',
  );
  await writeFile(join(dir, 'nested', 'notes.txt'), 'not an egg');
  await writeFile(join(dir, 'nested', '.hidden', 'skipped.json'), '{}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pteronimbus eggs convert', () => {
  it('converts every community egg, with and without the installed game providers', async () => {
    const files = await findEggFiles(community);
    expect(files.length).toBeGreaterThan(100);
    for (const providers of [[], await loadGameProviders()]) {
      const { lines, out } = capture();
      expect(await convertEggFiles(community, { providers, json: false, out })).toBe(0);
      expect(lines).toHaveLength(files.length + 1);
      for (const line of lines.slice(0, -1))
        expect(line).toMatch(/: ok( with \d+ warnings? \([A-Z_, ]+\))?( \[[a-z0-9-]+\])?$/);
      expect(lines.at(-1)).toMatch(
        new RegExp(`^${files.length} eggs: ${files.length} ok \\(\\d+ with warnings\\), 0 failed`),
      );
    }
  });

  it('finds eggs recursively, skipping hidden folders and other files', async () => {
    const files = await findEggFiles(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'good.json',
      join('nested', 'broken.json'),
      join('nested', 'featured.yml'),
    ]);
    await expect(findEggFiles(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'PN_BAD_REQUEST',
    });
  });

  it('prints each problem with its path and exits non-zero', async () => {
    const { lines, out } = capture();
    const code = await convertEggFiles(dir, { providers: [], json: false, out });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'good.json: ok',
      `${join('nested', 'broken.json')}: error PN_EGG_INVALID at $.variables[0].env_variable: expected an environment variable name (letters, digits and _)`,
      `${join('nested', 'featured.yml')}: ok with 2 warnings (EGG_FEATURE_UNSUPPORTED)`,
      '3 eggs: 2 ok (1 with warnings), 1 failed',
    ]);
  });

  it('uses game providers and reports which one refined an egg', async () => {
    const provider: GameProvider = {
      id: 'featured-game',
      features: ['eula', 'java_version'],
      matches: (e) => (e.name === 'Featured' ? 1 : 0),
      refine: (t) => ({ ...t, resources: { ...t.resources, memory: 4096 } }),
    };
    const { lines, out } = capture();
    await convertEggFiles(join(dir, 'nested', 'featured.yml'), {
      providers: [provider],
      json: false,
      out,
    });
    expect(lines).toEqual([
      'featured.yml: ok [featured-game]',
      '1 egg: 1 ok (0 with warnings), 0 failed; game providers: featured-game',
    ]);
  });

  it('answers in JSON with --json', async () => {
    const { lines, out } = capture();
    expect(await convertEggFiles(dir, { providers: [], json: true, out })).toBe(1);
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!);
    expect(doc.summary).toEqual({ total: 3, ok: 2, withWarnings: 1, failed: 1, providers: [] });
    expect(doc.eggs[1]).toMatchObject({
      ok: false,
      error: { code: 'PN_EGG_INVALID', path: '$.variables[0].env_variable' },
    });
    expect(doc.eggs[2]).toMatchObject({
      ok: true,
      format: 'PLCN_v3',
      warnings: [{ code: 'EGG_FEATURE_UNSUPPORTED', path: '$.features[0]' }, expect.anything()],
    });
  });

  it('runs as a command', async () => {
    const { lines, out } = capture();
    const loadConfig = () => {
      throw new Error('eggs convert needs no configuration');
    };
    expect(await runCommand(['eggs', 'convert', dir], { json: false, loadConfig, out })).toBe(1);
    expect(lines.at(-1)).toMatch(/1 failed/);
    await expect(
      runCommand(['eggs', 'convert'], { json: false, loadConfig, out }),
    ).rejects.toMatchObject({
      code: 'PN_BAD_REQUEST',
    });
    const single = capture();
    const file = join(dir, 'good.json');
    expect(
      await runCommand(['eggs', 'convert', file], { json: false, loadConfig, out: single.out }),
    ).toBe(0);
    // the installed game plugins may refine it
    expect(single.lines[0]).toMatch(/^good\.json: ok( \[[a-z0-9-]+\])?$/);
  });
});

describe('loadGameProviders', () => {
  const provider = (id: string): GameProvider => ({ id, matches: () => 0, refine: (t) => t });

  it('collects the provider and providers exports of installed game plugins', async () => {
    const shared = provider('one');
    const modules: Record<string, Record<string, unknown>> = {
      one: { provider: shared, alsoProvider: shared, somethingElse: 1, list: [1, 2] },
      two: { providers: [provider('two-a'), provider('two-b'), { id: 'not a provider' }] },
      three: { cs2Provider: provider('three') },
    };
    const importer = async (s: string) => {
      const mod = modules[s];
      if (!mod) throw new Error(`Cannot find package '${s}'`);
      return mod;
    };
    const found = await loadGameProviders(['one', 'missing', 'two', 'three'], importer);
    expect(found.map((p) => p.id)).toEqual(['one', 'two-a', 'two-b', 'three']);
  });

  it('fails loudly for a game plugin that is installed but broken', async () => {
    await expect(
      loadGameProviders(['broken'], async () => {
        throw new SyntaxError('Unexpected token');
      }),
    ).rejects.toThrow('Unexpected token');
  });

  it('looks at the first-party game plugins by default', async () => {
    const found = await loadGameProviders();
    for (const p of found) expect(typeof p.refine).toBe('function');
    expect((await readdir(community)).length).toBeGreaterThan(0);
  });
});
