import {
  definePlugin,
  gameProviderExtensionPoint,
  playerQueryExtensionPoint,
  shippedEggsExtensionPoint,
} from '@pteronimbus/sdk';
import { A2S_PROTOCOL, a2sQuery } from './a2s.ts';
import { loadShippedEggs } from './eggs.ts';
import {
  CS2_GAME_ID,
  CS2_READY_LINE,
  VALHEIM_GAME_ID,
  VALHEIM_READY_LINE,
  cs2Provider,
  valheimProvider,
} from './provider.ts';

/**
 * Steam games: refines Counter-Strike 2 and Valheim eggs, asks servers for player counts with
 * Valve's A2S queries, and ships first-party eggs for both.
 */
export const gameSteamPlugin = definePlugin({
  name: 'game-steam',
  version: '0.1.0',
  description:
    'Steam games (Counter-Strike 2, Valheim): egg refinement, ports and disk defaults, and A2S player counts.',
  capabilities: {
    games: [
      { id: CS2_GAME_ID, name: 'Counter-Strike 2', icon: 'target' },
      { id: VALHEIM_GAME_ID, name: 'Valheim', icon: 'sailing' },
    ],
    operator: {
      [CS2_GAME_ID]: { queryProtocol: A2S_PROTOCOL, readiness: [CS2_READY_LINE] },
      [VALHEIM_GAME_ID]: { queryProtocol: A2S_PROTOCOL, readiness: [VALHEIM_READY_LINE] },
    },
  },
  async register(_app, ctx) {
    const { extensions } = ctx.services;
    extensions.provide(gameProviderExtensionPoint, cs2Provider);
    extensions.provide(gameProviderExtensionPoint, valheimProvider);
    extensions.provide(playerQueryExtensionPoint, a2sQuery);
    extensions.provide(shippedEggsExtensionPoint, await loadShippedEggs());
  },
});
