export { gameMinecraftPlugin } from './plugin.ts';
export {
  MINECRAFT_EULA_URL,
  MINECRAFT_JAVA_GAME_ID,
  MINECRAFT_READY_LINE,
  classifyMinecraftEgg,
  defaultJavaVersion,
  javaVersionOf,
  minecraftJavaProvider,
  type MinecraftEggKind,
} from './provider.ts';
export {
  SLP_PROTOCOL,
  chatText,
  decodeVarInt,
  encodeVarInt,
  serverListPing,
  serverListPingQuery,
  type ServerListPingStatus,
} from './slp.ts';
export { loadShippedEggs } from './eggs.ts';
export {
  PlayerQueryMalformed,
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  ShippedEggsMissing,
} from './errors.ts';
