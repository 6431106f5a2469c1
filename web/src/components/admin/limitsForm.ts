import {
  limitKeys,
  type AdminTenant,
  type InstallationPolicy,
  type InstallationPolicyPatch,
  type LimitKey,
  type TenantLimitsInput,
} from '../../api/limits.ts';
import type { PortExposure } from '../../api/servers.ts';

const snowflake = /^\d{5,25}$/;

/** The guild ids typed into the allowlist field, and the first entry that is not one. */
export function parseAllowlist(text: string): { ids: string[]; invalid: string | null } {
  const entries = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const invalid = entries.find((e) => !snowflake.test(e)) ?? null;
  return { ids: [...new Set(entries)], invalid };
}

/** What the policy form edits. */
export interface PolicyDraft {
  installPolicy: InstallationPolicy['installPolicy'];
  allowlist: string;
  clusterGrants: InstallationPolicy['clusterGrants'];
  exposures: PortExposure[];
}

export function policyDraft(policy: InstallationPolicy): PolicyDraft {
  return {
    installPolicy: policy.installPolicy,
    allowlist: policy.installAllowlist.join('\n'),
    clusterGrants: policy.clusterGrants,
    exposures: [...policy.exposures],
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Only what changed, or `null` when the draft cannot be sent (the reason is shown by the form). */
export function policyPatch(
  saved: InstallationPolicy,
  draft: PolicyDraft,
): InstallationPolicyPatch | null {
  const { ids, invalid } = parseAllowlist(draft.allowlist);
  if (invalid !== null || draft.exposures.length === 0) return null;
  const patch: InstallationPolicyPatch = {};
  if (draft.installPolicy !== saved.installPolicy) patch.installPolicy = draft.installPolicy;
  if (!sameSet(ids, saved.installAllowlist)) patch.installAllowlist = ids;
  if (draft.clusterGrants !== saved.clusterGrants) patch.clusterGrants = draft.clusterGrants;
  if (!sameSet(draft.exposures, saved.exposures)) patch.exposures = [...draft.exposures];
  return patch;
}

/** What the tenant editor edits: numbers as typed (empty follows the default). */
export interface TenantDraft {
  ceiling: Record<LimitKey, string>;
  followClusters: boolean;
  clusters: string[];
  followExposures: boolean;
  exposures: PortExposure[];
}

export function tenantDraft(tenant: AdminTenant): TenantDraft {
  const set = tenant.limits.ceilingSet;
  return {
    ceiling: Object.fromEntries(
      limitKeys.map((k) => [k, typeof set[k] === 'number' ? String(set[k]) : '']),
    ) as Record<LimitKey, string>,
    followClusters: tenant.limits.clustersSet === null,
    clusters: [...(tenant.limits.clustersSet ?? [])],
    followExposures: tenant.limits.exposuresSet === null,
    exposures: [...(tenant.limits.exposuresSet ?? tenant.limits.exposures)],
  };
}

/** Whether a typed ceiling is empty or a whole number of 0 or more. */
export const validCount = (text: string) => text.trim() === '' || /^\d{1,9}$/.test(text.trim());

/** The request body of the editor, or `null` while a number is not valid. */
export function tenantInput(draft: TenantDraft): TenantLimitsInput | null {
  if (!limitKeys.every((k) => validCount(draft.ceiling[k]))) return null;
  return {
    ceiling: Object.fromEntries(
      limitKeys.map((k) => {
        const text = draft.ceiling[k].trim();
        return [k, text === '' ? null : Number(text)];
      }),
    ),
    clusters: draft.followClusters ? null : [...draft.clusters],
    exposures: draft.followExposures ? null : [...draft.exposures],
  };
}
