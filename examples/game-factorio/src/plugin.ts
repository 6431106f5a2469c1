import { definePlugin, gameProviderExtensionPoint } from '@pteronimbus/sdk';
import { FACTORIO_GAME_ID, factorioProvider } from './provider.ts';

/** Factorio support: the registry lists the game, and egg conversion uses the provider. */
export const gameFactorioPlugin = definePlugin({
  name: 'game-factorio',
  version: '0.1.0',
  description: 'Factorio headless servers.',
  capabilities: {
    games: [{ id: FACTORIO_GAME_ID, name: 'Factorio', icon: 'precision_manufacturing' }],
    operator: { [FACTORIO_GAME_ID]: { readiness: ['Hosting game at'] } },
  },
  register(_app, ctx) {
    ctx.services.extensions.provide(gameProviderExtensionPoint, factorioProvider);
  },
});
