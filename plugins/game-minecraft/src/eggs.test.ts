import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadShippedEggs } from './eggs.ts';

describe('shipped eggs', () => {
  it('reads the eggs of its own eggs folder', async () => {
    const shipped = await loadShippedEggs();
    expect(shipped.plugin).toBe('game-minecraft');
    expect(shipped.eggs.map((e) => e.file)).toEqual(['egg-paper.json', 'egg-vanilla.json']);
    expect(JSON.parse(shipped.eggs[0]?.content ?? '').meta.version).toBe('PTDL_v2');
  });

  it('keeps only egg-*.json files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pn-eggs-'));
    try {
      await writeFile(join(dir, 'egg-a.json'), '{}');
      await writeFile(join(dir, 'README.md'), '#');
      const shipped = await loadShippedEggs(pathToFileURL(`${dir}/`));
      expect(shipped.eggs).toEqual([{ file: 'egg-a.json', content: '{}' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with a coded error when the folder is missing', async () => {
    await expect(loadShippedEggs(new URL('file:///nonexistent/eggs/'))).rejects.toMatchObject({
      code: 'PN_GAME_EGGS_MISSING',
    });
  });
});
