import { describe, expect, it, vi } from 'vitest';
import { playerQueryExtensionPoint, type PlayerQueryTarget } from '@pteronimbus/sdk';
import type { Cluster } from '../operator-gateway/index.ts';
import { METRICS_RETENTION_MS, SAMPLE_JOB, ServerMetrics } from './metrics.ts';
import type { ServerRecord } from './records.ts';
import {
  fakeExtensions,
  FakeServerStore,
  recordingLogger,
  serverRecord,
  TENANT,
} from './__fixtures__/fakes.ts';

const RUNNING = {
  phase: 'Running',
  address: '8.8.8.8',
  ports: [
    { name: 'rcon', port: 25575 },
    { name: 'game', port: 27015, nodePort: 31015 },
  ],
  usage: { cpu: 250, memory: 512 * 2 ** 20, disk: 3 * 2 ** 30, sampledAt: '2026-01-01T00:00:00Z' },
};

function setup(server: Partial<ServerRecord> = {}, queryNetworks: string[] = []) {
  const store = new FakeServerStore().add(serverRecord({ id: 's1', status: RUNNING, ...server }));
  const asked: PlayerQueryTarget[] = [];
  const jobs = {
    add: vi.fn(async () => {}),
    process: vi.fn(),
  };
  const logger = recordingLogger();
  const metrics = new ServerMetrics({
    store,
    jobs: jobs as never,
    gateway: { getCluster: async () => ({ queryNetworks }) as unknown as Cluster },
    extensions: fakeExtensions({
      [playerQueryExtensionPoint.id]: [
        {
          protocol: 'fake-query',
          query: async (target: PlayerQueryTarget) => {
            asked.push(target);
            return { online: 3, max: 20 };
          },
        },
      ],
    }),
    logger,
    queryProtocolOf: (gameId) => (gameId === 'fakegame' ? 'fake-query' : null),
    sampleIntervalMs: 30_000,
    playerQueryTimeoutMs: 1_500,
  });
  return { store, asked, jobs, logger, metrics };
}

describe('server metrics', () => {
  it("samples the reported usage in MiB and the players the game's protocol counts", async () => {
    const { store, asked, metrics } = setup();
    const sample = await metrics.sample(TENANT, 's1');
    expect(sample).toMatchObject({
      cpu: 250,
      memory: 512,
      disk: 3072,
      networkRx: null,
      playersOnline: 3,
      playersMax: 20,
    });
    expect(asked).toEqual([{ host: '8.8.8.8', port: 27015, timeoutMs: 1_500 }]);
    expect(store.samplesOf.get('s1')).toEqual([sample]);
    await expect(metrics.sample(TENANT, 'nope')).rejects.toMatchObject({
      code: 'PN_SERVER_NOT_FOUND',
    });
  });

  it("asks a NodePort server's node port, and no game without a protocol", async () => {
    const nodePort = setup({ exposure: 'NodePort' });
    await nodePort.metrics.sample(TENANT, 's1');
    expect(nodePort.asked[0]).toMatchObject({ port: 31015 });
    const other = setup({ gameId: 'othergame' });
    expect(await other.metrics.sample(TENANT, 's1')).toMatchObject({ playersOnline: null });
    expect(other.asked).toEqual([]);
  });

  it('never queries an internal address, unless the cluster expects that network', async () => {
    const refused = setup({ status: { ...RUNNING, address: '10.1.2.3' } });
    expect(await refused.metrics.sample(TENANT, 's1')).toMatchObject({
      playersOnline: null,
      playersMax: null,
      cpu: 250,
    });
    expect(refused.asked).toEqual([]);
    expect(refused.logger.lines).toContainEqual([
      'warn',
      expect.objectContaining({ serverId: 's1', reason: 'internal' }),
      'refused the player query address the operator reported',
    ]);
    const expected = setup({ status: { ...RUNNING, address: '10.1.2.3' } }, ['10.0.0.0/8']);
    expect(await expected.metrics.sample(TENANT, 's1')).toMatchObject({ playersOnline: 3 });
  });

  it('answers the series of a range, with the step of the sample period', async () => {
    const { store, metrics } = setup();
    const old = { ...(await metrics.sample(TENANT, 's1')), at: new Date(Date.now() - 7_200_000) };
    store.samplesOf.set('s1', [old, ...(store.samplesOf.get('s1') ?? [])]);
    const answer = await metrics.metrics(TENANT, 's1', 3_600_000);
    expect(answer.stepSeconds).toBe(30);
    expect(answer.series).toHaveLength(1);
    expect(answer.current).toMatchObject({
      cpu: 250,
      memory: 512,
      playersOnline: 3,
      sampledAt: '2026-01-01T00:00:00Z',
    });
  });

  it('keeps a day of samples', async () => {
    const { store, metrics } = setup();
    const ancient = {
      ...(await metrics.sample(TENANT, 's1')),
      at: new Date(Date.now() - METRICS_RETENTION_MS - 1),
    };
    store.samplesOf.set('s1', [ancient]);
    await metrics.sample(TENANT, 's1');
    expect(store.samplesOf.get('s1')).toHaveLength(1);
    expect(store.samplesOf.get('s1')![0]!.at.getTime()).toBeGreaterThan(ancient.at.getTime());
  });

  it('samples a running server once a period, and stops with it', async () => {
    const { store, jobs, metrics } = setup();
    metrics.start();
    const [name, run] = (
      jobs.process.mock.calls as unknown as Array<
        [string, (job: { data: { tenantId: string; serverId: string } }) => Promise<void>]
      >
    )[0]!;
    expect(name).toBe(SAMPLE_JOB);
    await run({ data: { tenantId: TENANT, serverId: 's1' } });
    expect(store.samplesOf.get('s1')).toHaveLength(1);
    expect(jobs.add).toHaveBeenCalledWith(
      SAMPLE_JOB,
      { tenantId: TENANT, serverId: 's1' },
      { jobId: expect.stringMatching(/^s1-\d+$/), delayMs: 30_000 },
    );
    store.servers.get('s1')!.desiredState = 'Stopped';
    await run({ data: { tenantId: TENANT, serverId: 's1' } });
    expect(store.samplesOf.get('s1')).toHaveLength(1);
    expect(jobs.add).toHaveBeenCalledTimes(1);
  });
});
