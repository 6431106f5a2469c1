import { describe, expect, it } from 'vitest';
import { isPlugin } from '@pteronimbus/sdk';
import * as entry from './index.ts';

describe('package entry', () => {
  it('exports the plugin declaration by name', () => {
    expect(isPlugin(entry.gameTerrariaPlugin)).toBe(true);
    expect(entry.gameTerrariaPlugin.name).toBe('game-terraria');
    expect(Object.keys(entry)).not.toContain('default');
  });
});
