export { buildApp } from './app.ts';
export type { BuildOptions, CoreHandle } from './app.ts';
export { createDiscordService, splitApiUrl } from './discord/client.ts';
export type { DiscordClient, DiscordServiceOptions } from './discord/client.ts';
export { loadConfig, defineConfig } from './config/load.ts';
export type { CoreConfig } from './config/schema.ts';
export { startServer } from './server.ts';
export type { RunningServer } from './server.ts';
export { authenticatorExtensionPoint, permissionServiceExtensionPoint } from './http/access.ts';
export type { Authenticator, RouteInfo } from './http/access.ts';
export { CORE_PERMISSIONS } from './registry/permissions.ts';
export type { Registry } from './registry/routes.ts';
export { FIRST_PARTY_PLUGINS, importPlugin, resolvePlugins } from './plugins/loader.ts';
export { CORE_VERSION, API_VERSION } from './version.ts';
export { createOperatorGateway, deriveSigningKeys } from './operator-gateway/index.ts';
export type {
  Cluster,
  ClusterStatus,
  DesiredDocument,
  OperatorGateway,
  RelayedMessage,
} from './operator-gateway/index.ts';
export {
  BOT_PERMISSION_FLAGS,
  botPermissions,
  TENANT_CHANGED_TOPIC,
  TENANT_INSTALLED_TOPIC,
  TENANT_MEMBERS_CHANGED_TOPIC,
  TENANT_UNINSTALLED_TOPIC,
} from './tenants/index.ts';
export type { Tenant, TenantDirectory, TenantSettings } from './tenants/index.ts';
export { pruneAuditLog } from './audit/retention.ts';
export { DEFAULT_STREAM_LIMITS, StreamHub } from './stream/index.ts';
export type { StreamLimits, StreamStats } from './stream/index.ts';
export {
  ACTION_PERMISSIONS,
  DEFAULT_SERVER_TIMING,
  IDEMPOTENCY_HEADER,
  SERVER_ACTIONS,
  ServersService,
} from './servers/index.ts';
export type {
  AcceptedChange,
  ServerAction,
  ServerStatusView,
  ServerTiming,
  ServerView,
} from './servers/index.ts';
