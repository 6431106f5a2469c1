import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineConfig, loadConfig } from './load.ts';

describe('loadConfig', () => {
  it('starts from smart defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      databaseUrl: null,
      redisUrl: null,
      plugins: null,
      superAdmins: [],
      discord: {
        apiUrl: 'https://discord.com/api/v10',
        authorizeUrl: 'https://discord.com/oauth2/authorize',
      },
    });
    expect(c.dataDir).toMatch(/\.pteronimbus$/);
  });

  it('reads and converts every variable', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      PUBLIC_URL: 'https://panel.example.com/',
      DATABASE_URL: 'postgres://u:p@db:5432/pn',
      REDIS_URL: 'redis://cache:6379',
      PTERONIMBUS_SUPER_ADMINS: '123456789012345678, 223456789012345678',
      PTERONIMBUS_PLUGINS: '@pteronimbus/plugin-rbac, ./my-plugin',
      PTERONIMBUS_SECRET_KEY: 'x'.repeat(40),
      PTERONIMBUS_TRUST_PROXY: 'true',
      DISCORD_API_URL: 'http://127.0.0.1:5311/api/v10/',
    });
    expect(c).toMatchObject({
      env: 'production',
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://panel.example.com',
      superAdmins: ['123456789012345678', '223456789012345678'],
      plugins: ['@pteronimbus/plugin-rbac', './my-plugin'],
      trustProxy: true,
      discord: { apiUrl: 'http://127.0.0.1:5311/api/v10' },
    });
    expect(c.streamSocketsPerUser).toBe(20);
    expect(loadConfig({ PTERONIMBUS_STREAM_SOCKETS_PER_USER: '5' }).streamSocketsPerUser).toBe(5);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer port between 0 and 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer port'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be production, development or test'],
    [
      { PTERONIMBUS_SUPER_ADMINS: 'alice' },
      'PTERONIMBUS_SUPER_ADMINS must be a comma-separated list of Discord user ids',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ PTERONIMBUS_SECRET_KEY: 'short' }, 'PTERONIMBUS_SECRET_KEY must be at least 32 characters'],
    [
      { PTERONIMBUS_STREAM_SOCKETS_PER_USER: '0' },
      'PTERONIMBUS_STREAM_SOCKETS_PER_USER must be a number of sockets between 1 and 1000',
    ],
  ])('names the variable and what it expects for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(
      expect.objectContaining({
        code: 'PN_CONFIG_INVALID',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('loads no plugin with PTERONIMBUS_PLUGINS=none', () => {
    expect(loadConfig({ PTERONIMBUS_PLUGINS: 'none' }).plugins).toEqual([]);
  });

  it('never echoes a secret or a URL password', () => {
    expect(() => loadConfig({ PTERONIMBUS_SECRET_KEY: 'tiny-secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('tiny-secret') }),
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('refuses production without a secret key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('PTERONIMBUS_SECRET_KEY must be set in production'),
      }),
    );
  });

  it('reads per-plugin config from a JSON file and refuses a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pn-cfg-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ alpha: { limit: 2 } }));
    writeFileSync(join(dir, 'bad.json'), '[1,2]');
    expect(loadConfig({ PTERONIMBUS_PLUGIN_CONFIG: join(dir, 'ok.json') }).pluginConfig).toEqual({
      alpha: { limit: 2 },
    });
    expect(() => loadConfig({ PTERONIMBUS_PLUGIN_CONFIG: join(dir, 'bad.json') })).toThrow(
      /must be a JSON object/,
    );
    expect(() => loadConfig({ PTERONIMBUS_PLUGIN_CONFIG: join(dir, 'missing.json') })).toThrow(
      /must be a readable file/,
    );
  });

  it('starts production closed and development open, with finite ceilings everywhere', () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      PTERONIMBUS_SECRET_KEY: 'x'.repeat(40),
    });
    expect(production.limits).toEqual({
      installPolicy: 'approval',
      installAllowlist: [],
      clusterGrants: 'none',
      exposures: ['ClusterIP'],
      tenantCeiling: { servers: 10, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
      serverMax: { cpuMillicores: 4000, memoryMb: 8192, diskGb: 50 },
    });
    expect(loadConfig({}).limits).toMatchObject({
      installPolicy: 'open',
      clusterGrants: 'all',
      exposures: ['ClusterIP'],
      tenantCeiling: production.limits.tenantCeiling,
    });
    const configured = loadConfig({
      PTERONIMBUS_INSTALL_POLICY: 'allowlist',
      PTERONIMBUS_INSTALL_ALLOWLIST: '123456789012345678, 223456789012345678',
      PTERONIMBUS_CLUSTER_GRANTS: 'none',
      PTERONIMBUS_ALLOWED_EXPOSURES: 'ClusterIP, NodePort',
      PTERONIMBUS_TENANT_MAX_SERVERS: '3',
      PTERONIMBUS_SERVER_MAX_MEMORY_MB: '2048',
    }).limits;
    expect(configured).toMatchObject({
      installPolicy: 'allowlist',
      installAllowlist: ['123456789012345678', '223456789012345678'],
      clusterGrants: 'none',
      exposures: ['ClusterIP', 'NodePort'],
      tenantCeiling: { servers: 3 },
      serverMax: { memoryMb: 2048 },
    });
    expect(() => loadConfig({ PTERONIMBUS_INSTALL_POLICY: 'everyone' })).toThrow(
      /PTERONIMBUS_INSTALL_POLICY must be open, approval or allowlist/,
    );
    expect(() => loadConfig({ PTERONIMBUS_ALLOWED_EXPOSURES: 'Ingress' })).toThrow(
      /PTERONIMBUS_ALLOWED_EXPOSURES/,
    );
    expect(() => loadConfig({ PTERONIMBUS_TENANT_MAX_CPU_MILLICORES: 'unlimited' })).toThrow(
      /PTERONIMBUS_TENANT_MAX_CPU_MILLICORES must be a number of millicores/,
    );
  });

  it('builds test configs from overrides', () => {
    expect(defineConfig({ port: 1234, discord: { apiUrl: 'http://x' } as never })).toMatchObject({
      env: 'test',
      port: 1234,
      discord: { apiUrl: 'http://x', authorizeUrl: 'https://discord.com/oauth2/authorize' },
    });
  });
});
