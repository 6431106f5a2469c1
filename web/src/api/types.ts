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

/** A page a plugin contributes to the panel's navigation. */
export interface UiRouteContribution {
  path: string;
  titleKey: string;
  icon?: string;
}

/** A tab a plugin contributes to the server detail page. */
export interface ServerTabContribution {
  id: string;
  titleKey: string;
}

/** What a plugin declares it brings. */
export interface PluginCapabilities {
  games?: Array<{ id: string; name: string }>;
  ui?: {
    routes?: UiRouteContribution[];
    serverTabs?: ServerTabContribution[];
  };
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
