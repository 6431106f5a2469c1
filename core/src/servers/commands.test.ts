import { describe, expect, it, vi } from 'vitest';
import type { GameServerSpec } from '@pteronimbus/sdk';
import type { ResourceLimits } from '../config/schema.ts';
import { ServerCommands } from './commands.ts';
import type { ServerRecord } from './records.ts';
import { serverView } from './view.ts';
import { TEMPLATE_ID } from './__fixtures__/catalog.ts';
import {
  CLUSTER,
  FakeServerStore,
  fakeTemplates,
  RecordingAudit,
  RecordingBus,
  serverRecord,
  TENANT,
} from './__fixtures__/fakes.ts';

const admin = { principal: { userId: 'u1', name: 'Alice' } as never, source: 'web' as const };
const member = { ...admin, parameterAccess: 'member' as const };
const ROOMY: ResourceLimits = {
  servers: 10,
  cpuMillicores: 100_000,
  memoryMb: 100_000,
  diskGb: 1000,
};

function setup(options: { quota?: ResourceLimits; cluster?: string } = {}) {
  const store = new FakeServerStore();
  const events = new RecordingBus();
  const audit = new RecordingAudit();
  const published: ServerRecord[] = [];
  const withdrawn: Array<[string, boolean]> = [];
  const forgotten: string[] = [];
  const wrote = vi.fn();
  const commands = new ServerCommands({
    store,
    templates: fakeTemplates(),
    publisher: {
      publish: async (server) => {
        published.push(server);
        return { parameters: { WORLD: 'x' } } as unknown as GameServerSpec;
      },
      withdraw: async (server, template) => {
        withdrawn.push([server.id, template !== null]);
        return 9;
      },
      withdrawTenant: async () => {},
    },
    reads: { view: async (s, hidden) => serverView(s, false, hidden), wrote },
    install: { forget: async (id) => void forgotten.push(id) },
    limits: {
      quota: async () => options.quota ?? ROOMY,
      tenant: async () => ({ exposures: ['ClusterIP'] }) as never,
      assertServerSize: () => {},
      assertExposure: async () => {},
      assertCluster: async () => {},
      store: { clusterCapacity: async () => ({}) },
    },
    tenants: {
      tenant: async () => ({ settings: { defaultClusterId: CLUSTER } }) as never,
    },
    gateway: {
      getCluster: async (id) => ({ status: id === CLUSTER ? 'approved' : 'pending' }) as never,
    },
    audit,
    events,
  });
  return { store, events, audit, published, withdrawn, forgotten, wrote, commands };
}

const input = { name: 'Survival', templateId: TEMPLATE_ID, parameters: { WORLD: 'alpha' } };

