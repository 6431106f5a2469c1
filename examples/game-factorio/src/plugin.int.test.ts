import { describe, expect, it } from 'vitest';
import { gameProviderExtensionPoint } from '@pteronimbus/sdk';
import { useTestCore } from '@pteronimbus/testing';
import { gameFactorioPlugin } from './plugin.ts';

describe('gameFactorioPlugin in a running core', () => {
  const core = useTestCore({ plugins: [gameFactorioPlugin] });

  it('is listed in the registry with its game', async () => {
    const registry = (await core().inject('/api/v1/registry')).json();
    expect(registry.plugins).toEqual([
      expect.objectContaining({
        name: 'game-factorio',
        capabilities: expect.objectContaining({
          games: [{ id: 'factorio', name: 'Factorio', icon: 'precision_manufacturing' }],
        }),
      }),
    ]);
  });

  it('offers its provider to egg conversion', () => {
    const providers = core().app.pn.extensions.get(gameProviderExtensionPoint);
    expect(providers.map((p) => p.id)).toEqual(['factorio']);
  });
});
