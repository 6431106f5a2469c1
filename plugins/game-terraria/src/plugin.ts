import {
  definePlugin,
  gameProviderExtensionPoint,
  shippedEggsExtensionPoint,
} from '@pteronimbus/sdk';
import { loadShippedEggs } from './eggs.ts';
import { TERRARIA_GAME_ID, TERRARIA_READY_PATTERN, terrariaProvider } from './provider.ts';

/**
 * Terraria (vanilla, tModLoader, TShock): refines their eggs and ships first-party vanilla and
 * tModLoader eggs. Terraria has no player query protocol here (TShock's REST API needs a token),
 * so the capability names none.
 */
export const gameTerrariaPlugin = definePlugin({
  name: 'game-terraria',
  version: '0.1.0',
  description:
    'Terraria servers (vanilla, tModLoader, TShock): egg refinement and first-party eggs.',
  capabilities: {
    games: [{ id: TERRARIA_GAME_ID, name: 'Terraria', icon: 'forest' }],
    // Readiness hints follow the egg convention: a `regex:` prefix marks a regular expression.
    operator: { [TERRARIA_GAME_ID]: { readiness: [`regex:${TERRARIA_READY_PATTERN}`] } },
  },
  async register(_app, ctx) {
    const { extensions } = ctx.services;
    extensions.provide(gameProviderExtensionPoint, terrariaProvider);
    extensions.provide(shippedEggsExtensionPoint, await loadShippedEggs());
  },
});
