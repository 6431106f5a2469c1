import { Type, type Static } from 'typebox';

const Url = (description: string, protocols: string[]) =>
  Type.String({ description, pattern: `^(${protocols.join('|')})://\\S+$` });

const Limit = (fallback: number, maximum: number, what: string) =>
  Type.Integer({
    minimum: 0,
    maximum,
    default: fallback,
    description: `${what} between 0 and ${maximum}`,
  });

/**
 * Every environment variable core reads, with its rule and default. This is the single place a
 * new setting is added; `docs/operations/configuration.md` lists the same.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union(
    [Type.Literal('production'), Type.Literal('development'), Type.Literal('test')],
    {
      default: 'development',
      description: 'production, development or test',
    },
  ),
  PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 3000,
    description: 'an integer port between 0 and 65535',
  }),
  HOST: Type.Optional(
    Type.String({ minLength: 1, description: 'an interface address such as 0.0.0.0 or 127.0.0.1' }),
  ),
  PUBLIC_URL: Type.Optional(
    Url('an http(s) URL such as https://panel.example.com', ['http', 'https']),
  ),
  DATABASE_URL: Type.Optional(Url('a postgres:// URL', ['postgres', 'postgresql'])),
  REDIS_URL: Type.Optional(Url('a redis:// or rediss:// URL', ['redis', 'rediss'])),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'one of fatal, error, warn, info, debug, trace, silent' },
  ),
  DISCORD_CLIENT_ID: Type.Optional(
    Type.String({ pattern: '^\\d{5,25}$', description: 'a Discord application id (digits)' }),
  ),
  DISCORD_CLIENT_SECRET: Type.Optional(
    Type.String({ minLength: 1, description: 'the OAuth2 client secret' }),
  ),
  DISCORD_BOT_TOKEN: Type.Optional(Type.String({ minLength: 1, description: 'the bot token' })),
  DISCORD_PUBLIC_KEY: Type.Optional(
    Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'a 64-character hex Ed25519 key' }),
  ),
  DISCORD_API_URL: Url('an http(s) URL of Discord REST API base', ['http', 'https']),
  DISCORD_AUTHORIZE_URL: Url('an http(s) URL of Discord OAuth2 authorize page', ['http', 'https']),
  PTERONIMBUS_SUPER_ADMINS: Type.String({
    default: '',
    pattern: '^(\\d{5,25}(\\s*,\\s*\\d{5,25})*)?$',
    description: 'a comma-separated list of Discord user ids',
  }),
  PTERONIMBUS_PLUGINS: Type.Optional(
    Type.String({
      description: 'a comma-separated list of plugin package names or paths, or none',
    }),
  ),
  PTERONIMBUS_DATA_DIR: Type.String({
    default: './.pteronimbus',
    minLength: 1,
    description: 'a folder path',
  }),
  PTERONIMBUS_SECRET_KEY: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'at least 32 characters of random secret (e.g. openssl rand -base64 48)',
    }),
  ),
  PTERONIMBUS_WEB_ROOT: Type.Optional(
    Type.String({ minLength: 1, description: 'the folder of the built web panel' }),
  ),
  PTERONIMBUS_TRUST_PROXY: Type.Boolean({ default: false, description: 'true or false' }),
  PTERONIMBUS_BODY_LIMIT: Type.Integer({
    minimum: 1024,
    maximum: 100 * 1024 * 1024,
    default: 1024 * 1024,
    description: 'a byte count between 1024 and 104857600',
  }),
  PTERONIMBUS_AUDIT_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    maximum: 36500,
    default: 365,
    description: 'a number of days between 1 and 36500',
  }),
  PTERONIMBUS_PLUGIN_CONFIG: Type.Optional(
    Type.String({ minLength: 1, description: 'a path to a JSON file with per-plugin config' }),
  ),
  PTERONIMBUS_INSTALL_POLICY: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('approval'), Type.Literal('allowlist')], {
      description: 'open, approval or allowlist',
    }),
  ),
  PTERONIMBUS_INSTALL_ALLOWLIST: Type.String({
    default: '',
    pattern: '^(\\d{5,25}(\\s*,\\s*\\d{5,25})*)?$',
    description: 'a comma-separated list of Discord guild ids',
  }),
  PTERONIMBUS_CLUSTER_GRANTS: Type.Optional(
    Type.Union([Type.Literal('all'), Type.Literal('none')], { description: 'all or none' }),
  ),
  PTERONIMBUS_ALLOWED_EXPOSURES: Type.String({
    default: 'ClusterIP',
    pattern: '^(ClusterIP|NodePort|LoadBalancer)(\\s*,\\s*(ClusterIP|NodePort|LoadBalancer))*$',
    description: 'a comma-separated list of ClusterIP, NodePort, LoadBalancer',
  }),
  PTERONIMBUS_TENANT_MAX_SERVERS: Limit(10, 100_000, 'a server count'),
  PTERONIMBUS_TENANT_MAX_CPU_MILLICORES: Limit(8_000, 10_000_000, 'a number of millicores'),
  PTERONIMBUS_TENANT_MAX_MEMORY_MB: Limit(16_384, 100_000_000, 'a number of MB'),
  PTERONIMBUS_TENANT_MAX_DISK_GB: Limit(100, 1_000_000, 'a number of GB'),
  PTERONIMBUS_SERVER_MAX_CPU_MILLICORES: Limit(4_000, 10_000_000, 'a number of millicores'),
  PTERONIMBUS_SERVER_MAX_MEMORY_MB: Limit(8_192, 100_000_000, 'a number of MB'),
  PTERONIMBUS_SERVER_MAX_DISK_GB: Limit(50, 1_000_000, 'a number of GB'),
  PTERONIMBUS_STREAM_SOCKETS_PER_USER: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 20,
    description: 'a number of sockets between 1 and 1000',
  }),
});

export type Env = Static<typeof EnvSchema>;

/** Validated configuration of one core instance. */
export interface CoreConfig {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** `null` selects the embedded PostgreSQL. */
  databaseUrl: string | null;
  /** `null` selects the in-process single-node implementations. */
  redisUrl: string | null;
  logLevel: string;
  discord: {
    clientId: string | null;
    clientSecret: string | null;
    botToken: string | null;
    publicKey: string | null;
    apiUrl: string;
    authorizeUrl: string;
  };
  superAdmins: string[];
  /** Plugin package names or paths; `null` loads every first-party plugin installed. */
  plugins: string[] | null;
  /** Per-plugin config by plugin name. */
  pluginConfig: Record<string, unknown>;
  dataDir: string;
  /** `null` means generate and persist one in the data folder (refused in production). */
  secretKey: string | null;
  /** Folder of the built web panel; `null` to find it, `false` to serve none. */
  webRoot: string | null | false;
  trustProxy: boolean;
  bodyLimit: number;
  /** Audit entries older than this many days are deleted by a daily job. */
  auditRetentionDays: number;
  /**
   * Skips the tenant membership check (no environment variable sets it): only for test cores whose
   * stand-in identity decides everything. Refused in production.
   */
  insecureSkipTenantCheck?: boolean;
  /** Real-time stream sockets one user may hold open on one replica. */
  streamSocketsPerUser?: number;
  /** What a super admin can change later, and the ceilings nobody else can. */
  limits: LimitsConfig;
}

/** The resource numbers of a ceiling or quota: every one finite. */
export interface ResourceLimits {
  servers: number;
  cpuMillicores: number;
  memoryMb: number;
  diskGb: number;
}

/** Installation-wide defaults of the hostile-tenant controls (`core/src/limits`). */
export interface LimitsConfig {
  /** Who may install: anyone, anyone once a super admin approves, or listed guilds only. */
  installPolicy: 'open' | 'approval' | 'allowlist';
  /** Guild ids the `allowlist` policy admits. */
  installAllowlist: string[];
  /** Clusters a tenant without its own grant list may use: every approved one, or none. */
  clusterGrants: 'all' | 'none';
  /** How servers may be exposed where a tenant has no exposure list of its own. */
  exposures: Array<'ClusterIP' | 'NodePort' | 'LoadBalancer'>;
  /** The ceiling (and default quota) of a tenant without one of its own. */
  tenantCeiling: ResourceLimits;
  /** The most one server may ask for. */
  serverMax: Omit<ResourceLimits, 'servers'>;
}