describe('server commands', () => {
  it('creates a server on the default cluster, audited, published and told to the tenant', async () => {
    const { store, events, audit, published, wrote, commands } = setup();
    const accepted = await commands.create(TENANT, input, admin);
    const id = accepted.server.id;
    expect(store.servers.get(id)).toMatchObject({
      clusterId: CLUSTER,
      templateVersion: 2,
      desiredState: 'Running',
      resources: { cpu: 1000, memory: 1024, disk: 2048 },
    });
    expect(wrote).toHaveBeenCalledWith(TENANT);
    expect(audit.entries).toMatchObject([
      { action: 'server.create', changes: { parameters: ['WORLD'], clusterId: CLUSTER } },
    ]);
    expect(published.map((s) => s.id)).toEqual([id]);
    expect(events.on('/events')).toEqual([{ type: 'server.created', serverId: id, revision: 1 }]);
  });

  it('refuses what breaks the template, the quota or needs an unusable cluster, storing nothing', async () => {
    const { store, commands } = setup({ quota: { ...ROOMY, cpuMillicores: 500 } });
    await expect(
      commands.create(TENANT, { ...input, parameters: { WORLD: 'NOT lower' } }, admin),
    ).rejects.toMatchObject({ code: 'PN_SERVER_PARAMETERS_INVALID' });
    await expect(commands.create(TENANT, input, admin)).rejects.toMatchObject({
      code: 'PN_QUOTA_EXCEEDED',
    });
    await expect(
      commands.create(TENANT, { ...input, clusterId: 'c-pending' }, admin),
    ).rejects.toMatchObject({ code: 'PN_SERVER_CLUSTER_UNAVAILABLE' });
    expect(store.servers.size).toBe(0);
  });

  it('restarts a running server by stopping it first, and resumes once it stopped', async () => {
    const { store, events, published, commands } = setup();
    store.add(serverRecord({ id: 's1', status: { phase: 'Running' } }));
    const accepted = await commands.action(TENANT, 's1', 'restart', admin);
    expect(store.servers.get('s1')).toMatchObject({
      desiredState: 'Stopped',
      pendingAction: 'restart',
      revision: 2,
    });
    expect(accepted.revision).toBe(2);
    await commands.resumeRestart({ tenantId: TENANT, id: 's1' });
    expect(store.servers.get('s1')).toMatchObject({
      desiredState: 'Running',
      pendingAction: null,
      revision: 3,
    });
    expect(published.map((s) => s.revision)).toEqual([2, 3]);
    expect(events.on('/events')).toEqual([
      { type: 'server.restart', serverId: 's1', revision: 2 },
      { type: 'server.restart.resumed', serverId: 's1', revision: 3 },
    ]);
  });

  it('kills with the shortest grace, and starts a stopped server on restart at once', async () => {
    const { store, commands } = setup();
    store.add(serverRecord({ id: 's1', desiredState: 'Stopped', status: { phase: 'Stopped' } }));
    await commands.action(TENANT, 's1', 'restart', admin);
    expect(store.servers.get('s1')).toMatchObject({ desiredState: 'Running', pendingAction: null });
    await commands.action(TENANT, 's1', 'kill', admin);
    expect(store.servers.get('s1')).toMatchObject({ desiredState: 'Stopped', stopGraceSeconds: 1 });
  });

  it('keeps a server off an exposure the policy does not allow, renaming it otherwise', async () => {
    const { store, commands } = setup();
    store.add(serverRecord({ id: 's1', exposure: 'NodePort' }));
    await expect(
      commands.update(TENANT, 's1', { exposure: 'LoadBalancer' }, admin),
    ).rejects.toMatchObject({ code: 'PN_SERVER_EXPOSURE_NOT_ALLOWED' });
    // A server keeps the exposure it has.
    await commands.update(TENANT, 's1', { exposure: 'NodePort', name: 'Renamed' }, admin);
    expect(store.servers.get('s1')).toMatchObject({ name: 'Renamed', exposure: 'NodePort' });
    await expect(commands.update(TENANT, 'nope', { name: 'x' }, member)).rejects.toMatchObject({
      code: 'PN_SERVER_NOT_FOUND',
    });
  });

  it('previews a template move without changing anything, then moves', async () => {
    const { store, published, commands } = setup();
    store.add(
      serverRecord({
        id: 's1',
        templateVersion: 1,
        parameters: { WORLD: 'alpha', OLD_FLAG: true },
      }),
    );
    const preview = await commands.moveTemplate(TENANT, 's1', { version: 2, dryRun: true }, admin);
    expect(preview).toMatchObject({ dryRun: true, from: 1, to: 2, kept: { WORLD: 'alpha' } });
    expect(store.servers.get('s1')!.templateVersion).toBe(1);
    expect(published).toEqual([]);
    const moved = await commands.moveTemplate(TENANT, 's1', { version: 2 }, admin);
    expect(moved).toMatchObject({ from: 1, to: 2, dropped: [{ name: 'OLD_FLAG' }] });
    expect(store.servers.get('s1')).toMatchObject({
      templateVersion: 2,
      parameters: { WORLD: 'alpha' },
    });
  });

  it('deletes a server, with its files unless kept, and forgets its install output', async () => {
    const { store, audit, withdrawn, forgotten, commands } = setup();
    store.add(serverRecord({ id: 's1' }), serverRecord({ id: 's2' }));
    expect(await commands.remove(TENANT, 's1', true, admin)).toEqual({
      deleted: true,
      serverId: 's1',
      keepData: true,
      linkRevision: 9,
    });
    await commands.remove(TENANT, 's2', false, admin);
    expect(withdrawn).toEqual([
      ['s1', false],
      ['s2', true],
    ]);
    expect(forgotten).toEqual(['s1', 's2']);
    expect(store.servers.size).toBe(0);
    expect(audit.entries.map((e) => e.action)).toEqual(['server.delete', 'server.delete']);
  });

  it('stops every server of a tenant that leaves keeping its data, and drops them otherwise', async () => {
    const kept = setup();
    kept.store.add(serverRecord({ id: 's1' }), serverRecord({ id: 's2', desiredState: 'Stopped' }));
    await kept.commands.tenantUninstalled(TENANT, true, admin);
    expect([...kept.store.servers.values()].map((s) => s.desiredState)).toEqual([
      'Stopped',
      'Stopped',
    ]);
    expect(kept.audit.entries.map((e) => e.action)).toEqual(['server.stop']);

    const dropped = setup();
    dropped.store.add(serverRecord({ id: 's1' }));
    await dropped.commands.tenantUninstalled(TENANT, false, admin);
    expect(dropped.withdrawn).toEqual([['s1', true]]);
    expect(dropped.store.servers.size).toBe(0);
    expect(dropped.forgotten).toEqual(['s1']);
  });
});
