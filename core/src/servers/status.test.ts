import { describe, expect, it, vi } from 'vitest';
import { StatusIngest, type InstallPayload, type StatusPayload } from './status.ts';
import type { ServerRecord } from './records.ts';
import {
  CLUSTER,
  FakeServerStore,
  RecordingBus,
  recordingLogger,
  serverRecord,
  TENANT,
} from './__fixtures__/fakes.ts';

function setup(server: Partial<ServerRecord> = {}, linked = true) {
  const store = new FakeServerStore().add(serverRecord({ id: 's1', ...server }));
  const events = new RecordingBus();
  const logger = recordingLogger();
  const handled: string[] = [];
  const calls = {
    markAlive: vi.fn(async () => {}),
    wrote: vi.fn(),
    resumeRestart: vi.fn(async () => {}),
    running: vi.fn(async () => {}),
  };
  const ingest = new StatusIngest({
    store,
    gateway: { connected: () => (linked ? [CLUSTER] : []) },
    liveness: { markAlive: calls.markAlive },
    install: {
      handle: async (_tenantId, serverId, p) => {
        // The first frame is slow: a later one must still wait for it.
        if (p.type === 'install.output' && p.data === 'first')
          await new Promise((r) => setTimeout(r, 20));
        handled.push(`${serverId}:${p.type === 'install.output' ? p.data : 'end'}`);
      },
    },
    events,
    logger,
    ...calls,
  });
  const report = (status: Record<string, unknown> | null, over: Partial<StatusPayload> = {}) =>
    ingest.status({
      clusterId: CLUSTER,
      kind: 'GameServer',
      tenantId: TENANT,
      namespace: `pn-${TENANT}`,
      name: 's1',
      generation: 1,
      status,
      ...over,
    });
  return { store, events, logger, handled, calls, ingest, report };
}

describe('status ingest', () => {
  it('leaves reports to the replica that holds the link', async () => {
    const { store, events, calls, report } = setup({}, false);
    await report({ phase: 'Running' });
    expect(store.servers.get('s1')!.status).toBeNull();
    expect(events.published).toEqual([]);
    expect(calls.markAlive).not.toHaveBeenCalled();
  });

  it('records a status, publishes it sanitized, and tells the tenant of a new phase', async () => {
    const { store, events, logger, calls, report } = setup();
    const message = `pulling image ${'y'.repeat(400)}`;
    await report({ phase: 'Installing', message });
    expect(calls.markAlive).toHaveBeenCalledWith(CLUSTER);
    expect(calls.wrote).toHaveBeenCalledWith(TENANT);
    expect(store.servers.get('s1')!.status).toEqual({ phase: 'Installing', message });
    const [published] = events.on('/status') as Array<{
      status: { phase: string; message: string; stale: boolean };
    }>;
    expect(published!.status).toMatchObject({ phase: 'Installing', stale: false });
    expect(published!.status.message.length).toBeLessThan(message.length);
    expect(logger.lines.some(([, f]) => (f as { message?: string }).message === message)).toBe(
      true,
    );
    expect(events.on('/events')).toEqual([
      { type: 'server.status', serverId: 's1', phase: 'Installing', previousPhase: null },
    ]);
    expect(events.on('/install')).toMatchObject([{ kind: 'status', phase: 'Installing' }]);

    // The same report again changes nothing and says nothing.
    const count = events.published.length;
    await report({ phase: 'Installing', message });
    expect(events.published).toHaveLength(count);
  });

  it('follows a server that starts running, and resumes a restart once it stopped', async () => {
    const { calls, report } = setup({ desiredState: 'Stopped', pendingAction: 'restart' });
    await report({ phase: 'Running' });
    expect(calls.running).toHaveBeenCalledWith(CLUSTER, expect.objectContaining({ id: 's1' }));
    expect(calls.resumeRestart).not.toHaveBeenCalled();
    await report({ phase: 'Stopped' });
    expect(calls.resumeRestart).toHaveBeenCalledWith(expect.objectContaining({ id: 's1' }));
    expect(calls.running).toHaveBeenCalledTimes(1);
  });

  it("ignores a report about another cluster's server", async () => {
    const { store, events, report } = setup();
    await report({ phase: 'Running' }, { clusterId: 'c-other' });
    await report({ phase: 'Running' }, { tenantId: 'another-tenant' });
    expect(store.servers.get('s1')!.status).toBeNull();
    expect(events.published).toEqual([]);
  });

  it("handles a cluster's install frames in the order they came", async () => {
    const { ingest, handled } = setup();
    const frame = (data: string): InstallPayload =>
      ({
        clusterId: CLUSTER,
        type: 'install.output',
        tenantId: TENANT,
        namespace: `pn-${TENANT}`,
        name: 's1',
        job: 'install-1',
        data,
      }) as InstallPayload;
    await Promise.all([ingest.install(frame('first')), ingest.install(frame('second'))]);
    expect(handled).toEqual(['s1:first', 's1:second']);
    await ingest.install({ ...frame('x'), name: 'unknown' });
    expect(handled).toHaveLength(2);
  });

  it("passes a GameServer's Kubernetes events to its tenant, sanitized", async () => {
    const { events, calls, ingest } = setup();
    await ingest.cluster(CLUSTER, {
      type: 'event',
      kind: 'GameServer',
      tenantId: TENANT,
      name: 's1',
      eventType: 'Sideways',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
    });
    expect(calls.markAlive).toHaveBeenCalledWith(CLUSTER);
    expect(events.on('/events')).toEqual([
      {
        type: 'server.event',
        serverId: 's1',
        eventType: 'Normal',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
      },
    ]);
    await ingest.cluster('c-other', {
      type: 'event',
      kind: 'GameServer',
      tenantId: TENANT,
      name: 's1',
    });
    expect(events.on('/events')).toHaveLength(1);
  });
});
