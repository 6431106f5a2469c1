export {
  TenantDirectory,
  TENANT_CHANGED_TOPIC,
  TENANT_GUILD_UPDATED_TOPIC,
  TENANT_MEMBERS_CHANGED_TOPIC,
} from './directory.ts';
export type { TenantDirectoryOptions } from './directory.ts';
export { tenantGuard, unavailableTenantGuard } from './guard.ts';
export { BOT_PERMISSION_FLAGS, botPermissions, canInstall, inviteUrl } from './bot-permissions.ts';
export {
  installTenant,
  tenantRoutes,
  TENANT_INSTALLED_TOPIC,
  TENANT_UNINSTALLED_TOPIC,
} from './routes.ts';
export type { InstallBy, TenantRoutesOptions } from './routes.ts';
export { TenantStore } from './store.ts';
export type { Tenant, TenantSettings } from './store.ts';
