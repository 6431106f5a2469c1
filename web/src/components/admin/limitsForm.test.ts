import { describe, expect, it } from 'vitest';
import type { AdminTenant, InstallationPolicy } from '../../api/limits.ts';
import {
  parseAllowlist,
  policyDraft,
  policyPatch,
  tenantDraft,
  tenantInput,
} from './limitsForm.ts';

const policy: InstallationPolicy = {
  installPolicy: 'approval',
  installAllowlist: ['111111111111'],
  clusterGrants: 'none',
  exposures: ['ClusterIP'],
  tenantCeiling: { servers: 10, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
  serverMax: { cpuMillicores: 4000, memoryMb: 8192, diskGb: 50 },
};

const tenant: AdminTenant = {
  id: '100',
  name: 'Builders',
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
  limits: {
    ceiling: { servers: 4, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
    ceilingSet: { servers: 4 },
    clusters: 'all',
    clustersSet: null,
    exposures: ['ClusterIP'],
    exposuresSet: null,
    serverMax: policy.serverMax,
    updatedBy: null,
    updatedAt: null,
  },
  usage: { servers: 1, cpuMillicores: 1000, memoryMb: 1024, diskGb: 2 },
};

describe('limits forms', () => {
  it('reads an allowlist typed with commas or lines, and names what is not an id', () => {
    expect(parseAllowlist('111111111111, 222222222222\n111111111111')).toEqual({
      ids: ['111111111111', '222222222222'],
      invalid: null,
    });
    expect(parseAllowlist('111111111111 my-guild').invalid).toBe('my-guild');
  });

  it('sends only the policy fields that changed, and nothing that cannot be sent', () => {
    const draft = policyDraft(policy);
    expect(policyPatch(policy, draft)).toEqual({});
    expect(
      policyPatch(policy, { ...draft, installPolicy: 'allowlist', allowlist: '222222222222' }),
    ).toEqual({ installPolicy: 'allowlist', installAllowlist: ['222222222222'] });
    expect(policyPatch(policy, { ...draft, exposures: [] })).toBeNull();
    expect(policyPatch(policy, { ...draft, allowlist: 'x' })).toBeNull();
  });

  it('turns the tenant editor into a body where empty follows the default', () => {
    const draft = tenantDraft(tenant);
    expect(draft.ceiling).toEqual({ servers: '4', cpuMillicores: '', memoryMb: '', diskGb: '' });
    expect(tenantInput(draft)).toEqual({
      ceiling: { servers: 4, cpuMillicores: null, memoryMb: null, diskGb: null },
      clusters: null,
      exposures: null,
    });
    expect(
      tenantInput({
        ...draft,
        followClusters: false,
        clusters: ['eu-1'],
        followExposures: false,
        exposures: ['ClusterIP', 'LoadBalancer'],
      }),
    ).toMatchObject({ clusters: ['eu-1'], exposures: ['ClusterIP', 'LoadBalancer'] });
    expect(tenantInput({ ...draft, ceiling: { ...draft.ceiling, memoryMb: '-5' } })).toBeNull();
  });
});
