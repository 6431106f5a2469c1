import type { GameServerSpec, TenantSpec } from '@pteronimbus/sdk';

/** A tenant id shaped like a Discord guild id. */
export const TENANT = '123456789012345678';

export const tenantSpec: TenantSpec = {
  quota: { cpu: 4000, memory: 8192, disk: 20480, servers: 3 },
  gamePorts: [
    { protocol: 'TCP', port: 25565 },
    { protocol: 'UDP', port: 27015, endPort: 27020 },
  ],
};

/** A valid GameServer spec of {@link TENANT}. */
export function serverSpec(overrides: Partial<GameServerSpec> = {}): GameServerSpec {
  return {
    tenantId: TENANT,
    template: { name: 'minecraft-paper', version: '1' },
    parameters: { SERVER_MEMORY: '2048' },
    resources: { cpu: 1000, memory: 2048, disk: 4096 },
    desiredState: 'Running',
    exposure: 'ClusterIP',
    storage: { deleteWithServer: false },
    installGeneration: 0,
    stopGracePeriodSeconds: 60,
    ...overrides,
  };
}
