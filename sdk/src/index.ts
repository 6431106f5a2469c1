export { SDK_VERSION } from './version.ts';
export { PnError, createError, isPnError } from './errors.ts';
export type { PnErrorFactory } from './errors.ts';
export {
  authenticatorExtensionPoint,
  createExtensionPoint,
  discordUserSessionExtensionPoint,
  knownGuildsExtensionPoint,
  permissionServiceExtensionPoint,
} from './extension-points.ts';
export type {
  Authenticator,
  DiscordUserSession,
  KnownGuilds,
  ExtensionPoint,
  Extensions,
} from './extension-points.ts';
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
  UiCapabilities,
  UiContribution,
  UiPageContribution,
  UiSectionContribution,
  UiServerTabContribution,
} from './plugin.ts';
export type { DatabaseService, PluginMigration } from './database.ts';
export { holdsNul } from './database.ts';
export type { RouteAccessConfig } from './http.ts';
export type * from './services.ts';
export { auditSourceOf } from './services.ts';
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
export { templateCatalogExtensionPoint, templateUsageExtensionPoint } from './template-catalog.ts';
export type {
  CatalogTemplateVersion,
  TemplateCatalog,
  TemplateCatalogScope,
  TemplateUsage,
  TemplateUsageRef,
  TemplateUser,
} from './template-catalog.ts';
export * from './operator-link/index.ts';
export { maskSecrets, redactUrl } from './logging.ts';
export {
  CORE_STREAM_TOPICS,
  PERMISSIONS_CHANGED_TOPIC,
  SESSION_ENDED_TOPIC,
  STREAM_BUS_PREFIX,
  STREAM_PATH,
  STREAM_TICKET_PATH,
  STREAM_TOPIC_MAX_LENGTH,
  StreamCloseCode,
  isStreamTopic,
  publishToStream,
  streamTopics,
  streamTopicsExtensionPoint,
} from './stream.ts';
export type {
  PermissionsChanged,
  SessionEnded,
  StreamClientMessage,
  StreamError,
  StreamEventMessage,
  StreamServerMessage,
  StreamTopicFamily,
  StreamTopicParams,
  StreamTopicResolution,
} from './stream.ts';
