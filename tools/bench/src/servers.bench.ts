import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { buildApp, defineConfig } from '@pteronimbus/core';
import {
  authenticatorExtensionPoint,
  definePlugin,
  permissionServiceExtensionPoint,
  type Principal,
} from '@pteronimbus/sdk';
import { compareLoad } from './http-load.ts';
import { fmt, machineLine, type BenchSection } from './report.ts';

const TENANTS = 100;
const SERVERS_PER_TENANT = 50;
const OWNER = '500000000000000001';

// The caller named in `x-bench-user` owns every guild (so the tenant guard passes without asking
// Discord) and holds `server.read` in each tenant through an in-memory permission service: the
// cost of resolving permissions from Discord roles is the rbac suite's subject.
const benchIdentity = definePlugin({
  name: 'bench-identity',
  version: '0.0.0',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const id = request.headers['x-bench-user'];
      if (typeof id !== 'string') return null;
      const principal: Principal = { userId: id, discordId: OWNER, name: id, superAdmin: false };
      return principal;
    });
    const grants = new Set<string>();
    for (let t = 0; t < TENANTS; t++) grants.add(`reader|${tenantId(t)}|server.read`);
    ctx.services.extensions.provide(permissionServiceExtensionPoint, {
      has: async (principal, tenant, permission) =>
        grants.has(`${principal.userId}|${tenant}|${permission}`),
    });
  },
});

function tenantId(i: number) {
  return String(600000000000000000n + BigInt(i));
}

/**
 * 100 tenants with 50 servers each; `GET /api/v1/tenants/:tenantId/servers` (one page of 50, the
 * whole hook chain: authentication, tenant guard, permission check, status staleness) at 50
 * connections, against a bare Fastify route.
 */
export async function serversBench(): Promise<BenchSection> {
  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const devNull = new Writable({ write: (_c, _e, cb) => cb() });
  const core = await buildApp(
    defineConfig({
      databaseUrl: process.env.TEST_DATABASE_URL ?? null,
      redisUrl: process.env.TEST_REDIS_URL ?? null,
      dataDir: await mkdtemp(join(tmpdir(), 'pn-bench-')),
      logLevel: 'info',
      webRoot: false,
      plugins: [],
      // A bot token turns the tenant guard on; owners pass it without a Discord call.
      discord: {
        clientId: null,
        clientSecret: null,
        botToken: 'bench-token',
        publicKey: null,
        apiUrl: 'http://127.0.0.1:9/api/v10',
        authorizeUrl: 'http://127.0.0.1:9/oauth2/authorize',
      },
    }),
    {
      plugins: [benchIdentity] as never[],
      logStream: devNull,
      rateLimitPerMinute: 100_000_000,
      keyPrefix: `pn:bench:${Date.now()}:`,
    },
  );
  const coreUrl = await core.listen({ port: 0, host: '127.0.0.1' });
  try {
    await core.pn.db.query(`delete from "pn_servers" where "tenant_id" like '6000%'`);
    for (let t = 0; t < TENANTS; t++) {
      const id = tenantId(t);
      await core.pn.db.query(
        `insert into "pn_tenants" ("id","name","owner_id") values ($1,$2,$3) on conflict ("id") do nothing`,
        [id, `Bench ${t}`, OWNER],
      );
      await core.pn.db.query(
        `insert into "pn_servers" ("id","tenant_id","cluster_id","name","template_id","template_version","game_id","parameters","cpu","memory","disk","exposure","desired_state","status","status_at")
         select 's' || lpad(to_hex($2::int * 1000 + i), 12, '0') || 'beadbead', $1, 'cl_bench', 'Server ' || i,
                '6f1c2e9a-1b7d-4c55-9a0e-3d2f7c8b9e01', 1, 'fakegame', '{"WORLD":"alpha"}'::jsonb, 1000, 2048, 4096,
                'LoadBalancer', 'Running',
                '{"phase":"Running","address":"203.0.113.10","ports":[{"name":"game","port":27015,"protocol":"UDP"}]}'::jsonb,
                now()
           from generate_series(1, $3::int) as i`,
        [id, t, SERVERS_PER_TENANT],
      );
    }
    const target = tenantId(42);
    const route = `${coreUrl}/api/v1/tenants/${target}/servers?limit=50`;
    const headers = { 'x-bench-user': 'reader' };
    const check = await core.inject({ url: route.slice(coreUrl.length), headers });
    const listed = (check.json() as { items: unknown[] }).items.length;
    if (check.statusCode !== 200 || listed !== SERVERS_PER_TENANT)
      throw new Error(`server list answered ${check.statusCode} with ${listed} servers`);

    const {
      bare: b,
      core: r,
      rounds,
    } = await compareLoad({ url: `${bareUrl}/` }, { url: route, headers });
    const verdict = r.p99Ms < 20 ? 'meets the goal' : 'misses the goal';
    return {
      id: 'servers',
      title: 'Server list',
      body: `Machine: ${machineLine()}. ${TENANTS} tenants × ${SERVERS_PER_TENANT} servers in
${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'the embedded PostgreSQL'}, ${process.env.TEST_REDIS_URL ? 'Redis' : 'in-process services'}; 50 connections, ${rounds} alternating
rounds per target, the median round of each shown.

| target | req/s | p50 ms | p99 ms | errors | non-2xx |
|---|---:|---:|---:|---:|---:|
| bare Fastify \`GET /\` | ${fmt(b.requestsPerSecond)} | ${b.p50Ms} | ${b.p99Ms} | ${b.errors} | ${b.non2xx} |
| core \`GET /api/v1/tenants/:tenantId/servers?limit=50\` | ${fmt(r.requestsPerSecond)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |

Each request authenticates (a header fixture), passes the tenant guard, checks \`server.read\`, reads
one page of 50 servers with their last reported status and asks whether their cluster is still
reporting. p99 **${r.p99Ms} ms** (goal under 20 ms — ${verdict}).`,
    };
  } finally {
    await core.pn.db.query(`delete from "pn_servers" where "tenant_id" like '6000%'`);
    await core.pn.db.query(`delete from "pn_tenants" where "id" like '6000%'`);
    await core.close();
    await bare.close();
  }
}
