import {
  authenticatorExtensionPoint,
  definePlugin,
  type GameServerSpec,
  type TenantSpec,
} from '@pteronimbus/sdk';

/** A stand-in identity for core: a super admin when `x-test-super: 1`. */
export const identityFixture = definePlugin({
  name: 'identity-fixture',
  version: '0.0.1',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) =>
      request.headers['x-test-super'] === '1'
        ? { userId: 'root', discordId: '100000000000000001', name: 'root', superAdmin: true }
        : null,
    );
  },
});

export const ROOT = { 'x-test-super': '1' } as const;

/** A tenant id shaped like a Discord guild id. */
export const TENANT = '123456789012345678';

export const tenantSpec: TenantSpec = {
  quota: { cpu: 4000, memory: 8192, disk: 20480, servers: 3 },
  gamePorts: [
    { protocol: 'TCP', port: 25565 },
    { protocol: 'UDP', port: 27015, endPort: 27020 },
  ],
};

/** A GameServer spec of {@link TENANT} with every defaulted field set, so it reads back equal. */
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
