import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { buildApp, defineConfig } from '@pteronimbus/core';
import { generateSeed, startDiscordEmulator } from '@pteronimbus/discord-emulator';
import { rbacPlugin } from '@pteronimbus/plugin-rbac';
import {
  authenticatorExtensionPoint,
  definePlugin,
  permissionServiceExtensionPoint,
  type Principal,
} from '@pteronimbus/sdk';
import { createTestDatabase } from '@pteronimbus/testing';
import { compareLoad } from './http-load.ts';
import { fmt, machineLine, type BenchSection } from './report.ts';

// The caller named in `x-bench-user`; authentication is measured on its own in the auth suite.
const benchIdentity = definePlugin({
  name: 'bench-identity',
  version: '0.0.0',
  register(app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const id = request.headers['x-bench-user'];
      if (typeof id !== 'string') return null;
      const principal: Principal = { userId: id, discordId: id, name: id, superAdmin: false };
      return principal;
    });
    // The cheapest permission-checked tenant route: what remains is core's and rbac's overhead.
    app.get('/tenants/:tenantId/bench', { config: { permission: 'server.read' } }, async () => ({
      hello: 'world',
    }));
  },
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * A 10,000-member, 250-role guild synced against the emulator (time and 429s), a
 * permission-checked tenant route against bare Fastify, and a member's permissions from cache.
 */
export async function rbacBench(): Promise<BenchSection> {
  const seed = generateSeed({ guilds: 1, membersPerGuild: 10_000, rolesPerGuild: 250 });
  const guild = seed.guilds[0]!;
  const owner = seed.users[0]!.id;
  const member = guild.members.find((m) => m.roles.length > 0)!.user_id;
  const discord = await startDiscordEmulator({ seed, port: 0 });

  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const devNull = new Writable({ write: (_c, _e, cb) => cb() });
  const database = await createTestDatabase();
  const core = await buildApp(
    defineConfig({
      // A database of its own: the install below must find the guild new.
      databaseUrl: database.url,
      dataDir: await mkdtemp(join(tmpdir(), 'pn-bench-')),
      logLevel: 'info',
      webRoot: false,
      plugins: [],
      pluginConfig: { rbac: { syncIntervalSeconds: 3600 } },
      discord: discord.coreConfig,
    }),
    {
      plugins: [rbacPlugin, benchIdentity] as never[],
      logStream: devNull,
      rateLimitPerMinute: 100_000_000,
    },
  );
  const coreUrl = await core.listen({ port: 0, host: '127.0.0.1' });
  try {
    // Install as the panel does, then time the first full sync.
    await core.pn.db.query(`insert into pn_tenants (id, name, owner_id) values ($1, $2, $3)`, [
      guild.id,
      guild.name,
      owner,
    ]);
    discord.control.clearRequests();
    await core.pn.shared.events.publish('tenant.installed', { tenantId: guild.id });
    let status: { lastSyncAt: string | null; lastSyncMs: number | null; memberCount: number };
    for (;;) {
      const res = await core.inject({
        url: `/api/v1/tenants/${guild.id}/sync`,
        headers: { 'x-bench-user': owner },
      });
      status = res.json();
      if (res.statusCode === 200 && status.lastSyncAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const calls = discord.control.requests({});
    const tooMany = calls.filter((c) => c.status === 429).length;
    const resync = await core.inject({
      method: 'POST',
      url: `/api/v1/tenants/${guild.id}/sync`,
      headers: { 'x-bench-user': owner },
    });
    const resyncMs = (resync.json() as { durationMs: number }).durationMs;

    await core.inject({
      method: 'PUT',
      url: `/api/v1/tenants/${guild.id}/roles/${guild.id}/mapping`,
      headers: { 'x-bench-user': owner },
      payload: { permissions: ['server.read'] },
    });

    const route = `${coreUrl}/api/v1/tenants/${guild.id}/bench`;
    const headers = { 'x-bench-user': member };
    const {
      bare: b,
      core: r,
      rounds,
    } = await compareLoad({ url: `${bareUrl}/` }, { url: route, headers });
    const ratio = r.requestsPerSecond / b.requestsPerSecond;

    const permissions = core.pn.extensions.get(permissionServiceExtensionPoint)[0]!;
    const principal: Principal = {
      userId: member,
      discordId: member,
      name: member,
      superAdmin: false,
    };
    const samples: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const t0 = performance.now();
      await permissions.has(principal, guild.id, 'server.read');
      if (i >= 10_000) samples.push((performance.now() - t0) * 1000);
    }
    samples.sort((x, y) => x - y);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);

    const routeVerdict = ratio >= 0.4 ? 'meets the goal' : 'misses the goal';
    const cacheVerdict = p50 < 20 ? 'meets the goal' : 'misses the goal';
    const syncVerdict = tooMany === 0 ? 'no 429 storm' : `${tooMany} answers were 429`;
    return {
      id: 'rbac',
      title: 'Tenants and permissions (rbac)',
      body: `Machine: ${machineLine()}. Emulated guild: 10,000 members, 250 roles; core with the rbac
plugin, in-process services, ${database.url ? 'PostgreSQL' : 'the embedded PostgreSQL'}.

| measure | value |
|---|---:|
| first sync after install (10,000 members, 250 roles) | ${fmt(status.lastSyncMs ?? 0)} ms |
| full re-sync (nothing changed) | ${fmt(resyncMs)} ms |
| Discord calls of the first sync / of them 429 | ${calls.length} / ${tooMany} |
| members synced | ${fmt(status.memberCount)} |

| target | req/s | p50 ms | p99 ms | errors | non-2xx |
|---|---:|---:|---:|---:|---:|
| bare Fastify \`GET /\` | ${fmt(b.requestsPerSecond)} | ${b.p50Ms} | ${b.p99Ms} | ${b.errors} | ${b.non2xx} |
| core \`GET /api/v1/tenants/:tenantId/bench\` (\`server.read\`) | ${fmt(r.requestsPerSecond)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |

Load: 50 connections, ${rounds} alternating rounds per target, the median round of each shown.
The tenant route runs the whole hook chain: authentication (a header fixture, so JWT cost is left to
the auth suite), the tenant guard (installed, member of the guild), rbac's permission check.
Ratio: **${fmt(ratio * 100, 1)}%** of bare throughput (goal at least 40% — ${routeVerdict}).

Resolving a member's permission from cache (\`PermissionService.has\`, 190,000 calls after warm-up):
p50 **${fmt(p50, 2)} µs**, p99 ${fmt(p99, 2)} µs (goal p50 under 20 µs — ${cacheVerdict}).

Sync within Discord's rate limits: ${syncVerdict}.`,
    };
  } finally {
    await core.close();
    await bare.close();
    await discord.close();
    await database.drop();
  }
}
