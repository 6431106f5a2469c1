import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  definePlugin,
  discordUserSessionExtensionPoint,
  type CoreMessage,
  type DiscordUserApi,
} from '@pteronimbus/sdk';
import { asUser, startTestCore, testIdentityPlugin, type TestCore } from '@pteronimbus/testing';
import { defineConfig } from '../config/load.ts';
import { catalogFixture, TEMPLATE_ID } from '../servers/__fixtures__/catalog.ts';
import { FakeOperator } from '../servers/__fixtures__/operator.ts';
import { TenantStore } from '../tenants/index.ts';

// The test identity's Discord id: owning a guild makes it a member without asking Discord.
const MEMBER = '100000000000000001';
const A = '410000000000000001'; // default ceiling, then raised by a super admin
const B = '410000000000000002'; // for grants and exposures
const C = '410000000000000003'; // for cluster capacity
const NEW = ['410000000000000011', '410000000000000012', '410000000000000013'] as const;

const PERMISSIONS = ['server.read', 'server.create', 'server.update', 'tenant.settings.manage'];
const grants = {
  admin: Object.fromEntries([A, B, C, ...NEW].map((t) => [t, PERMISSIONS])),
};
const admin = asUser('admin');
const root = asUser('root', { superAdmin: true });

/** The installation defaults of these tests: small, finite, ClusterIP only, every guild open. */
const LIMITS = {
  ...defineConfig().limits,
  tenantCeiling: { servers: 3, cpuMillicores: 4000, memoryMb: 4096, diskGb: 10 },
  serverMax: { cpuMillicores: 2000, memoryMb: 2048, diskGb: 5 },
};

