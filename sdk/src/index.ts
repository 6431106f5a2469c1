export { SDK_VERSION } from './version.ts';
export { PnError, createError, isPnError } from './errors.ts';
export type { PnErrorFactory } from './errors.ts';
export {
  authenticatorExtensionPoint,
  createExtensionPoint,
  permissionServiceExtensionPoint,
} from './extension-points.ts';
export type { Authenticator, ExtensionPoint, Extensions } from './extension-points.ts';
export { definePlugin, isPlugin, PLUGIN_NAME_PATTERN } from './plugin.ts';
export type {
  BotCommandContribution,
  CoreInfo,
  GameCapability,
  PermissionDeclaration,
  Plugin,
  PluginCapabilities,
  PluginContext,
  PluginDefinition,
  PluginServices,
  UiRouteContribution,
  UiServerTabContribution,
} from './plugin.ts';
export type { DatabaseService, PluginMigration } from './database.ts';
export type { RouteAccessConfig } from './http.ts';
export type * from './services.ts';
export type * from './discord.ts';
export * from './eggs/index.ts';
export * from './templates/index.ts';
export {
  gameProviderExtensionPoint,
  playerQueryExtensionPoint,
  shippedEggsExtensionPoint,
  PlayerQueryMalformed,
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  PlayerQueryUnsupported,
  ShippedEggsMissing,
  readShippedEggs,
} from './games.ts';
export type { PlayerQuery, PlayerQueryResult, PlayerQueryTarget, ShippedEggs } from './games.ts';
export * from './servers/index.ts';
export * from './operator-link/index.ts';
