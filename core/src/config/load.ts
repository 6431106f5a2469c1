import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Value } from 'typebox/value';
import { ConfigInvalid } from '../errors/codes.ts';
import { EnvSchema, type CoreConfig, type Env, type LimitsConfig } from './schema.ts';

const DISCORD_DEFAULTS = {
  DISCORD_API_URL: 'https://discord.com/api/v10',
  DISCORD_AUTHORIZE_URL: 'https://discord.com/oauth2/authorize',
};

/**
 * Reads and validates the environment once. Throws `PN_CONFIG_INVALID` whose message is one line
 * naming the variable and what it expects.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): CoreConfig {
  const raw: Record<string, unknown> = { ...DISCORD_DEFAULTS };
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw)) as Record<
    string,
    unknown
  >;
  const first = Value.Errors(EnvSchema, converted)[0];
  if (first) {
    const name =
      first.instancePath.replace(/^\//, '') ||
      String(
        (first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ??
          'environment',
      );
    const property = (EnvSchema.properties as Record<string, { description?: string }>)[name];
    const given = source[name];
    throw ConfigInvalid(
      `${name} must be ${property?.description ?? 'valid'}${given === undefined ? '' : ` (got "${redactGiven(name, given)}")`}`,
      { variable: name },
    );
  }
  const env = converted as Env;
  if (env.NODE_ENV === 'production' && !env.PTERONIMBUS_SECRET_KEY) {
    throw ConfigInvalid(
      'PTERONIMBUS_SECRET_KEY must be set in production (at least 32 random characters)',
      {
        variable: 'PTERONIMBUS_SECRET_KEY',
      },
    );
  }
  const host = env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host,
    publicUrl,
    databaseUrl: env.DATABASE_URL ?? null,
    redisUrl: env.REDIS_URL ?? null,
    logLevel: env.LOG_LEVEL,
    discord: {
      clientId: env.DISCORD_CLIENT_ID ?? null,
      clientSecret: env.DISCORD_CLIENT_SECRET ?? null,
      botToken: env.DISCORD_BOT_TOKEN ?? null,
      publicKey: env.DISCORD_PUBLIC_KEY ?? null,
      apiUrl: env.DISCORD_API_URL.replace(/\/+$/, ''),
      authorizeUrl: env.DISCORD_AUTHORIZE_URL,
    },
    superAdmins: env.PTERONIMBUS_SUPER_ADMINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    // `none` loads no plugin at all; unset loads every installed first-party plugin.
    plugins:
      env.PTERONIMBUS_PLUGINS === undefined
        ? null
        : env.PTERONIMBUS_PLUGINS.trim() === 'none'
          ? []
          : env.PTERONIMBUS_PLUGINS.split(',')
              .map((s) => s.trim())
              .filter(Boolean),
    pluginConfig: env.PTERONIMBUS_PLUGIN_CONFIG
      ? readPluginConfig(env.PTERONIMBUS_PLUGIN_CONFIG)
      : {},
    dataDir: resolve(env.PTERONIMBUS_DATA_DIR),
    secretKey: env.PTERONIMBUS_SECRET_KEY ?? null,
    webRoot: env.PTERONIMBUS_WEB_ROOT ? resolve(env.PTERONIMBUS_WEB_ROOT) : null,
    trustProxy: env.PTERONIMBUS_TRUST_PROXY,
    bodyLimit: env.PTERONIMBUS_BODY_LIMIT,
    auditRetentionDays: env.PTERONIMBUS_AUDIT_RETENTION_DAYS,
    streamSocketsPerUser: env.PTERONIMBUS_STREAM_SOCKETS_PER_USER,
    limits: limitsOf(env),
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

// Production starts closed: new guilds wait for a super admin and get no cluster until granted.
// Development and tests start open so `npm start` and the emulator work without an extra step.
function limitsOf(env: Env): LimitsConfig {
  const production = env.NODE_ENV === 'production';
  return {
    installPolicy: env.PTERONIMBUS_INSTALL_POLICY ?? (production ? 'approval' : 'open'),
    installAllowlist: list(env.PTERONIMBUS_INSTALL_ALLOWLIST),
    clusterGrants: env.PTERONIMBUS_CLUSTER_GRANTS ?? (production ? 'none' : 'all'),
    exposures: [...new Set(list(env.PTERONIMBUS_ALLOWED_EXPOSURES))] as LimitsConfig['exposures'],
    tenantCeiling: {
      servers: env.PTERONIMBUS_TENANT_MAX_SERVERS,
      cpuMillicores: env.PTERONIMBUS_TENANT_MAX_CPU_MILLICORES,
      memoryMb: env.PTERONIMBUS_TENANT_MAX_MEMORY_MB,
      diskGb: env.PTERONIMBUS_TENANT_MAX_DISK_GB,
    },
    serverMax: {
      cpuMillicores: env.PTERONIMBUS_SERVER_MAX_CPU_MILLICORES,
      memoryMb: env.PTERONIMBUS_SERVER_MAX_MEMORY_MB,
      diskGb: env.PTERONIMBUS_SERVER_MAX_DISK_GB,
    },
  };
}

function redactGiven(name: string, value: string): string {
  if (/SECRET|TOKEN|KEY/.test(name)) return '***';
  // A URL may carry a password: keep the scheme and host only.
  return value.replace(/\/\/[^@/]*@/, '//***@').slice(0, 80);
}

function readPluginConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw ConfigInvalid(
      `PTERONIMBUS_PLUGIN_CONFIG must be a readable file (cannot read "${path}")`,
      {
        variable: 'PTERONIMBUS_PLUGIN_CONFIG',
      },
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new TypeError('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw ConfigInvalid(
      `PTERONIMBUS_PLUGIN_CONFIG must be a JSON object keyed by plugin name ("${path}" is not)`,
      {
        variable: 'PTERONIMBUS_PLUGIN_CONFIG',
      },
    );
  }
}

/** A configuration for tests and embedding: defaults plus overrides, no environment read. */
export function defineConfig(overrides: Partial<CoreConfig> = {}): CoreConfig {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  return { ...base, ...overrides, discord: { ...base.discord, ...overrides.discord } };
}
