import { describe, expect, it } from 'vitest';
import { loadShippedEggs } from './eggs.ts';

describe('shipped eggs', () => {
  it('reads the eggs of its own eggs folder', async () => {
    const shipped = await loadShippedEggs();
    expect(shipped.plugin).toBe('game-terraria');
    expect(shipped.eggs.map((e) => e.file)).toEqual(['egg-terraria.json', 'egg-tmodloader.json']);
  });

  it('fails with a coded error when the folder is missing', async () => {
    await expect(loadShippedEggs(new URL('file:///nonexistent/eggs/'))).rejects.toMatchObject({
      code: 'PN_GAME_EGGS_MISSING',
    });
  });
});
