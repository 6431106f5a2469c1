import { describe, expect, it, vi } from 'vitest';
import type { DesiredDocument } from '../operator-gateway/index.ts';
import { DesiredStatePublisher } from './publishing.ts';
import { TEMPLATE_ID } from './__fixtures__/catalog.ts';
import {
  CLUSTER,
  FakeServerStore,
  fakeTemplates,
  serverRecord,
  TENANT,
} from './__fixtures__/fakes.ts';

function setup() {
  const store = new FakeServerStore();
  const sent: Array<{ clusterId: string; doc: DesiredDocument }> = [];
  let quota = { servers: 10, cpuMillicores: 10_000, memoryMb: 10_000, diskGb: 100 };
  const wrote = vi.fn();
  const publisher = new DesiredStatePublisher({
    store,
    gateway: {
      publish: async (clusterId, doc) => {
        sent.push({ clusterId, doc });
        return { revision: sent.length };
      },
    },
    templates: fakeTemplates(),
    quotaOf: async () => quota,
    wrote,
  });
  return {
    store,
    sent,
    wrote,
    publisher,
    setQuota: (q: typeof quota) => (quota = q),
    kinds: () => sent.map((s) => `${s.doc.kind}${'deleted' in s.doc && s.doc.deleted ? '-' : ''}`),
  };
}

describe('desired-state publishing', () => {
  it('sends the Tenant and GameTemplate a server needs before it, each once while unchanged', async () => {
    const { store, sent, wrote, publisher, kinds } = setup();
    const server = serverRecord({ id: 's1' });
    store.add(server);
    const spec = await publisher.publish(server);
    expect(kinds()).toEqual(['Tenant', 'GameTemplate', 'GameServer']);
    expect(sent[1]!.doc).toMatchObject({ name: `${TEMPLATE_ID}-v2`, tenantId: TENANT });
    expect(sent[2]!.doc).toMatchObject({ kind: 'GameServer', name: 's1', spec });
    expect(server.linkRevision).toBe(3);
    expect(store.linkRevisions).toEqual([['s1', 3]]);
    expect(wrote).toHaveBeenCalledWith(TENANT);

    await publisher.publish(server);
    expect(kinds()).toEqual(['Tenant', 'GameTemplate', 'GameServer', 'GameServer']);
  });

  it("sends the tenant's namespace again where it has servers once its limits change", async () => {
    const { store, publisher, kinds, setQuota, sent } = setup();
    store.add(serverRecord({ id: 's1' }));
    await publisher.publish(serverRecord({ id: 's1' }));
    await publisher.tenantLimitsChanged(TENANT);
    expect(kinds()).toHaveLength(3);
    setQuota({ servers: 1, cpuMillicores: 1000, memoryMb: 1024, diskGb: 2 });
    await publisher.tenantLimitsChanged(TENANT);
    expect(kinds()).toEqual(['Tenant', 'GameTemplate', 'GameServer', 'Tenant']);
    expect(sent[3]!.clusterId).toBe(CLUSTER);
  });

  it('withdraws a server, with its files only when given its template', async () => {
    const { sent, publisher, kinds } = setup();
    const server = serverRecord({ id: 's1' });
    expect(await publisher.withdraw(server, null)).toBe(1);
    expect(kinds()).toEqual(['GameServer-']);
    const template = await fakeTemplates().of(server);
    expect(await publisher.withdraw(server, template)).toBe(3);
    expect(kinds()).toEqual(['GameServer-', 'GameServer', 'GameServer-']);
    expect(sent[1]!.doc).toMatchObject({ spec: { storage: { deleteWithServer: true } } });
  });
});
