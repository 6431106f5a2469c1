import { describe, expect, it } from 'vitest';
import {
  convertEgg,
  gameProviderExtensionPoint,
  playerQueryExtensionPoint,
  shippedEggsExtensionPoint,
} from '@pteronimbus/sdk';
import { useTestCore } from '@pteronimbus/testing';
import { gameSteamPlugin } from './plugin.ts';

describe('game-steam in a running core', () => {
  const core = useTestCore({ plugins: [gameSteamPlugin] });

  it('is listed in the registry with its games and operator hints', async () => {
    const res = await core().inject('/api/v1/registry');
    expect(res.statusCode).toBe(200);
    const plugin = res.json().plugins.find((p: { name: string }) => p.name === 'game-steam');
    expect(plugin).toMatchObject({
      name: 'game-steam',
      version: '0.1.0',
      capabilities: {
        games: [
          { id: 'cs2', name: 'Counter-Strike 2', icon: 'target' },
          { id: 'valheim', name: 'Valheim', icon: 'sailing' },
        ],
        operator: {
          cs2: { queryProtocol: 'a2s', readiness: ['Connection to Steam servers successful'] },
          valheim: { queryProtocol: 'a2s', readiness: ['Game server connected'] },
        },
      },
    });
  });

  it('offers its providers, its query and its eggs on the extension points', () => {
    const { extensions } = core().app.pn;
    const providers = extensions.get(gameProviderExtensionPoint);
    expect(providers.map((p) => p.id)).toEqual(['cs2', 'valheim']);
    expect(extensions.get(playerQueryExtensionPoint).map((q) => q.protocol)).toEqual(['a2s']);
    const [shipped] = extensions.get(shippedEggsExtensionPoint);
    expect(shipped?.plugin).toBe('game-steam');
    expect(shipped?.eggs.map((e) => e.file)).toEqual(['egg-cs2.json', 'egg-valheim.json']);
    expect(shipped?.eggs.map((e) => convertEgg(e.content, { providers }).report.provider)).toEqual([
      'cs2',
      'valheim',
    ]);
  });
});