/** Discord as the bot sees it: every guild exists, owned by the test identity. */
async function discordStub(): Promise<{ apiUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const guild = /^\/api\/v10\/guilds\/(\d+)(\?.*)?$/.exec(req.url ?? '');
    res.writeHead(guild ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        guild
          ? { id: guild[1], name: `Guild ${guild[1]}`, icon: null, owner_id: MEMBER, roles: [] }
          : { message: 'Unknown Member', code: 10007 },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The caller's Discord login session: they own every guild in `NEW`. */
const guildSessionFixture = definePlugin({
  name: 'guild-session-fixture',
  version: '0.0.1',
  register(_app, ctx) {
    ctx.services.extensions.provide(
      discordUserSessionExtensionPoint,
      async () =>
        ({
          guilds: async () =>
            NEW.map((id) => ({
              id,
              name: `Guild ${id}`,
              icon: null,
              owner: true,
              permissions: '8',
            })),
          currentUser: async () => ({ id: MEMBER, username: 'member' }),
        }) as unknown as DiscordUserApi,
    );
  },
});

type Doc = Extract<CoreMessage, { type: 'document' }>;

describe('ceilings, grants and policies', () => {
  let core: TestCore;
  let discord: Awaited<ReturnType<typeof discordStub>>;
  let clusterId: string;
  let otherClusterId: string;
  let operator: FakeOperator;

  const send = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
    core.inject({ method: method as 'POST', url, headers, ...(payload ? { payload } : {}) });
  const create = (tenant: string, body: Record<string, unknown> = {}) =>
    send('POST', `/api/v1/tenants/${tenant}/servers`, admin, {
      name: 'Survival',
      templateId: TEMPLATE_ID,
      parameters: { WORLD: 'alpha' },
      ...body,
    });
  const policy = (patch: Record<string, unknown>) =>
    send('PATCH', '/api/v1/admin/policy', root, patch);
  const setLimits = (tenant: string, body: Record<string, unknown>) =>
    send('PUT', `/api/v1/admin/tenants/${tenant}/limits`, root, {
      ceiling: {},
      clusters: null,
      exposures: null,
      ...body,
    });
  const audited = async (action: string) =>
    core.app.pn.db.query<{ action: string; actor_id: string; changes: unknown }>(
      `select "action", "actor_id", "changes" from "pn_audit_log" where "action" = $1`,
      [action],
    );

  beforeAll(async () => {
    discord = await discordStub();
    core = await startTestCore({
      plugins: [testIdentityPlugin({ grants }), catalogFixture, guildSessionFixture],
      config: {
        discord: { botToken: 'stub-token', apiUrl: discord.apiUrl, clientId: '123456789012' },
        limits: LIMITS,
      },
    });
    const tenants = new TenantStore(core.app.pn.db);
    for (const id of [A, B, C])
      await tenants.install({ id, name: id, icon: null, ownerId: MEMBER, installedBy: MEMBER });
    const gateway = core.app.pn.operatorGateway;
    const join = async (name: string) => {
      const { token } = await gateway.createJoinToken({ name, createdBy: null });
      const registered = await gateway.register({ token });
      await gateway.approve(registered.clusterId, null);
      return registered;
    };
    const first = await join('first');
    clusterId = first.clusterId;
    otherClusterId = (await join('second')).clusterId;
    operator = await FakeOperator.connect(core.app, first.credential);
    for (const id of [A, B, C])
      await send('PATCH', `/api/v1/tenants/${id}/settings`, admin, { defaultClusterId: clusterId });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await discord?.close();
  });

  beforeEach(async () => {
    await policy({ installPolicy: 'open', clusterGrants: 'all', exposures: ['ClusterIP'] });
  });

  describe('tenant quotas within a super-admin ceiling', () => {
    it('sends a finite namespace quota when the tenant set none: the installation ceiling', async () => {
      const from = operator.received.length;
      expect((await create(A, { resources: { cpu: 1000 } })).statusCode).toBe(202);
      const tenant = await operator.next<Doc>(
        (m) => m.type === 'document' && m.kind === 'Tenant' && m.tenantId === A,
        from,
      );
      expect(tenant.spec).toMatchObject({
        quota: { servers: 3, cpu: 4000, memory: 4096, disk: 10 * 1024 },
      });
      // The tenant's view of its own limits says the same.
      const limits = await send('GET', `/api/v1/tenants/${A}/limits`, admin);
      expect(limits.statusCode).toBe(200);
      expect(limits.json()).toMatchObject({
        quota: { servers: 3, cpuMillicores: 4000 },
        ceiling: { servers: 3, cpuMillicores: 4000 },
        exposures: ['ClusterIP'],
        serverMax: { cpuMillicores: 2000 },
      });
    });

    it('refuses a tenant admin who raises a quota above the ceiling, and lets them lower it', async () => {
      const raised = await send('PATCH', `/api/v1/tenants/${A}/settings`, admin, {
        quotas: { cpuMillicores: 1_000_000, servers: 2 },
      });
      expect(raised.statusCode).toBe(422);
      expect(raised.json().error).toMatchObject({
        code: 'PN_TENANT_QUOTA_ABOVE_CEILING',
        details: { quota: 'cpuMillicores', limit: 4000, requested: 1_000_000 },
      });
      // Nothing of the refused change was kept.
      expect((await send('GET', `/api/v1/tenants/${A}/settings`, admin)).json().quotas).toBe(
        undefined,
      );
      const lowered = await send('PATCH', `/api/v1/tenants/${A}/settings`, admin, {
        quotas: { cpuMillicores: 1500 },
      });
      expect(lowered.statusCode).toBe(200);
      const over = await create(A, { resources: { cpu: 1000 } });
      expect(over.statusCode).toBe(409);
      expect(over.json().error).toMatchObject({
        code: 'PN_QUOTA_EXCEEDED',
        details: { quota: 'cpu', limit: 1500 },
      });
      // Clearing the setting goes back to the ceiling, never to "unlimited".
      await send('PATCH', `/api/v1/tenants/${A}/settings`, admin, {
        quotas: { cpuMillicores: null },
      });
      const limits = (await send('GET', `/api/v1/tenants/${A}/limits`, admin)).json();
      expect(limits.quota.cpuMillicores).toBe(4000);
    });

    it('moves the namespace quota with a ceiling a super admin raises, audited', async () => {
      const from = operator.received.length;
      const set = await setLimits(A, { ceiling: { cpuMillicores: 6000, servers: 5 } });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({
        ceiling: { cpuMillicores: 6000, servers: 5, memoryMb: 4096 },
        ceilingSet: { cpuMillicores: 6000, servers: 5 },
      });
      const tenant = await operator.next<Doc>(
        (m) => m.type === 'document' && m.kind === 'Tenant',
        from,
      );
      expect(tenant.spec).toMatchObject({ quota: { cpu: 6000, servers: 5 } });
      const raised = await send('PATCH', `/api/v1/tenants/${A}/settings`, admin, {
        quotas: { cpuMillicores: 5000 },
      });
      expect(raised.statusCode).toBe(200);
      const [entry] = await audited('tenant.limits.update');
      expect(entry).toMatchObject({ actor_id: 'root' });
    });

    it('refuses one server larger than the per-server limit, naming it', async () => {
      const huge = await create(A, { resources: { cpu: 1_000_000, memory: 16_777_216 } });
      expect(huge.statusCode).toBe(422);
      expect(huge.json().error).toMatchObject({
        code: 'PN_SERVER_RESOURCES_TOO_LARGE',
        details: { resource: 'cpu', limit: 2000, requested: 1_000_000 },
      });
      expect(huge.json().error.message).toMatch(/cpu 1000000 > 2000 millicores/);
      expect(huge.json().error.message).toMatch(/memory 16777216 > 2048 MiB/);
      const { server } = (await create(A, { resources: { cpu: 500 } })).json();
      const resize = await send('PATCH', `/api/v1/tenants/${A}/servers/${server.id}`, admin, {
        resources: { disk: 6 * 1024 },
      });
      expect(resize.statusCode).toBe(422);
      expect(resize.json().error.details).toMatchObject({ resource: 'disk', limit: 5 * 1024 });
    });
  });

  describe('cluster grants', () => {
    it('refuses an ungranted cluster, hides it from the picker, and allows it once granted', async () => {
      await policy({ clusterGrants: 'none' });
      const refused = await create(B);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'PN_TENANT_CLUSTER_NOT_GRANTED',
        details: { clusterId },
      });
      const picker = await send('GET', `/api/v1/tenants/${B}/clusters`, admin);
      expect(picker.json().items).toEqual([]);

      expect((await setLimits(B, { clusters: [otherClusterId] })).statusCode).toBe(200);
      const ids = (await send('GET', `/api/v1/tenants/${B}/clusters`, admin))
        .json()
        .items.map((c: { id: string }) => c.id);
      expect(ids).toEqual([otherClusterId]);
      // Still not the one not granted, neither named nor as the default.
      expect((await create(B, { clusterId })).statusCode).toBe(403);
      const asDefault = await send('PATCH', `/api/v1/tenants/${B}/settings`, admin, {
        defaultClusterId: clusterId,
        notificationChannelId: null,
      });
      expect(asDefault.statusCode).toBe(200); // unchanged default: nothing to check
      const other = await send('PATCH', `/api/v1/tenants/${B}/settings`, admin, {
        defaultClusterId: otherClusterId,
      });
      expect(other.statusCode).toBe(200);
      const back = await send('PATCH', `/api/v1/tenants/${B}/settings`, admin, {
        defaultClusterId: clusterId,
      });
      expect(back.statusCode).toBe(403);
      expect(back.json().error.code).toBe('PN_TENANT_CLUSTER_NOT_GRANTED');
      expect((await create(B, { clusterId: otherClusterId })).statusCode).toBe(202);
    });

    it('refuses a grant of a cluster that does not exist', async () => {
      const res = await setLimits(B, { clusters: ['cl_missing'] });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('PN_CLUSTER_NOT_FOUND');
    });

    it('stops every tenant together at the capacity a super admin set for a cluster', async () => {
      const set = await send('PUT', `/api/v1/admin/clusters/${clusterId}/capacity`, root, {
        servers: null,
        cpuMillicores: 2500,
      });
      expect(set.statusCode).toBe(200);
      const used = set.json().usage.cpuMillicores as number;
      const room = 2500 - used;
      expect(room).toBeGreaterThan(0);
      expect((await create(C, { resources: { cpu: Math.min(room, 2000) } })).statusCode).toBe(202);
      const full = await create(C, { resources: { cpu: 600 } });
      expect(full.statusCode).toBe(409);
      expect(full.json().error).toMatchObject({
        code: 'PN_CLUSTER_CAPACITY_EXCEEDED',
        details: { clusterId, resource: 'cpu', limit: 2500 },
      });
      await send('PUT', `/api/v1/admin/clusters/${clusterId}/capacity`, root, {});
      expect((await create(C, { resources: { cpu: 600 } })).statusCode).toBe(202);
      const capacity = (await send('GET', '/api/v1/admin/cluster-capacity', root)).json();
      expect(capacity.items.map((c: { clusterId: string }) => c.clusterId)).toContain(clusterId);
    });
  });

  describe('exposure policy', () => {
    it('refuses LoadBalancer and NodePort without the policy, on create and on update', async () => {
      for (const exposure of ['LoadBalancer', 'NodePort']) {
        const res = await create(B, { exposure, clusterId: otherClusterId });
        expect(res.statusCode, exposure).toBe(403);
        expect(res.json().error).toMatchObject({
          code: 'PN_SERVER_EXPOSURE_NOT_ALLOWED',
          details: { exposure, allowed: ['ClusterIP'] },
        });
      }
      const { server } = (await create(B, { clusterId: otherClusterId })).json();
      const moved = await send('PATCH', `/api/v1/tenants/${B}/servers/${server.id}`, admin, {
        exposure: 'LoadBalancer',
      });
      expect(moved.statusCode).toBe(403);

      // Allowed for this tenant alone.
      await setLimits(B, { clusters: [otherClusterId], exposures: ['ClusterIP', 'LoadBalancer'] });
      expect(
        (await create(B, { exposure: 'LoadBalancer', clusterId: otherClusterId })).statusCode,
      ).toBe(202);
      expect(
        (await create(A, { exposure: 'LoadBalancer', resources: { cpu: 100 } })).statusCode,
      ).toBe(403);
      // Installation-wide.
      await policy({ exposures: ['ClusterIP', 'NodePort'] });
      expect((await send('GET', `/api/v1/tenants/${A}/limits`, admin)).json().exposures).toEqual([
        'ClusterIP',
        'NodePort',
      ]);
    });
  });

  describe('install policy', () => {
    const confirm = (guild: string) =>
      send('POST', `/api/v1/guilds/${guild}/install/confirm`, admin);

    it('keeps a guild under approval out until a super admin approves it', async () => {
      await policy({ installPolicy: 'approval' });
      const [guild] = NEW;
      const asked = await confirm(guild);
      expect(asked.statusCode).toBe(202);
      expect(asked.json()).toEqual({ guildId: guild, status: 'pending' });
      // Not a tenant yet: no tenant routes, no servers.
      expect((await send('GET', `/api/v1/tenants/${guild}`, admin)).statusCode).toBe(404);
      const server = await create(guild, { clusterId });
      expect(server.statusCode).toBe(404);
      expect(server.json().error.code).toBe('PN_TENANT_NOT_FOUND');
      const installable = (await send('GET', '/api/v1/guilds/installable', admin)).json();
      expect(installable.items.find((g: { id: string }) => g.id === guild).request).toBe('pending');

      const queue = (await send('GET', '/api/v1/admin/install-requests', root)).json();
      expect(queue.items).toEqual([
        expect.objectContaining({ guildId: guild, status: 'pending', requestedBy: MEMBER }),
      ]);
      const approved = await send('POST', `/api/v1/admin/install-requests/${guild}/approve`, root);
      expect(approved.statusCode).toBe(201);
      expect((await send('GET', `/api/v1/tenants/${guild}`, admin)).statusCode).toBe(200);
      expect((await create(guild, { clusterId })).statusCode).toBe(202);
      expect((await send('GET', '/api/v1/admin/install-requests', root)).json().items).toEqual([]);
      expect(await audited('tenant.install-request.approve')).toHaveLength(1);
      expect((await audited('tenant.install-request.create')).length).toBeGreaterThan(0);
    });

    it('keeps a declined guild declined until a super admin approves it after all', async () => {
      await policy({ installPolicy: 'approval' });
      const guild = NEW[1];
      expect((await confirm(guild)).statusCode).toBe(202);
      const rejected = await send('POST', `/api/v1/admin/install-requests/${guild}/reject`, root);
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json()).toMatchObject({ status: 'rejected', decidedBy: 'root' });
      const again = await confirm(guild);
      expect(again.statusCode).toBe(403);
      expect(again.json().error.code).toBe('PN_TENANT_INSTALL_REJECTED');
      expect((await send('GET', `/api/v1/tenants/${guild}`, admin)).statusCode).toBe(404);
      const declined = await send('GET', '/api/v1/admin/install-requests?status=rejected', root);
      expect(declined.json().items.map((r: { guildId: string }) => r.guildId)).toEqual([guild]);
      expect(
        (await send('POST', `/api/v1/admin/install-requests/${guild}/reject`, root)).statusCode,
      ).toBe(404);
      expect(
        (await send('POST', `/api/v1/admin/install-requests/${guild}/approve`, root)).statusCode,
      ).toBe(201);
    });

    it('refuses guilds off the allowlist and admits those on it', async () => {
      const guild = NEW[2];
      await policy({ installPolicy: 'allowlist', installAllowlist: ['499999999999999999'] });
      for (const res of [
        await send('POST', `/api/v1/guilds/${guild}/install`, admin),
        await confirm(guild),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('PN_TENANT_INSTALL_NOT_ALLOWED');
      }
      await policy({ installAllowlist: [guild] });
      expect((await confirm(guild)).statusCode).toBe(201);
    });
  });

  describe('access', () => {
    const adminRoutes = [
      ['GET', '/api/v1/admin/policy'],
      ['PATCH', '/api/v1/admin/policy', {}],
      ['GET', '/api/v1/admin/tenants'],
      [
        'PUT',
        `/api/v1/admin/tenants/${A}/limits`,
        { ceiling: {}, clusters: null, exposures: null },
      ],
      ['GET', '/api/v1/admin/cluster-capacity'],
      ['PUT', `/api/v1/admin/clusters/cl_x/capacity`, {}],
      ['GET', '/api/v1/admin/install-requests'],
      ['POST', `/api/v1/admin/install-requests/${NEW[0]}/approve`],
      ['POST', `/api/v1/admin/install-requests/${NEW[0]}/reject`],
    ] as const;

    it('answers the super-admin routes to super admins only', async () => {
      for (const [method, url, body] of adminRoutes) {
        const res = await send(method, url, admin, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('PN_FORBIDDEN');
        expect((await send(method, url, {}, body)).statusCode, `${method} ${url}`).toBe(401);
      }
      const routes = core.app.pn.routes.filter((r) => r.url.startsWith('/api/v1/admin/'));
      for (const [method, url] of adminRoutes) {
        const pattern = url.replace('cl_x', ':clusterId').replace(/\d{10,}/, ':guildId');
        expect(routes.find((r) => r.method === method && r.url === pattern)?.access, pattern).toBe(
          'superAdmin',
        );
      }
    });

    it("lists every tenant with its limits and usage, and validates a super admin's input", async () => {
      const list = (await send('GET', '/api/v1/admin/tenants', root)).json();
      expect(list.items.map((t: { id: string }) => t.id)).toEqual(
        expect.arrayContaining([A, B, C]),
      );
      const a = list.items.find((t: { id: string }) => t.id === A);
      expect(a.usage.servers).toBeGreaterThan(0);
      for (const bad of [
        { ceiling: { servers: -1 }, clusters: null, exposures: null },
        { ceiling: { cpuMillicores: 'lots' }, clusters: null, exposures: null },
        { ceiling: {}, clusters: null, exposures: ['Ingress'] },
      ]) {
        const res = await setLimits(A, bad);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('PN_VALIDATION_FAILED');
      }
      expect((await policy({ installPolicy: 'everyone' })).statusCode).toBe(400);
      expect((await setLimits('499999999999999998', {})).statusCode).toBe(404);
    });
  });
});
