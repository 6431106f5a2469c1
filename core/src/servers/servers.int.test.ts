import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  STREAM_BUS_PREFIX,
  STREAM_PATH,
  streamTopics,
  verifyDocument,
  type BusEvent,
  type CoreMessage,
  type DocumentMessage,
} from '@pteronimbus/sdk';
import { asUser, startTestCore, testIdentityPlugin, type TestCore } from '@pteronimbus/testing';
import { defineConfig } from '../config/load.ts';
import { EXPOSURES } from '../limits/index.ts';
import { TenantStore, type TenantSettings } from '../tenants/index.ts';
import {
  catalogFixture,
  GAME_ID,
  LOCKED_TEMPLATE_ID,
  playerAnswer,
  queries,
  TEMPLATE_ID,
} from './__fixtures__/catalog.ts';
import { FakeOperator } from './__fixtures__/operator.ts';
import { ACTION_PERMISSIONS } from './routes.ts';

// The test identity's Discord id: owning a guild makes it a member without asking Discord.
const MEMBER = '100000000000000001';
const A = '400000000000000001';
const B = '400000000000000002'; // owned by someone else: the caller is not a member
const C = '400000000000000003';
const D = '400000000000000004'; // uninstalled, keeping its data
const E = '400000000000000005'; // uninstalled, deleting it

const PERMISSIONS = [
  'server.read',
  'server.create',
  'server.update',
  'server.delete',
  'server.start',
  'server.stop',
  'server.restart',
  'server.console.write',
  'server.logs.read',
  'server.metrics.read',
];
// `admin` holds everything in A, B and C; a user named after a permission holds only that one in A.
const grants: Record<string, Record<string, string[]>> = {
  admin: Object.fromEntries([A, B, C, D, E].map((t) => [t, PERMISSIONS])),
  nobody: {},
  ...Object.fromEntries(PERMISSIONS.map((p) => [p, { [A]: [p] }])),
  // Runs servers but does not manage templates; `manager` does both.
  member: { [A]: ['server.read', 'server.create', 'server.update', 'server.start'] },
  manager: {
    [A]: ['server.read', 'server.create', 'server.update', 'server.start', 'template.manage'],
  },
};
const admin = asUser('admin');
const CEILING = { servers: 1000, cpuMillicores: 1_000_000, memoryMb: 1_000_000, diskGb: 10_000 };
// Long enough for the fake operator to answer on a loaded machine, short enough that the checks of
// an operator that stays silent (504) do not drag.
const RELAY_TIMEOUT_MS = 2_000;

