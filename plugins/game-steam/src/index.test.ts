import { describe, expect, it } from 'vitest';
import { isPlugin } from '@pteronimbus/sdk';
import * as entry from './index.ts';

describe('package entry', () => {
  it('exports the plugin declaration by name', () => {
    expect(isPlugin(entry.gameSteamPlugin)).toBe(true);
    expect(entry.gameSteamPlugin.name).toBe('game-steam');
    expect(Object.keys(entry)).not.toContain('default');
  });
});
