/** Types of the core HTTP API (v1) that the panel reads. */

/** What core says about itself in the registry. */
export interface CoreInfo {
  name: 'pteronimbus';
  version: string;
  apiVersion: 'v1';
  sdkVersion: string;
  /** The permissions core itself declares (plugins add theirs below). */
  permissions?: PluginPermission[];
}

/** A permission a plugin adds to the catalog. */
export interface PluginPermission {
  key: string;
  group: string;
  label?: string;
  description?: string;
}

/** A piece of web UI a plugin contributes, as the registry publishes it. */
export interface UiContribution {
  id: string;
  titleKey: string;
  icon?: string;
  /** The permission a user needs to see it. */
  permission?: string;
}

/** A page a plugin contributes: below a tenant, or in the administration. */
export interface UiPageContribution extends UiContribution {
  /** Path segments below `/t/:tenantId/` or `/admin/`, no leading slash. */
  path: string;
}

/** What a plugin adds to the panel. */
export interface UiCapabilities {
  tenantPages?: UiPageContribution[];
  adminPages?: UiPageContribution[];
  serverTabs?: UiContribution[];
  settingsSections?: UiContribution[];
  dashboardCards?: UiContribution[];
}

/** What a plugin declares it brings. */
export interface PluginCapabilities {
  games?: Array<{ id: string; name: string; icon?: string }>;
  ui?: UiCapabilities;
}

/** One loaded plugin, as published by `GET /api/v1/registry`. */
export interface RegistryPlugin {
  name: string;
  version: string;
  description?: string;
  dependsOn: string[];
  permissions: PluginPermission[];
  capabilities: PluginCapabilities;
}

/** The body of `GET /api/v1/registry`. */
export interface Registry {
  core: CoreInfo;
  plugins: RegistryPlugin[];
}

/** The error body every API route answers with on failure. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The user part of a session, as `POST /auth/refresh` answers it. */
export interface SessionUser {
  id: string;
  discordId: string;
  username: string;
  globalName: string | null;
  avatarUrl: string;
}

/** The body of `GET /auth/me`. */
export interface Me extends SessionUser {
  guildCount: number;
  superAdmin: boolean;
  /** `null` for callers without a session (an API token). */
  sessionId: string | null;
}
