import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { GameServerSpecSchema, GameServerStatusSchema, tenantNamespace } from './schema.ts';

const spec = {
  tenantId: '123456789012345678',
  template: { name: 'minecraft-paper', version: '3' },
  parameters: { SERVER_JARFILE: 'server.jar', EULA: '1' },
  resources: { cpu: 2000, memory: 4096, disk: 10240 },
  desiredState: 'Running',
  exposure: 'LoadBalancer',
  storage: { deleteWithServer: false },
  installGeneration: 0,
  stopGracePeriodSeconds: 60,
};

describe('GameServer schemas', () => {
  it('accept a complete spec', () => {
    expect([...Value.Errors(GameServerSpecSchema, spec)]).toEqual([]);
  });

  it('reject a parameter value that is not in environment form', () => {
    expect(Value.Check(GameServerSpecSchema, { ...spec, parameters: { EULA: true } })).toBe(false);
  });

  it('reject unknown desired states and exposures', () => {
    expect(Value.Check(GameServerSpecSchema, { ...spec, desiredState: 'Paused' })).toBe(false);
    expect(Value.Check(GameServerSpecSchema, { ...spec, exposure: 'HostPort' })).toBe(false);
  });

  it('reject a tenant id that cannot name a namespace', () => {
    expect(Value.Check(GameServerSpecSchema, { ...spec, tenantId: 'Tenant_1' })).toBe(false);
  });

  it('accept a status with conditions and ports', () => {
    const status = {
      phase: 'Running',
      observedGeneration: 2,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'PodReady',
          message: '',
          observedGeneration: 2,
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ],
      ports: [{ name: 'game', port: 25565, protocol: 'TCP', nodePort: 31000 }],
      restartCount: 0,
    };
    expect([...Value.Errors(GameServerStatusSchema, status)]).toEqual([]);
    expect(Value.Check(GameServerStatusSchema, { ...status, phase: 'Paused' })).toBe(false);
  });

  it('accept partial usage, absent members meaning not measured', () => {
    const usage = { cpu: 420, memory: 2 ** 32, sampledAt: '2025-01-01T00:00:00Z' };
    expect([...Value.Errors(GameServerStatusSchema, { usage })]).toEqual([]);
    expect(Value.Check(GameServerStatusSchema, { usage: {} })).toBe(true);
    expect(Value.Check(GameServerStatusSchema, { usage: { cpu: -1 } })).toBe(false);
    expect(Value.Check(GameServerStatusSchema, { usage: { gpu: 1 } })).toBe(false);
  });

  it('names the tenant namespace', () => {
    expect(tenantNamespace('123')).toBe('pn-123');
  });
});