async function discordStub(): Promise<{ apiUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Unknown Member', code: 10007 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Doc = Extract<CoreMessage, { type: 'document' }>;
const isDoc = (kind: string, name?: string) => (m: CoreMessage) =>
  m.type === 'document' && m.kind === kind && (name === undefined || m.name === name);

describe('game servers', () => {
  let core: TestCore;
  let discord: Awaited<ReturnType<typeof discordStub>>;
  let clusterId: string;
  let credential: string;
  let operator: FakeOperator;
  const servers = () => core.app.pn.servers;
  const base = (tenant = A) => `/api/v1/tenants/${tenant}/servers`;

  async function settings(tenantId: string, value: TenantSettings) {
    await new TenantStore(core.app.pn.db).updateSettings(tenantId, value);
    await core.app.pn.tenants.tenantChanged(tenantId);
  }

  async function create(body: Record<string, unknown> = {}, headers = admin, tenant = A) {
    return core.inject({
      method: 'POST',
      url: base(tenant),
      headers,
      payload: {
        name: 'Survival',
        templateId: TEMPLATE_ID,
        parameters: { WORLD: 'alpha' },
        ...body,
      },
    });
  }

  async function created(body: Record<string, unknown> = {}, tenant = A) {
    const res = await create(body, admin, tenant);
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as {
      revision: number;
      server: { id: string; revision: number; linkRevision: number; status: { stale: boolean } };
      desired: Record<string, unknown>;
    };
  }

  function report(name: string, status: Record<string, unknown> | null, tenantId = A) {
    operator.send({
      type: 'status',
      kind: 'GameServer',
      tenantId,
      namespace: `pn-${tenantId}`,
      name,
      generation: 1,
      status,
    });
  }

  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
      await sleep(25);
    }
  }

  /** The link goes down: core cuts it, as it does when the operator stops answering pings. */
  async function dropLink() {
    core.app.pn.operatorGateway.close();
    await operator.closed;
    await until(
      async () => core.app.pn.operatorGateway.connected(),
      (c) => !c.includes(clusterId),
    );
  }

  const get = async (id: string, tenant = A) =>
    (await core.inject({ url: `${base(tenant)}/${id}`, headers: admin })).json();

  beforeAll(async () => {
    discord = await discordStub();
    core = await startTestCore({
      plugins: [testIdentityPlugin({ grants }), catalogFixture],
      servers: { relayTimeoutMs: RELAY_TIMEOUT_MS },
      config: {
        discord: { botToken: 'stub-token', apiUrl: discord.apiUrl },
        // Roomy ceilings and every exposure: these tests are about servers, not about limits
        // (core/src/limits/limits.int.test.ts holds those).
        limits: { ...defineConfig().limits, tenantCeiling: CEILING, exposures: [...EXPOSURES] },
      },
    });
    const tenants = new TenantStore(core.app.pn.db);
    for (const [id, owner] of [
      [A, MEMBER],
      [B, '100000000000000999'],
      [C, MEMBER],
      [D, MEMBER],
      [E, MEMBER],
    ] as const)
      await tenants.install({ id, name: id, icon: null, ownerId: owner, installedBy: owner });
    const gateway = core.app.pn.operatorGateway;
    const { token } = await gateway.createJoinToken({ name: 'test', createdBy: null });
    const registered = await gateway.register({ token });
    await gateway.approve(registered.clusterId, null);
    clusterId = registered.clusterId;
    credential = registered.credential;
    operator = await FakeOperator.connect(core.app, credential);
    for (const id of [A, B, C, D, E]) await settings(id, { defaultClusterId: clusterId });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await discord?.close();
  });

  describe('creating', () => {
    it('writes the desired state and sends Tenant, GameTemplate and GameServer, signed, over the link', async () => {
      const from = operator.received.length;
      const { revision, server, desired } = await created({ resources: { cpu: 1500 } });
      expect(revision).toBe(1);
      expect(server.id).toMatch(/^s[0-9a-f]{20}$/);
      expect(desired).toMatchObject({
        tenantId: A,
        template: { name: `${TEMPLATE_ID}-v2`, version: '2' },
        parameters: { MAX_PLAYERS: '10', MOTD: 'hello', WORLD: 'alpha' },
        resources: { cpu: 1500, memory: 1024, disk: 2048 },
        desiredState: 'Running',
        storage: { deleteWithServer: false },
      });
      const tenant = await operator.next<Doc>(isDoc('Tenant'), from);
      expect(tenant.spec).toMatchObject({
        quota: {
          servers: CEILING.servers,
          cpu: CEILING.cpuMillicores,
          memory: CEILING.memoryMb,
          disk: CEILING.diskGb * 1024,
        },
        gamePorts: [
          { protocol: 'TCP', port: 27015 },
          { protocol: 'UDP', port: 27015 },
        ],
      });
      const template = await operator.next<Doc>(isDoc('GameTemplate'), from);
      expect(template.name).toBe(`${TEMPLATE_ID}-v2`);
      const doc = await operator.next<Doc>(isDoc('GameServer', server.id), from);
      expect(doc.spec).toEqual(desired);
      expect(doc.revision).toBe(server.linkRevision);
      for (const d of [tenant, template, doc])
        expect(
          verifyDocument(
            { ...(d as DocumentMessage), clusterId },
            d.signature,
            core.app.pn.operatorGateway.publicKey,
          ),
        ).toBe(true);
      // The namespace and template are sent once; the second server only adds its GameServer.
      const again = operator.received.length;
      const second = await created({ name: 'Creative' });
      await operator.next(isDoc('GameServer', second.server.id), again);
      expect(operator.received.slice(again).filter((m) => m.type === 'document')).toHaveLength(1);
    });

    it('reports every invalid parameter with its path', async () => {
      const res = await create({
        parameters: { MAX_PLAYERS: 500, MOTD: 'x', TYPO: 1, OLD_FLAG: 'yes' },
      });
      expect(res.statusCode).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('PN_SERVER_PARAMETERS_INVALID');
      expect(error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        '/parameters/MAX_PLAYERS',
        '/parameters/MOTD',
        '/parameters/OLD_FLAG',
        '/parameters/TYPO',
        '/parameters/WORLD',
      ]);
      // Each also says what failed in a form the panel translates.
      const coded = Object.fromEntries(
        error.details.issues.map((i: { path: string; code: string; params: unknown }) => [
          i.path,
          { code: i.code, params: i.params },
        ]),
      );
      expect(coded).toEqual({
        '/parameters/MAX_PLAYERS': { code: 'maximum', params: { limit: 50 } },
        '/parameters/MOTD': { code: 'minLength', params: { limit: 3 } },
        '/parameters/OLD_FLAG': { code: 'unknown', params: {} },
        '/parameters/TYPO': { code: 'unknown', params: {} },
        '/parameters/WORLD': { code: 'required', params: {} },
      });
      // Version 1 still has OLD_FLAG, and wants a boolean there.
      const v1 = await create({ templateVersion: 1, parameters: { WORLD: 'a', OLD_FLAG: 'yes' } });
      expect(v1.json().error.details.issues).toEqual([
        {
          path: '/parameters/OLD_FLAG',
          message: expect.any(String),
          code: 'type',
          params: { type: 'boolean' },
        },
      ]);
    });

    it('refuses an unknown template, version or cluster with a clear code', async () => {
      expect((await create({ templateId: 'nope' })).json().error.code).toBe(
        'PN_SERVER_TEMPLATE_NOT_FOUND',
      );
      expect((await create({ templateVersion: 9 })).json().error.code).toBe(
        'PN_SERVER_TEMPLATE_NOT_FOUND',
      );
      const unknown = await create({ clusterId: 'cl_missing' });
      expect(unknown.statusCode).toBe(409);
      expect(unknown.json().error).toMatchObject({
        code: 'PN_SERVER_CLUSTER_UNAVAILABLE',
        details: { status: 'unknown' },
      });
      await settings(C, {});
      const none = await create({}, admin, C);
      expect(none.statusCode).toBe(400);
      expect(none.json().error.code).toBe('PN_SERVER_CLUSTER_REQUIRED');
      await settings(C, { defaultClusterId: clusterId });
    });

    it('enforces the tenant quotas with the numbers in the answer', async () => {
      await settings(C, {
        defaultClusterId: clusterId,
        quotas: { servers: 2, cpuMillicores: 2500, memoryMb: null, diskGb: 1 },
      });
      const first = await create({ resources: { cpu: 1000, disk: 512 } }, admin, C);
      expect(first.statusCode).toBe(202);
      const cpu = await create({ resources: { cpu: 2000, disk: 256 } }, admin, C);
      expect(cpu.statusCode).toBe(409);
      expect(cpu.json().error).toMatchObject({
        code: 'PN_QUOTA_EXCEEDED',
        details: { quota: 'cpu', limit: 2500, used: 1000, requested: 2000 },
      });
      const disk = await create({ resources: { cpu: 500, disk: 1024 } }, admin, C);
      expect(disk.json().error.details).toMatchObject({ quota: 'disk', limit: 1024, used: 512 });
      expect((await create({ resources: { cpu: 500, disk: 256 } }, admin, C)).statusCode).toBe(202);
      const count = await create({ resources: { cpu: 100, disk: 1 } }, admin, C);
      expect(count.json().error.details).toMatchObject({ quota: 'servers', limit: 2, used: 2 });
      // Resizing counts too.
      const id = (first.json() as { server: { id: string } }).server.id;
      const resize = await core.inject({
        method: 'PATCH',
        url: `${base(C)}/${id}`,
        headers: admin,
        payload: { resources: { cpu: 2500 } },
      });
      expect(resize.json().error).toMatchObject({
        code: 'PN_QUOTA_EXCEEDED',
        details: { quota: 'cpu', used: 500, requested: 2500 },
      });
      await settings(C, { defaultClusterId: clusterId });
    });
  });

  describe('parameters the template keeps from members', () => {
    const member = asUser('member');
    const manager = asUser('manager');
    const lockedBody = (parameters: Record<string, unknown>) => ({
      name: 'Locked',
      templateId: LOCKED_TEMPLATE_ID,
      parameters,
    });

    async function lockedServer(): Promise<string> {
      const res = await create(
        lockedBody({ RCON_PASSWORD: 'hunter2-secret', MAP: 'de_mirage' }),
        manager,
      );
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().server.parameters).toEqual({
        RCON_PASSWORD: 'hunter2-secret',
        MAP: 'de_mirage',
      });
      return res.json().server.id as string;
    }

    it('refuses a member who sets a parameter that is not editable, and lets the default stand', async () => {
      for (const parameters of [{ RCON_PASSWORD: 'mine' }, { MAP: 'de_nuke' }]) {
        const refused = await create(lockedBody(parameters), member);
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error).toMatchObject({
          code: 'PN_SERVER_PARAMETER_LOCKED',
          details: { parameters: Object.keys(parameters) },
        });
      }
      const from = operator.received.length;
      const ok = await create(lockedBody({ MOTD: 'welcome' }), member);
      expect(ok.statusCode, ok.body).toBe(202);
      const { server, desired } = ok.json();
      // The server runs with the template's defaults for what the member may not set…
      const doc = await operator.next<Doc>(isDoc('GameServer', server.id), from);
      expect(doc.spec).toMatchObject({
        parameters: { MOTD: 'welcome', MAP: 'de_dust2', RCON_PASSWORD: 'admin-secret' },
      });
      // …and the answer shows the member only what they may see.
      expect(server.parameters).toEqual({ MOTD: 'welcome' });
      expect(desired.parameters).toEqual({ MOTD: 'welcome', MAP: 'de_dust2' });
      expect(ok.body).not.toContain('admin-secret');
    });

    it('never shows a member a parameter that is not viewable, in a server, the list or a change', async () => {
      const id = await lockedServer();
      const asMember = await core.inject({ url: `${base()}/${id}`, headers: member });
      expect(asMember.statusCode).toBe(200);
      expect(asMember.json().parameters).toEqual({ MAP: 'de_mirage' });
      expect(asMember.body).not.toContain('hunter2');
      const asManager = await core.inject({ url: `${base()}/${id}`, headers: manager });
      expect(asManager.json().parameters.RCON_PASSWORD).toBe('hunter2-secret');

      const listed = await core.inject({ url: base(), headers: member });
      expect(listed.statusCode).toBe(200);
      expect(listed.body).not.toContain('hunter2');
      const item = listed.json().items.find((s: { id: string }) => s.id === id);
      expect(item.parameters).toEqual({ MAP: 'de_mirage' });
      const managerList = await core.inject({ url: base(), headers: manager });
      expect(
        managerList.json().items.find((s: { id: string }) => s.id === id).parameters,
      ).toMatchObject({ RCON_PASSWORD: 'hunter2-secret' });

      const started = await core.inject({
        method: 'POST',
        url: `${base()}/${id}/actions/start`,
        headers: member,
      });
      expect(started.statusCode).toBe(202);
      expect(started.body).not.toContain('hunter2');

      const dryRun = await core.inject({
        method: 'POST',
        url: `${base()}/${id}/template`,
        headers: member,
        payload: { dryRun: true },
      });
      expect(dryRun.statusCode).toBe(200);
      expect(dryRun.json().kept).toEqual({ MAP: 'de_mirage' });
    });

    it('refuses a member who changes or resets a locked parameter, and keeps it through their other changes', async () => {
      const id = await lockedServer();
      const patch = (parameters: Record<string, unknown>, headers = member) =>
        core.inject({ method: 'PATCH', url: `${base()}/${id}`, headers, payload: { parameters } });
      for (const parameters of [
        { RCON_PASSWORD: 'guess' },
        { RCON_PASSWORD: null },
        { MAP: 'de_nuke' },
        { MAP: null },
      ]) {
        const refused = await patch(parameters);
        expect(refused.statusCode, JSON.stringify(parameters)).toBe(403);
        expect(refused.json().error.code).toBe('PN_SERVER_PARAMETER_LOCKED');
      }
      // Sending back what is shown changes nothing, so it passes.
      const from = operator.received.length;
      const ok = await patch({ MOTD: 'changed', MAP: 'de_mirage' });
      expect(ok.statusCode, ok.body).toBe(202);
      expect(ok.json().server.parameters).toEqual({ MOTD: 'changed', MAP: 'de_mirage' });
      expect(ok.body).not.toContain('hunter2');
      const doc = await operator.next<Doc>(isDoc('GameServer', id), from);
      expect(doc.spec).toMatchObject({
        parameters: { MOTD: 'changed', MAP: 'de_mirage', RCON_PASSWORD: 'hunter2-secret' },
      });
      // A template manager may change them.
      const byManager = await patch({ RCON_PASSWORD: 'rotated-secret', MAP: null }, manager);
      expect(byManager.statusCode, byManager.body).toBe(202);
      expect(byManager.json().server.parameters).toEqual({
        MOTD: 'changed',
        RCON_PASSWORD: 'rotated-secret',
      });
    });
  });

  describe('idempotency', () => {
    it('answers a retry with the same key and body with the first answer, once', async () => {
      const headers = { ...admin, 'idempotency-key': 'create-once-1' };
      const before = (await core.inject({ url: base(), headers: admin })).json().items.length;
      const first = await create({ name: 'Once' }, headers);
      const retry = await create({ name: 'Once' }, headers);
      expect(first.statusCode).toBe(202);
      expect(retry.statusCode).toBe(202);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      expect((await core.inject({ url: base(), headers: admin })).json().items.length).toBe(
        before + 1,
      );

      const reused = await create({ name: 'Other' }, headers);
      expect(reused.statusCode).toBe(422);
      expect(reused.json().error.code).toBe('PN_IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps a key per caller and frees it when the change failed', async () => {
      const key = { 'idempotency-key': 'shared-key' };
      const bad = await create({ parameters: {} }, { ...admin, ...key });
      expect(bad.statusCode).toBe(400);
      const good = await create({}, { ...admin, ...key });
      expect(good.statusCode).toBe(202);
      const other = await create({}, { ...asUser('server.create'), ...key });
      expect(other.statusCode).toBe(202);
      expect(other.json().server.id).not.toBe(good.json().server.id);
      const id = good.json().server.id as string;
      const stop = (k: string) =>
        core.inject({
          method: 'POST',
          url: `${base()}/${id}/actions/stop`,
          headers: { ...admin, 'idempotency-key': k },
        });
      const s1 = await stop('stop-1');
      const s2 = await stop('stop-1');
      expect(s2.json().revision).toBe(s1.json().revision);
      expect((await stop('stop-2')).json().revision).toBe(s1.json().revision + 1);
    });
  });

  describe('lifecycle', () => {
    it('flows status back into the API and the stream, and marks a silent cluster stale', async () => {
      const { server } = await created({ name: 'Watched' });
      const before = await get(server.id);
      expect(before.status).toMatchObject({ phase: null, reportedAt: null });

      const stream = (await core.app.injectWS(STREAM_PATH, {
        headers: { 'x-test-user': 'admin' },
      } as never)) as unknown as WebSocket;
      const messages: Array<{
        type: string;
        topic?: string;
        payload?: { status?: { phase?: string } };
      }> = [];
      stream.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString())));
      const topic = streamTopics.serverStatus(A, server.id);
      stream.send(JSON.stringify({ id: 1, type: 'subscribe', topic }));
      await until(
        async () => messages,
        (m) => m.some((x) => x.type === 'subscribed'),
      );

      report(server.id, { phase: 'Installing', message: 'installing' });
      const installing = await until(
        () => get(server.id),
        (s) => s.status.phase === 'Installing',
      );
      expect(installing.status).toMatchObject({
        stale: false,
        message: 'installing',
        ageSeconds: expect.any(Number),
        reportedAt: expect.any(String),
      });
      report(server.id, {
        phase: 'Running',
        address: '203.0.113.7',
        ports: [{ name: 'game', port: 27015, protocol: 'UDP' }],
      });
      await until(
        () => get(server.id),
        (s) => s.status.phase === 'Running',
      );
      const phases = await until(
        async () => messages.filter((m) => m.type === 'event').map((m) => m.payload?.status?.phase),
        (p) => p.length >= 2,
      );
      expect(phases).toEqual(['Installing', 'Running']);
      stream.terminate();

      // Running: the console is followed through the operator.
      const follow = await operator.next<Extract<CoreMessage, { type: 'logs.follow' }>>(
        (m) => m.type === 'logs.follow' && m.name === server.id,
      );
      expect(follow.streamId).toBe(`console:${A}:${server.id}`);

      await core.app.pn.shared.kv.delete(`servers:alive:${clusterId}`);
      await dropLink();
      await until(
        () => get(server.id),
        (s) => s.status.stale === true,
        3_000,
      );
      const listed = (await core.inject({ url: base(), headers: admin })).json();
      expect(listed.items.find((s: { id: string }) => s.id === server.id).status).toMatchObject({
        phase: 'Running',
        stale: true,
      });
      operator = await FakeOperator.connect(core.app, credential);
      await until(
        () => get(server.id),
        (s) => s.status.stale === false,
        3_000,
      );
    });

    it('starts, stops, kills, reinstalls and restarts through new revisions', async () => {
      const { server } = await created({ name: 'Cycled', start: false });
      const act = (action: string) =>
        core.inject({
          method: 'POST',
          url: `${base()}/${server.id}/actions/${action}`,
          headers: admin,
        });
      const spec = async (from: number) =>
        (await operator.next<Doc>(isDoc('GameServer', server.id), from)).spec as Record<
          string,
          unknown
        >;

      let from = operator.received.length;
      const started = await act('start');
      expect(started.statusCode).toBe(202);
      expect(started.json()).toMatchObject({ revision: 2, desired: { desiredState: 'Running' } });
      expect(await spec(from)).toMatchObject({ desiredState: 'Running' });

      from = operator.received.length;
      expect((await act('kill')).json().desired).toMatchObject({
        desiredState: 'Stopped',
        stopGracePeriodSeconds: 1,
      });
      await spec(from);
      from = operator.received.length;
      expect((await act('reinstall')).json().desired).toMatchObject({ installGeneration: 1 });
      await spec(from);

      // Restart from running: stop first, start once the operator says it stopped.
      await act('start');
      report(server.id, { phase: 'Running' });
      await until(
        () => get(server.id),
        (s) => s.status.phase === 'Running',
      );
      from = operator.received.length;
      const restart = await act('restart');
      expect(restart.json()).toMatchObject({
        desired: { desiredState: 'Stopped' },
        server: { pendingAction: 'restart' },
      });
      await spec(from);
      from = operator.received.length;
      report(server.id, { phase: 'Stopped' });
      expect(await spec(from)).toMatchObject({ desiredState: 'Running' });
      const after = await get(server.id);
      expect(after).toMatchObject({ desiredState: 'Running', pendingAction: null });

      const audit = await core.app.pn.db.query<{ action: string }>(
        `select "action" from "pn_audit_log" where "target_id" = $1 order by "id"`,
        [server.id],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'server.create',
        'server.start',
        'server.kill',
        'server.reinstall',
        'server.start',
        'server.restart',
      ]);
    });

    it('updates parameters and resources, and null puts a parameter back to its default', async () => {
      const { server } = await created({
        name: 'Tuned',
        exposure: 'LoadBalancer',
        parameters: { WORLD: 'alpha', MOTD: 'welcome' },
      });
      const patch = (payload: Record<string, unknown>) =>
        core.inject({ method: 'PATCH', url: `${base()}/${server.id}`, headers: admin, payload });
      const res = await patch({
        parameters: { MOTD: null, MAX_PLAYERS: 20 },
        resources: { memory: 2048 },
      });
      expect(res.statusCode).toBe(202);
      expect(res.json().desired).toMatchObject({
        parameters: { MOTD: 'hello', MAX_PLAYERS: '20' },
        resources: { memory: 2048, cpu: 1000 },
      });
      expect(res.json().server.parameters).toEqual({ WORLD: 'alpha', MAX_PLAYERS: 20 });
      // What the patch leaves out stays as it was.
      expect(res.json().server.exposure).toBe('LoadBalancer');
      const invalid = await patch({ parameters: { MAX_PLAYERS: 0 } });
      expect(invalid.json().error.details.issues).toEqual([
        {
          path: '/parameters/MAX_PLAYERS',
          message: expect.any(String),
          code: 'minimum',
          params: { limit: 1 },
        },
      ]);
      const empty = await patch({});
      expect(empty.statusCode, empty.body).toBe(400);
    });

    it('picks the image from the template by its image parameter, on create and on update', async () => {
      const first = await created({ name: 'Default runtime' });
      // The first image when the parameter keeps its default.
      expect(first.desired.image).toBe('ghcr.io/example/fake:2');

      const from = operator.received.length;
      const { server, desired } = await created({
        name: 'Old runtime',
        parameters: { WORLD: 'alpha', RUNTIME: 1 },
      });
      expect(desired.image).toBe('ghcr.io/example/fake:1');
      // The signed document the operator runs carries it.
      const doc = await operator.next<Doc>(isDoc('GameServer', server.id), from);
      expect(doc.spec).toMatchObject({ image: 'ghcr.io/example/fake:1' });

      const patch = (payload: Record<string, unknown>) =>
        core.inject({ method: 'PATCH', url: `${base()}/${server.id}`, headers: admin, payload });
      const back = await patch({ parameters: { RUNTIME: null } });
      expect(back.statusCode, back.body).toBe(202);
      expect(back.json().desired.image).toBe('ghcr.io/example/fake:2');
      expect((await patch({ parameters: { RUNTIME: 1 } })).json().desired.image).toBe(
        'ghcr.io/example/fake:1',
      );
      // A value no image answers to is refused with the parameter, not run on a guess.
      const bad = await patch({ parameters: { RUNTIME: 3 } });
      expect(bad.json().error.details.issues).toEqual([
        {
          path: '/parameters/RUNTIME',
          message: expect.any(String),
          code: 'enum',
          params: { values: [2, 1] },
        },
      ]);
    });

    it('moves to another template version, keeping what applies and reporting the rest (R8.5)', async () => {
      const { server } = await created({
        name: 'Old',
        templateVersion: 1,
        parameters: { WORLD: 'alpha', MAX_PLAYERS: 80, OLD_FLAG: true, MOTD: 'kept motd' },
      });
      const move = (payload: Record<string, unknown>) =>
        core.inject({
          method: 'POST',
          url: `${base()}/${server.id}/template`,
          headers: admin,
          payload,
        });
      const preview = await move({ dryRun: true });
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ dryRun: true, from: 1, to: 2 });
      expect((await get(server.id)).template.version).toBe(1);

      const from = operator.received.length;
      const moved = await move({});
      expect(moved.statusCode).toBe(202);
      const body = moved.json();
      expect(body).toMatchObject({ from: 1, to: 2, server: { template: { version: 2 } } });
      expect(
        body.dropped.map((d: { name: string; reason: string }) => [d.name, d.reason]).sort(),
      ).toEqual([
        ['MAX_PLAYERS', 'invalid'],
        ['OLD_FLAG', 'removed'],
      ]);
      expect(body.server.parameters).toEqual({ WORLD: 'alpha', MOTD: 'kept motd' });
      const doc = await operator.next<Doc>(isDoc('GameServer', server.id), from);
      expect(doc.spec).toMatchObject({
        template: { name: `${TEMPLATE_ID}-v2`, version: '2' },
        parameters: { WORLD: 'alpha', MOTD: 'kept motd', MAX_PLAYERS: '10' },
      });
      expect(doc.spec).not.toHaveProperty('parameters.OLD_FLAG');
      const usage = await servers().templateUsage.usersOf({
        id: TEMPLATE_ID,
        scope: 'global',
        tenantId: null,
      });
      expect(usage).toContainEqual(
        expect.objectContaining({ type: 'server', id: server.id, version: 2 }),
      );
    });

    it('deletes with the data kept or dropped', async () => {
      const keep = (await created({ name: 'Keep' })).server.id;
      const drop = (await created({ name: 'Drop' })).server.id;
      let from = operator.received.length;
      const kept = await core.inject({
        method: 'DELETE',
        url: `${base()}/${keep}`,
        headers: admin,
      });
      expect(kept.statusCode).toBe(202);
      expect(kept.json()).toMatchObject({ deleted: true, keepData: true });
      const gone = await operator.next<Doc>(isDoc('GameServer', keep), from);
      expect(gone).toMatchObject({ deleted: true, spec: null });
      expect((await core.inject({ url: `${base()}/${keep}`, headers: admin })).statusCode).toBe(
        404,
      );

      from = operator.received.length;
      await core.inject({ method: 'DELETE', url: `${base()}/${drop}?data=drop`, headers: admin });
      const marked = await operator.next<Doc>(isDoc('GameServer', drop), from);
      expect(marked.spec).toMatchObject({ storage: { deleteWithServer: true } });
      const deleted = await operator.next<Doc>(
        (m) => isDoc('GameServer', drop)(m) && m !== marked,
        from,
      );
      expect(deleted.deleted).toBe(true);
    });
  });

  describe('console and logs', () => {
    it('relays a console command, audits it and echoes it on the console topic', async () => {
      const { server } = await created({ name: 'Console' });
      report(server.id, { phase: 'Running' });
      await until(
        () => get(server.id),
        (s) => s.status.phase === 'Running',
      );
      const echoed: unknown[] = [];
      const off = await core.app.pn.shared.events.subscribe(
        STREAM_BUS_PREFIX + streamTopics.serverConsole(A, server.id),
        (e: BusEvent) => echoed.push(e.payload),
      );
      const from = operator.received.length;
      const sent = core.inject({
        method: 'POST',
        url: `${base()}/${server.id}/console`,
        headers: admin,
        payload: { command: 'say hello' },
      });
      const input = await operator.next<Extract<CoreMessage, { type: 'console.input' }>>(
        (m) => m.type === 'console.input',
        from,
      );
      expect(input).toMatchObject({ namespace: `pn-${A}`, name: server.id, data: 'say hello\n' });
      operator.send({ type: 'console.result', requestId: input.requestId, ok: true });
      const res = await sent;
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ requestId: input.requestId });
      const audit = await core.app.pn.db.query<{ changes: { command: unknown } }>(
        `select "changes" from "pn_audit_log" where "action" = 'server.console.command' and "target_id" = $1`,
        [server.id],
      );
      // Never the line itself: its verb, its size and a keyed hash.
      expect(audit.map((a) => a.changes.command)).toEqual([
        { verb: 'say', length: 9, words: 2, hmac: expect.stringMatching(/^[0-9a-f]{32}$/) },
      ]);
      expect(JSON.stringify(audit)).not.toContain('hello');

      // Output the operator relays for the console follow reaches the console topic, colours kept.
      operator.send({
        type: 'logs.data',
        streamId: `console:${A}:${server.id}`,
        data: '\u001b[32mready\u001b[0m\n',
      });
      await until(
        async () => echoed,
        (e) => e.length >= 2,
      );
      expect(echoed).toEqual([
        { kind: 'input', data: 'say hello', by: 'admin' },
        { kind: 'output', data: '\u001b[32mready\u001b[0m\n' },
      ]);
      await off();

      const failing = core.inject({
        method: 'POST',
        url: `${base()}/${server.id}/console`,
        headers: admin,
        payload: { command: 'boom' },
      });
      const second = await operator.next<Extract<CoreMessage, { type: 'console.input' }>>(
        (m) => m.type === 'console.input' && m.data === 'boom\n',
      );
      operator.send({
        type: 'console.result',
        requestId: second.requestId,
        ok: false,
        error: { code: 'PN_LINK_ATTACH_FAILED', message: 'no kubelet' },
      });
      const failed = await failing;
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error).toMatchObject({
        code: 'PN_SERVER_CONSOLE_FAILED',
        details: { operatorCode: 'PN_LINK_ATTACH_FAILED' },
      });
    });

    it('keeps console secrets out of the audit log and operator internals away from tenants', async () => {
      const { server } = await created({ name: 'Secretive' });
      report(server.id, { phase: 'Running' });
      await until(
        () => get(server.id),
        (s) => s.status.phase === 'Running',
      );
      const commands = ['login Hunter2-Secret', 'Hunter2pass', 'stop'];
      for (const command of commands) {
        const sending = core.inject({
          method: 'POST',
          url: `${base()}/${server.id}/console`,
          headers: admin,
          payload: { command },
        });
        const input = await operator.next<Extract<CoreMessage, { type: 'console.input' }>>(
          (m) => m.type === 'console.input' && m.data === `${command}\n`,
        );
        operator.send(
          command === 'stop'
            ? {
                type: 'console.result',
                requestId: input.requestId,
                ok: false,
                error: {
                  code: 'attach failed: see /var/run/secrets/token',
                  message:
                    'dial tcp 10.244.1.7:10250: kubelet.pn-system.svc.cluster.local refused\n  at attach (/srv/operator/link.js:1:1)',
                },
              }
            : { type: 'console.result', requestId: input.requestId, ok: true },
        );
        const res = await sending;
        if (command === 'stop') {
          expect(res.statusCode).toBe(502);
          expect(res.json().error.details).toEqual({
            operatorCode: 'PN_OPERATOR_ERROR',
            operatorMessage: 'dial tcp <address>: <host> refused',
          });
        } else expect(res.statusCode).toBe(202);
      }
      const audit = await core.app.pn.db.query<{ changes: { command: { verb: string | null } } }>(
        `select "changes" from "pn_audit_log" where "action" = 'server.console.command' and "target_id" = $1 order by "id"`,
        [server.id],
      );
      expect(audit.map((a) => a.changes.command.verb)).toEqual(['login', null, 'stop']);
      expect(JSON.stringify(audit)).not.toMatch(/Hunter2/);

      report(server.id, {
        phase: 'Failed',
        message: 'pull from registry.internal:5000/game failed: open /var/lib/containerd/x: denied',
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'ImagePullBackOff',
            message: 'back-off pulling 10.0.0.12:5000/game',
            token: 'secret',
          },
        ],
      });
      const failed = await until(
        () => get(server.id),
        (s) => s.status.phase === 'Failed',
      );
      expect(failed.status.message).toBe('pull from <host>/game failed: open <path>: denied');
      expect(failed.status.conditions).toEqual([
        {
          type: 'Ready',
          status: 'False',
          reason: 'ImagePullBackOff',
          message: 'back-off pulling <address>/game',
        },
      ]);
    });

    it('downloads logs through the operator, and says honestly when it cannot', async () => {
      const { server } = await created({ name: 'Logged' });
      const from = operator.received.length;
      const pending = core.inject({ url: `${base()}/${server.id}/logs?lines=50`, headers: admin });
      const follow = await operator.next<Extract<CoreMessage, { type: 'logs.follow' }>>(
        (m) => m.type === 'logs.follow' && m.name === server.id,
        from,
      );
      expect(follow.tailLines).toBe(50);
      operator.send({ type: 'logs.data', streamId: follow.streamId, data: 'line 1\n' });
      operator.send({ type: 'logs.data', streamId: follow.streamId, data: 'line 2\n' });
      operator.send({ type: 'logs.end', streamId: follow.streamId });
      const res = await pending;
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toBe('line 1\nline 2\n');
      await operator.next((m) => m.type === 'logs.stop' && m.streamId === follow.streamId, from);

      const at = operator.received.length;
      const failing = core.inject({ url: `${base()}/${server.id}/logs`, headers: admin });
      const again = await operator.next<Extract<CoreMessage, { type: 'logs.follow' }>>(
        (m) => m.type === 'logs.follow' && m.name === server.id,
        at,
      );
      operator.send({
        type: 'logs.end',
        streamId: again.streamId,
        error: { code: 'PN_LINK_LOGS_FAILED', message: 'no kubelet' },
      });
      expect((await failing).json().error).toMatchObject({
        code: 'PN_SERVER_LOGS_FAILED',
        details: { operatorCode: 'PN_LINK_LOGS_FAILED' },
      });

      // The console's history on open: the last 1,000 lines, or nothing when they cannot be had.
      const history = async (reply: (streamId: string) => void) => {
        const mark = operator.received.length;
        const pendingHistory = servers().consoleHistory(A, server.id);
        const asked = await operator.next<Extract<CoreMessage, { type: 'logs.follow' }>>(
          (m) => m.type === 'logs.follow' && m.name === server.id,
          mark,
        );
        expect(asked.tailLines).toBe(1000);
        reply(asked.streamId);
        return pendingHistory;
      };
      expect(
        await history((streamId) => {
          operator.send({ type: 'logs.data', streamId, data: 'booted\n' });
          operator.send({ type: 'logs.end', streamId });
        }),
      ).toEqual([{ kind: 'output', data: 'booted\n' }]);
      expect(
        await history((streamId) =>
          operator.send({
            type: 'logs.end',
            streamId,
            error: { code: 'PN_LINK_LOGS_FAILED', message: 'no pod' },
          }),
        ),
      ).toEqual([]);

      const silent = await core.inject({ url: `${base()}/${server.id}/logs`, headers: admin });
      expect(silent.statusCode).toBe(504);
      expect(silent.json().error.code).toBe('PN_SERVER_RELAY_TIMEOUT');

      await dropLink();
      await core.app.pn.shared.kv.delete(`servers:alive:${clusterId}`);
      await until(
        () => get(server.id),
        (s) => s.status.stale === true,
        3_000,
      );
      const offline = await core.inject({
        method: 'POST',
        url: `${base()}/${server.id}/console`,
        headers: admin,
        payload: { command: 'say hi' },
      });
      expect(offline.statusCode).toBe(503);
      expect(offline.json().error.code).toBe('PN_SERVER_CLUSTER_OFFLINE');
      operator = await FakeOperator.connect(core.app, credential);
    });
  });

  describe('install output', () => {
    it('publishes what the operator relays on the install topic and keeps the end of it', async () => {
      const { server } = await created({ name: 'Installing' });
      const id = server.id;
      const published: unknown[] = [];
      const off = await core.app.pn.shared.events.subscribe(
        STREAM_BUS_PREFIX + streamTopics.serverInstall(A, id),
        (e: BusEvent) => published.push(e.payload),
      );
      const frame = (job: string, data: string, restart?: boolean) =>
        operator.send({
          type: 'install.output',
          tenantId: A,
          namespace: `pn-${A}`,
          name: id,
          job,
          data,
          ...(restart ? { restart } : {}),
        });
      const kept = async () =>
        (await core.inject({ url: `${base()}/${id}/install`, headers: admin })).json();

      expect(await kept()).toEqual({
        job: null,
        output: '',
        ended: false,
        error: null,
        truncated: false,
      });
      frame(`${id}-install-0`, 'Downloading server.jar\n', true);
      frame(`${id}-install-0`, 'Done\n');
      await until(
        async () => published,
        (p) => p.length >= 2,
      );
      expect(published).toEqual([
        {
          kind: 'output',
          serverId: id,
          job: `${id}-install-0`,
          data: 'Downloading server.jar\n',
          restart: true,
        },
        { kind: 'output', serverId: id, job: `${id}-install-0`, data: 'Done\n' },
      ]);
      // A view opening now reads what came before.
      expect(await kept()).toMatchObject({
        job: `${id}-install-0`,
        output: 'Downloading server.jar\nDone\n',
        ended: false,
      });
      operator.send({
        type: 'install.end',
        tenantId: A,
        namespace: `pn-${A}`,
        name: id,
        job: `${id}-install-0`,
      });
      await until(kept, (k) => k.ended === true);
      // A stream view of the install opened where nobody watched starts with the same history.
      expect(await core.app.pn.servers.installHistory(A, id)).toEqual([
        { kind: 'output', data: 'Downloading server.jar\nDone\n' },
        { kind: 'end', error: null },
      ]);
      expect(await core.app.pn.servers.installHistory(B, id)).toEqual([]);

      // Frames that do not belong to this tenant's server are dropped.
      operator.send({
        type: 'install.output',
        tenantId: B,
        namespace: `pn-${A}`,
        name: id,
        job: `${id}-install-0`,
        data: 'forged\n',
      });
      operator.send({
        type: 'install.output',
        tenantId: B,
        namespace: `pn-${B}`,
        name: id,
        job: `${id}-install-0`,
        data: 'other tenant\n',
      });

      // A reinstall replaces what was kept; an unreadable log ends with the operator's reason.
      frame(`${id}-install-1`, 'x'.repeat(70_000) + '\nlast line\n', true);
      operator.send({
        type: 'install.end',
        tenantId: A,
        namespace: `pn-${A}`,
        name: id,
        job: `${id}-install-1`,
        error: { code: 'PN_LINK_LOGS_FAILED', message: 'kubelet unreachable' },
      });
      const after = await until(kept, (k) => k.ended === true && k.job === `${id}-install-1`);
      expect(after).toEqual({
        job: `${id}-install-1`,
        output: 'last line\n',
        ended: true,
        error: { code: 'PN_LINK_LOGS_FAILED', message: 'kubelet unreachable' },
        truncated: true,
      });
      expect(JSON.stringify(published)).not.toMatch(/forged|other tenant/);
      expect(published.at(-1)).toEqual({
        kind: 'end',
        serverId: id,
        job: `${id}-install-1`,
        error: { code: 'PN_LINK_LOGS_FAILED', message: 'kubelet unreachable' },
      });
      await off();
    });
  });

  describe('metrics', () => {
    it('samples player counts through the game plugin and keeps absent usage as null', async () => {
      const { server } = await created({ name: 'Players', exposure: 'NodePort' });
      report(server.id, {
        phase: 'Running',
        address: '198.51.100.4',
        ports: [{ name: 'game', port: 27015, protocol: 'UDP', nodePort: 31015 }],
      });
      await until(
        () => get(server.id),
        (s) => s.status.phase === 'Running',
      );
      expect(server).toBeDefined();
      const sample = await servers().sample(A, server.id);
      expect(queries.at(-1)).toMatchObject({ host: '198.51.100.4', port: 31015 });
      expect(sample).toMatchObject({ playersOnline: 3, playersMax: 20, cpu: null, memory: null });

      const sampledAt = new Date().toISOString();
      report(server.id, {
        phase: 'Running',
        address: '198.51.100.4',
        ports: [{ name: 'game', port: 27015, protocol: 'UDP', nodePort: 31015 }],
        // Memory and disk travel in bytes and are answered in MiB.
        usage: {
          cpu: 420,
          memory: 900 * 2 ** 20,
          networkRx: 1200,
          sampledAt,
        },
      });
      await until(
        async () => (await servers().store.get(A, server.id))?.status,
        (s) => (s as { usage?: unknown } | null | undefined)?.usage !== undefined,
      );
      playerAnswer.online = 5;
      await servers().sample(A, server.id);
      const res = await core.inject({
        url: `${base()}/${server.id}/metrics?range=6h`,
        headers: admin,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        range: '6h',
        stepSeconds: 60,
        current: {
          cpu: 420,
          memory: 900,
          disk: null,
          networkRx: 1200,
          networkTx: null,
          playersOnline: 5,
          sampledAt,
        },
      });
      expect(
        body.series.map((s: { playersOnline: number; cpu: number | null }) => [
          s.playersOnline,
          s.cpu,
        ]),
      ).toEqual([
        [3, null],
        [5, 420],
      ]);
      expect(GAME_ID).toBe('fakegame');
    });

    it('never points the player query at an internal address an operator reports, unless its cluster expects that network', async () => {
      const { server } = await created({ name: 'Internal' });
      const before = queries.length;
      for (const address of ['127.0.0.1', '169.254.169.254', '10.96.0.7', '::1', 'localhost']) {
        report(server.id, {
          phase: 'Running',
          address,
          ports: [{ name: 'game', port: 27015, protocol: 'UDP' }],
        });
        await until(
          () => get(server.id),
          (s) => s.status.address === address,
        );
        const sample = await servers().sample(A, server.id);
        expect(sample.playersOnline, address).toBeNull();
      }
      expect(queries.length).toBe(before);
      // A super admin says the cluster's services are reached on 10.96.0.0/12 (core runs there).
      await core.app.pn.operatorGateway.setQueryNetworks(clusterId, ['10.96.0.0/12']);
      try {
        report(server.id, {
          phase: 'Running',
          address: '10.96.0.7',
          ports: [{ name: 'game', port: 27015, protocol: 'UDP' }],
        });
        await until(
          () => get(server.id),
          (s) => s.status.address === '10.96.0.7',
        );
        const sample = await servers().sample(A, server.id);
        expect(sample.playersOnline).toBe(playerAnswer.online);
        expect(queries.at(-1)).toMatchObject({ host: '10.96.0.7', port: 27015 });
        // Still nothing outside that network.
        report(server.id, {
          phase: 'Running',
          address: '10.0.0.1',
          ports: [{ name: 'game', port: 27015, protocol: 'UDP' }],
        });
        await until(
          () => get(server.id),
          (s) => s.status.address === '10.0.0.1',
        );
        const count = queries.length;
        expect((await servers().sample(A, server.id)).playersOnline).toBeNull();
        expect(queries.length).toBe(count);
      } finally {
        await core.app.pn.operatorGateway.setQueryNetworks(clusterId, []);
      }
    });

    it("lists each server's latest recent sample, only where the caller may read metrics", async () => {
      const { server: sampled } = await created({ name: 'Sampled', exposure: 'NodePort' });
      const { server: quiet } = await created({ name: 'Never sampled' });
      const { server: old } = await created({ name: 'Sampled long ago' });
      report(sampled.id, {
        phase: 'Running',
        address: '198.51.100.7',
        ports: [{ name: 'game', port: 27015, protocol: 'UDP', nodePort: 31016 }],
        usage: { cpu: 250, memory: 512 * 2 ** 20, sampledAt: new Date().toISOString() },
      });
      await until(
        async () => (await servers().store.get(A, sampled.id))?.status,
        (s) => (s as { usage?: unknown } | null | undefined)?.usage !== undefined,
      );
      const minute = 60_000;
      await servers().store.addSample(sampled.id, {
        at: new Date(Date.now() - 2 * minute),
        cpu: 100,
        memory: 100,
        disk: null,
        networkRx: null,
        networkTx: null,
        playersOnline: 1,
        playersMax: 20,
      });
      const latest = await servers().sample(A, sampled.id);
      // Sampling stopped ten minutes ago: that sample says nothing about now.
      await servers().store.addSample(old.id, {
        ...latest,
        at: new Date(Date.now() - 10 * minute),
      });

      type Item = { id: string; current?: Record<string, unknown> | null };
      const listed = async (user: string) => {
        const res = await core.inject({ url: `${base()}?limit=200`, headers: asUser(user) });
        expect(res.statusCode, res.body).toBe(200);
        return new Map((res.json().items as Item[]).map((item) => [item.id, item]));
      };
      const all = await listed('admin');
      expect(all.get(sampled.id)?.current).toEqual({
        sampledAt: latest.at.toISOString(),
        playersOnline: latest.playersOnline,
        playersMax: 20,
        cpu: 250,
        memory: 512,
      });
      expect(latest.playersOnline).toEqual(expect.any(Number));
      expect(all.get(quiet.id)?.current).toBeNull();
      expect(all.get(old.id)?.current).toBeNull();

      // Without server.metrics.read the list still answers, without samples.
      const plain = await listed('server.read');
      expect(plain.size).toBe(all.size);
      expect([...plain.values()].every((item) => !('current' in item))).toBe(true);

      // A grant narrowed to one server shows that server's sample alone.
      grants.erin = { [A]: ['server.read', `server.metrics.read@${sampled.id}`] };
      const narrowed = await listed('erin');
      expect(narrowed.get(sampled.id)?.current).toMatchObject({ cpu: 250 });
      expect('current' in narrowed.get(quiet.id)!).toBe(false);
      delete grants.erin;
    });
  });

  describe('access', () => {
    it('checks the permission of every server route', async () => {
      const { server } = await created({ name: 'Matrix' });
      const id = server.id;
      const routes: Array<[string, string, string, Record<string, unknown>?]> = [
        ['GET', base(), 'server.read'],
        [
          'POST',
          base(),
          'server.create',
          { name: 'x', templateId: TEMPLATE_ID, parameters: { WORLD: 'a' } },
        ],
        ['GET', `${base()}/${id}`, 'server.read'],
        ['PATCH', `${base()}/${id}`, 'server.update', { name: 'Renamed' }],
        ['POST', `${base()}/${id}/template`, 'server.update', { dryRun: true }],
        ['POST', `${base()}/${id}/console`, 'server.console.write', { command: 'list' }],
        ['GET', `${base()}/${id}/logs`, 'server.logs.read'],
        ['GET', `${base()}/${id}/metrics`, 'server.metrics.read'],
        ['GET', `${base()}/${id}/install`, 'server.read'],
        ...Object.entries(ACTION_PERMISSIONS).map(
          ([action, permission]) =>
            ['POST', `${base()}/${id}/actions/${action}`, permission] as [string, string, string],
        ),
        ['DELETE', `${base()}/${id}`, 'server.delete'],
      ];
      for (const [method, url, permission, payload] of routes) {
        const call = (user: string) =>
          core.inject({
            method: method as 'GET',
            url,
            headers: asUser(user),
            ...(payload ? { payload } : {}),
          });
        const denied = await call('nobody');
        expect(denied.statusCode, `${method} ${url} without permission`).toBe(403);
        expect(denied.json().error.details.permission).toBe(permission);
        const other = PERMISSIONS.find((p) => p !== permission)!;
        expect((await call(other)).statusCode, `${method} ${url} as ${other}`).toBe(403);
        const allowed = await call(permission);
        expect([200, 202, 504], `${method} ${url} as ${permission}: ${allowed.body}`).toContain(
          allowed.statusCode,
        );
      }
      const registered = core.app.pn.routes.filter(
        (r) => r.method !== 'HEAD' && r.url.startsWith('/api/v1/tenants/:tenantId/servers'),
      );
      expect(registered.every((r) => r.access === 'permission')).toBe(true);
      expect(registered).toHaveLength(routes.length);
    });

    it('lists only the servers a narrowed grant names, and opens those alone', async () => {
      const { server: seen } = await created({ name: 'Shared with Dana' });
      const { server: hidden } = await created({ name: 'Not for Dana' });
      const dana = asUser('dana');
      const list = async () => core.inject({ url: `${base()}?limit=100`, headers: dana });
      grants.dana = { [A]: [] };
      expect((await list()).statusCode).toBe(403);
      grants.dana = { [A]: [`server.read@${seen.id}`] };
      const narrowed = await list();
      expect(narrowed.statusCode).toBe(200);
      expect(narrowed.json().items.map((i: { id: string }) => i.id)).toEqual([seen.id]);
      expect((await core.inject({ url: `${base()}/${seen.id}`, headers: dana })).statusCode).toBe(
        200,
      );
      expect((await core.inject({ url: `${base()}/${hidden.id}`, headers: dana })).statusCode).toBe(
        403,
      );
      delete grants.dana;
    });

    it("answers 404 for another tenant's servers and for tenants the caller is not in", async () => {
      const { server } = await created({ name: 'Private' });
      const elsewhere = await core.inject({ url: `${base(C)}/${server.id}`, headers: admin });
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json().error.code).toBe('PN_SERVER_NOT_FOUND');
      for (const [method, url] of [
        ['GET', `${base(C)}/${server.id}/metrics`],
        ['POST', `${base(C)}/${server.id}/actions/stop`],
        ['DELETE', `${base(C)}/${server.id}`],
      ] as const)
        expect((await core.inject({ method, url, headers: admin })).statusCode).toBe(404);
      expect((await core.inject({ url: base(C), headers: admin })).json().items).not.toContainEqual(
        expect.objectContaining({ id: server.id }),
      );
      const outsider = await core.inject({ url: `${base(B)}/${server.id}`, headers: admin });
      expect(outsider.statusCode).toBe(404);
      expect(outsider.json().error.code).toBe('PN_TENANT_NOT_FOUND');
      expect((await get(server.id)).name).toBe('Private');
    });

    it('pages and filters the list', async () => {
      const listed = async (query: string) =>
        (await core.inject({ url: `${base()}?${query}`, headers: admin })).json();
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = await listed(
          `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(3);
        all.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(all.length);
      const running = await listed('phase=Running');
      expect(running.items.length).toBeGreaterThan(0);
      expect(
        running.items.every((s: { status: { phase: string } }) => s.status.phase === 'Running'),
      ).toBe(true);
      const named = await listed('q=rivat');
      expect(named.items.map((s: { name: string }) => s.name)).toEqual(['Private']);
      const byGame = await listed(`game=${GAME_ID}`);
      expect(byGame.items.length).toBe(all.length);
      expect((await listed('game=another-game')).items).toEqual([]);
      expect(
        (await core.inject({ url: `${base()}?cursor=bogus`, headers: admin })).json().error.code,
      ).toBe('PN_SERVER_CURSOR_INVALID');
    });

    it('shares one read among identical list requests, and never hides a write from its writer', async () => {
      const store = servers().store;
      const read = store.list.bind(store);
      let reads = 0;
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      // Each read is taken from the database at once, then held back until released.
      store.list = async (...args) => {
        reads++;
        const rows = await read(...args);
        await gate;
        return rows;
      };
      try {
        const list = () => core.inject({ url: `${base()}?limit=50`, headers: admin });
        const together = Array.from({ length: 10 }, list);
        await until(
          async () => reads,
          (n) => n >= 1,
        );
        // A server created while that read is held: a list asked for afterwards must show it.
        const { server } = await created({ name: 'Latecomer' });
        const after = list();
        await until(
          async () => reads,
          (n) => n >= 2,
        );
        release();
        const answers = await Promise.all(together);
        expect(answers.every((r) => r.statusCode === 200)).toBe(true);
        const names = (await after).json().items.map((i: { name: string }) => i.name);
        expect(names).toContain('Latecomer');
        // The ten shared one read (the create's own reads of one server do not use the list).
        expect(reads).toBe(2);
        await core.inject({ method: 'DELETE', url: `${base()}/${server.id}`, headers: admin });
      } finally {
        store.list = read;
      }
    });
  });

  describe('uninstalling the tenant', () => {
    const uninstall = (tenantId: string, keepData: boolean) =>
      core.inject({
        method: 'DELETE',
        url: `/api/v1/tenants/${tenantId}`,
        headers: admin,
        payload: { confirmName: tenantId, keepData },
      });
    const rowsOf = (table: string, tenantId: string) =>
      core.app.pn.db.query(`select 1 from "${table}" where "tenant_id" = $1`, [tenantId]);

    it('stops every server and keeps it, files and all, when the owner keeps the data', async () => {
      const running = (await created({ name: 'Running' }, D)).server.id;
      const stopped = (await created({ name: 'Stopped' }, D)).server.id;
      const before = operator.received.length;
      await core.inject({
        method: 'POST',
        url: `${base(D)}/${stopped}/actions/stop`,
        headers: admin,
      });
      await operator.next<Doc>(
        (m) => isDoc('GameServer', stopped)(m) && (m as Doc).spec?.desiredState === 'Stopped',
        before,
      );
      const from = operator.received.length;
      expect((await uninstall(D, true)).statusCode).toBe(204);
      const stop = await operator.next<Doc>(isDoc('GameServer', running), from);
      expect(stop.spec).toMatchObject({
        desiredState: 'Stopped',
        storage: { deleteWithServer: false },
      });
      // The one already stopped is left alone; nothing is deleted.
      const sent = operator.received.slice(from).filter((m) => m.type === 'document') as Doc[];
      expect(sent.map((m) => m.name)).toEqual([running]);
      const rows = await core.app.pn.db.query<{ id: string; desired_state: string }>(
        `select "id", "desired_state" from "pn_servers" where "tenant_id" = $1 order by "id"`,
        [D],
      );
      expect(rows).toEqual([
        { id: running, desired_state: 'Stopped' },
        { id: stopped, desired_state: 'Stopped' },
      ]);
      const audited = await core.app.pn.db.query<{ action: string; target_id: string }>(
        `select "action", "target_id" from "pn_audit_log" where "tenant_id" = $1 and "action" in ('server.stop', 'tenant.uninstall') order by "id"`,
        [D],
      );
      expect(audited).toEqual([
        { action: 'server.stop', target_id: stopped },
        { action: 'server.stop', target_id: running },
        { action: 'tenant.uninstall', target_id: D },
      ]);
    });

    it('takes every server with its files, then the namespace, off the cluster when the owner deletes the data', async () => {
      const before = operator.received.length;
      const one = (await created({ name: 'One' }, E)).server.id;
      const two = (await created({ name: 'Two' }, E)).server.id;
      await operator.next(isDoc('GameServer', two), before);
      const from = operator.received.length;
      expect((await uninstall(E, false)).statusCode).toBe(204);
      const namespace = await operator.next<Doc>(
        (m) => isDoc('Tenant')(m) && (m as Doc).tenantId === E,
        from,
      );
      expect(namespace.deleted).toBe(true);
      const sent = operator.received.slice(from).filter((m) => m.type === 'document') as Doc[];
      expect(
        sent.map((m) => [
          m.kind,
          m.name,
          m.deleted ? 'deleted' : (m.spec as { storage?: unknown } | null)?.storage,
        ]),
      ).toEqual([
        ['GameServer', one, { deleteWithServer: true }],
        ['GameServer', one, 'deleted'],
        ['GameServer', two, { deleteWithServer: true }],
        ['GameServer', two, 'deleted'],
        ['Tenant', E, 'deleted'],
      ]);
      expect(await rowsOf('pn_servers', E)).toEqual([]);
      expect(await rowsOf('pn_server_cluster_objects', E)).toEqual([]);
      expect(await core.app.pn.db.query(`select 1 from "pn_tenants" where "id" = $1`, [E])).toEqual(
        [],
      );
      expect(await rowsOf('pn_audit_log', E)).toEqual([]);
      const record = await core.app.pn.db.query(
        `select "tenant_id", "target_id" from "pn_audit_log" where "action" = 'tenant.uninstall' and "target_id" = $1`,
        [E],
      );
      expect(record).toEqual([{ tenant_id: null, target_id: E }]);
      expect((await core.inject({ url: base(E), headers: admin })).statusCode).toBe(404);
    });
  });
});
