import {
  definePlugin,
  gameProviderExtensionPoint,
  playerQueryExtensionPoint,
  shippedEggsExtensionPoint,
} from '@pteronimbus/sdk';
import { loadShippedEggs } from './eggs.ts';
import { MINECRAFT_JAVA_GAME_ID, MINECRAFT_READY_LINE, minecraftJavaProvider } from './provider.ts';
import { SLP_PROTOCOL, serverListPingQuery } from './slp.ts';

/**
 * Minecraft: Java Edition: refines the eggs of servers and proxies, asks them for player counts
 * with the Server List Ping, and ships first-party Paper and Vanilla eggs.
 */
export const gameMinecraftPlugin = definePlugin({
  name: 'game-minecraft',
  version: '0.1.0',
  description:
    'Minecraft: Java Edition servers and proxies: egg refinement, EULA flow, Java version choice and Server List Ping player counts.',
  capabilities: {
    games: [{ id: MINECRAFT_JAVA_GAME_ID, name: 'Minecraft: Java Edition', icon: 'deployed_code' }],
    operator: {
      [MINECRAFT_JAVA_GAME_ID]: { queryProtocol: SLP_PROTOCOL, readiness: [MINECRAFT_READY_LINE] },
    },
  },
  async register(_app, ctx) {
    const { extensions } = ctx.services;
    extensions.provide(gameProviderExtensionPoint, minecraftJavaProvider);
    extensions.provide(playerQueryExtensionPoint, serverListPingQuery);
    extensions.provide(shippedEggsExtensionPoint, await loadShippedEggs());
  },
});
