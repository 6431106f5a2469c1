import { describe, expect, it } from 'vitest';
import { gameProviderExtensionPoint, shippedEggsExtensionPoint } from '@pteronimbus/sdk';
import { useTestCore } from '@pteronimbus/testing';
import { gameGenericPlugin } from './plugin.ts';

describe('game-generic in a running core', () => {
  const core = useTestCore({ plugins: [gameGenericPlugin] });

  it('is listed in the registry with its catch-all game', async () => {
    const res = await core().inject('/api/v1/registry');
    expect(res.statusCode).toBe(200);
    const plugin = res.json().plugins.find((p: { name: string }) => p.name === 'game-generic');
    expect(plugin).toMatchObject({
      name: 'game-generic',
      version: '0.1.0',
      capabilities: { games: [{ id: 'generic', name: 'Any egg', icon: 'extension' }] },
    });
  });

  it('offers its provider and no eggs', () => {
    const { extensions } = core().app.pn;
    expect(extensions.get(gameProviderExtensionPoint).map((p) => p.id)).toEqual(['generic']);
    expect(extensions.get(shippedEggsExtensionPoint)).toEqual([]);
  });
});
