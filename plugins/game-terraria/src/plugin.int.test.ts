import { describe, expect, it } from 'vitest';
import {
  convertEgg,
  gameProviderExtensionPoint,
  playerQueryExtensionPoint,
  shippedEggsExtensionPoint,
} from '@pteronimbus/sdk';
import { useTestCore } from '@pteronimbus/testing';
import { gameTerrariaPlugin } from './plugin.ts';

describe('game-terraria in a running core', () => {
  const core = useTestCore({ plugins: [gameTerrariaPlugin] });

  it('is listed in the registry, without a query protocol', async () => {
    const res = await core().inject('/api/v1/registry');
    expect(res.statusCode).toBe(200);
    const plugin = res.json().plugins.find((p: { name: string }) => p.name === 'game-terraria');
    expect(plugin).toMatchObject({
      name: 'game-terraria',
      capabilities: {
        games: [{ id: 'terraria', name: 'Terraria', icon: 'forest' }],
        operator: {
          terraria: { readiness: ["regex:Type 'help' for a list of commands|Server started"] },
        },
      },
    });
    expect(plugin.capabilities.operator.terraria).not.toHaveProperty('queryProtocol');
  });

  it('offers its provider and eggs, and no player query', () => {
    const { extensions } = core().app.pn;
    const providers = extensions.get(gameProviderExtensionPoint);
    expect(providers.map((p) => p.id)).toEqual(['terraria']);
    expect(extensions.get(playerQueryExtensionPoint)).toEqual([]);
    const [shipped] = extensions.get(shippedEggsExtensionPoint);
    expect(shipped?.eggs.map((e) => e.file)).toEqual(['egg-terraria.json', 'egg-tmodloader.json']);
    for (const egg of shipped?.eggs ?? []) {
      expect(convertEgg(egg.content, { providers }).report.provider).toBe('terraria');
    }
  });
});
