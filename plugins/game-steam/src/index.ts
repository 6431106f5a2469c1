export { gameSteamPlugin } from './plugin.ts';
export {
  A2S_PROTOCOL,
  a2sQuery,
  parseInfo,
  parsePlayers,
  queryA2sInfo,
  queryA2sPlayers,
  type A2sInfo,
  type A2sPlayer,
} from './a2s.ts';
export {
  CS2_APP_ID,
  CS2_GAME_ID,
  CS2_READY_LINE,
  VALHEIM_APP_ID,
  VALHEIM_GAME_ID,
  VALHEIM_READY_LINE,
  cs2Provider,
  steamAppIdOf,
  valheimProvider,
} from './provider.ts';
export { loadShippedEggs } from './eggs.ts';
export {
  PlayerQueryMalformed,
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  PlayerQueryUnsupported,
  ShippedEggsMissing,
} from './errors.ts';
