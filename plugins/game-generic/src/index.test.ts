import { describe, expect, it } from 'vitest';
import { isPlugin } from '@pteronimbus/sdk';
import * as entry from './index.ts';

describe('package entry', () => {
  it('exports the plugin declaration by name', () => {
    expect(isPlugin(entry.gameGenericPlugin)).toBe(true);
    expect(entry.gameGenericPlugin.name).toBe('game-generic');
    expect(Object.keys(entry)).not.toContain('default');
  });
});
