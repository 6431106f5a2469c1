import { describe, expect, it } from 'vitest';
import {
  convertEgg,
  gameProviderExtensionPoint,
  playerQueryExtensionPoint,
  shippedEggsExtensionPoint,
} from '@pteronimbus/sdk';
import { useTestCore } from '@pteronimbus/testing';
import { gameMinecraftPlugin } from './plugin.ts';

describe('game-minecraft in a running core', () => {
  const core = useTestCore({ plugins: [gameMinecraftPlugin] });

  it('is listed in the registry with its games and operator hints', async () => {
    const res = await core().inject('/api/v1/registry');
    expect(res.statusCode).toBe(200);
    const plugin = res.json().plugins.find((p: { name: string }) => p.name === 'game-minecraft');
    expect(plugin).toMatchObject({
      name: 'game-minecraft',
      version: '0.1.0',
      capabilities: {
        games: [{ id: 'minecraft-java', name: 'Minecraft: Java Edition', icon: 'deployed_code' }],
        operator: {
          'minecraft-java': {
            queryProtocol: 'minecraft-slp',
            readiness: [')! For help, type "help"'],
          },
        },
      },
    });
  });

  it('offers its provider, its query and its eggs on the extension points', () => {
    const { extensions } = core().app.pn;
    const providers = extensions.get(gameProviderExtensionPoint);
    expect(providers.map((p) => p.id)).toEqual(['minecraft-java']);
    expect(extensions.get(playerQueryExtensionPoint).map((q) => q.protocol)).toEqual([
      'minecraft-slp',
    ]);
    const [shipped] = extensions.get(shippedEggsExtensionPoint);
    expect(shipped?.plugin).toBe('game-minecraft');
    expect(shipped?.eggs.map((e) => e.file)).toEqual(['egg-paper.json', 'egg-vanilla.json']);
    for (const egg of shipped?.eggs ?? []) {
      expect(convertEgg(egg.content, { providers }).report.provider).toBe('minecraft-java');
    }
  });
});
