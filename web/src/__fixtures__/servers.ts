import type { Server } from '../api/servers.ts';

/** A server as core answers it, reported Running with an address unless overridden. */
export function sampleServer(id: string, overrides: Partial<Server> = {}): Server {
  return {
    id,
    tenantId: '100',
    name: `Server ${id}`,
    clusterId: 'cl_1',
    template: { id: 'tpl-paper', version: 1 },
    gameId: 'minecraft-paper',
    parameters: {},
    resources: { cpu: 1000, memory: 2048, disk: 10240 },
    exposure: 'LoadBalancer',
    desiredState: 'Running',
    installGeneration: 0,
    pendingAction: null,
    revision: 1,
    linkRevision: 1,
    status: {
      phase: 'Running',
      message: null,
      address: '203.0.113.7',
      ports: [{ name: 'game', port: 25565, protocol: 'TCP' }],
      conditions: [],
      restartCount: 0,
      observedGeneration: 1,
      reportedAt: new Date(Date.now() - 30_000).toISOString(),
      ageSeconds: 30,
      stale: false,
    },
    createdBy: '1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
