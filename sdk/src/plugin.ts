import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import type { Extensions } from './extension-points.ts';
import type {
  AuditLog,
  EventBus,
  JobQueue,
  KeyValueStore,
  Logger,
  PermissionService,
  RateLimiter,
  SecretService,
} from './services.ts';
import type { DatabaseService, PluginMigration } from './database.ts';
import type { DiscordService } from './discord.ts';

/** A permission a plugin adds to the catalog. */
export interface PermissionDeclaration {
  /** Dotted key, e.g. `backup.create`. */
  key: string;
  /** Group for display, e.g. `backups`. */
  group: string;
  /** i18n key or plain label. */
  label?: string;
  description?: string;
}

/** A game a plugin supports. */
export interface GameCapability {
  /** kebab-case id, e.g. `minecraft-java`. */
  id: string;
  name: string;
  icon?: string;
}

/**
 * One piece of web UI a plugin contributes. The registry publishes it; the panel shows it only
 * when the plugin's package ships the code for it (its `./web` entry, see the plugin guide) and
 * hides it from users who lack `permission`.
 */
export interface UiContribution {
  /** kebab-case id, unique among the plugin's contributions of one kind; the web entry's key. */
  id: string;
  /** i18n key of the label, under `plugins.<pluginId>.`. */
  titleKey: string;
  /** Material Symbols icon name, e.g. `backup`. */
  icon?: string;
  /**
   * Permission needed to see it. It must be in the catalog (core's or a plugin's) and should be
   * the one the plugin's data routes declare: the panel hides, core refuses.
   */
  permission?: string;
}

/** A page: below a tenant (`/t/:tenantId/<path>`) or in the administration (`/admin/<path>`). */
export interface UiPageContribution extends UiContribution {
  /** One or more path segments, no leading slash, e.g. `backups`. */
  path: string;
}

/** A tab the plugin adds to the server page. */
export type UiServerTabContribution = UiContribution;

/** A section of a tenant's settings page, or a card on a tenant's dashboard. */
export type UiSectionContribution = UiContribution;

/** What a plugin adds to the web panel. */
export interface UiCapabilities {
  /** Pages of one tenant, listed in its navigation. */
  tenantPages?: UiPageContribution[];
  /** Pages for super admins, listed under Administration. */
  adminPages?: UiPageContribution[];
  serverTabs?: UiServerTabContribution[];
  settingsSections?: UiSectionContribution[];
  dashboardCards?: UiSectionContribution[];
}

/** A Discord slash command the plugin handles. */
export interface BotCommandContribution {
  name: string;
  descriptionKey: string;
  permission?: string;
}

/** What a plugin adds to the product, published in the registry. */
export interface PluginCapabilities {
  games?: GameCapability[];
  ui?: UiCapabilities;
  botCommands?: BotCommandContribution[];
  /** Game-specific hints for the operator, keyed by game id. */
  operator?: Record<string, { queryProtocol?: string; readiness?: string[] }>;
}

/** The services a plugin receives. */
export interface PluginServices {
  logger: Logger;
  /** Keys are prefixed with `pn:<pluginId>:` for you. */
  kv: KeyValueStore;
  events: EventBus;
  jobs: JobQueue;
  rateLimiter: RateLimiter;
  audit: AuditLog;
  permissions: PermissionService;
  db: DatabaseService;
  extensions: Extensions;
  /** The Discord REST client (bot and user calls). */
  discord: DiscordService;
  /** Keys derived from the installation's secret, distinct per plugin and purpose. */
  secrets: SecretService;
}

/** Read-only facts about the running core. */
export interface CoreInfo {
  version: string;
  apiVersion: string;
  /** The public base URL of the panel. */
  publicUrl: string;
  /** True when running in production mode. */
  production: boolean;
  /** Discord user ids of the installation's super admins (`PTERONIMBUS_SUPER_ADMINS`). */
  superAdmins: readonly string[];
}

/** What `register` receives besides the encapsulated Fastify instance. */
export interface PluginContext<C = Record<string, unknown>> {
  /** This plugin's validated config, defaults applied. */
  config: C;
  services: PluginServices;
  core: CoreInfo;
}

/** The declaration of a plugin. */
export interface PluginDefinition<C = Record<string, unknown>> {
  /** kebab-case id, unique in an installation, e.g. `game-minecraft`. */
  name: string;
  /** The plugin's own semver version. */
  version: string;
  description?: string;
  /** Range of SDK versions the plugin works with; defaults to the SDK it was built against. */
  sdk?: string;
  /** Names of plugins that must be loaded first. */
  dependsOn?: string[];
  permissions?: PermissionDeclaration[];
  capabilities?: PluginCapabilities;
  /** JSON Schema (TypeBox) of the plugin's config; defaults in it are applied. */
  configSchema?: TSchema;
  /** Prefix of the plugin's routes (default `/api/v1`). */
  routePrefix?: string;
  /** Tables the plugin owns: its entities (prefix their tables with the plugin id) and migrations. */
  database?: { entities?: unknown[]; migrations?: PluginMigration[] };
  /**
   * Registers routes, hooks and extension point implementations. Runs in an encapsulated Fastify
   * context: decorators and hooks added here stay in this plugin.
   */
  register?(app: FastifyInstance, ctx: PluginContext<C>): Promise<void> | void;
  /** Runs once every plugin is registered and migrations ran, before the server listens. */
  onReady?(ctx: PluginContext<C>): Promise<void> | void;
  /** Runs on shutdown, in reverse load order. */
  onClose?(ctx: PluginContext<C>): Promise<void> | void;
}

const PLUGIN_BRAND = Symbol.for('pteronimbus.plugin');

/** A plugin declaration checked and branded by {@link definePlugin}. */
export type Plugin<C = Record<string, unknown>> = Readonly<PluginDefinition<C>> & {
  readonly [PLUGIN_BRAND]: true;
};

/** Plugin ids are kebab-case. */
export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares a plugin. A plugin package exports exactly one such value, named `<camelId>Plugin`.
 *
 * @example
 * export const helloPlugin = definePlugin({
 *   name: 'hello',
 *   version: '1.0.0',
 *   register(app) {
 *     app.get('/hello', { config: { public: true } }, async () => ({ hello: 'world' }));
 *   },
 * });
 */
export function definePlugin<C = Record<string, unknown>>(
  definition: PluginDefinition<C>,
): Plugin<C> {
  if (!PLUGIN_NAME_PATTERN.test(definition.name)) {
    throw new TypeError(`plugin name "${definition.name}" must be kebab-case`);
  }
  if (!/^\d+\.\d+\.\d+/.test(definition.version)) {
    throw new TypeError(`plugin ${definition.name}: version "${definition.version}" is not semver`);
  }
  return Object.freeze({ ...definition, [PLUGIN_BRAND]: true as const });
}

/** Whether a value was made by {@link definePlugin}. */
export function isPlugin(value: unknown): value is Plugin<never> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true
  );
}
