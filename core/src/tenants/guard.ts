import type { Principal } from '@pteronimbus/sdk';
import { TenantNotFound } from '../errors/codes.ts';
import type { TenantDirectory } from './directory.ts';

/**
 * The tenant check core's access hook runs on every non-public route with a `:tenantId`
 * parameter, after authentication and before the permission check: the tenant must be installed,
 * and the caller must be in its guild unless they are a super admin. Both failures answer the
 * same 404, so a non-member learns nothing about whether the tenant exists.
 */
export function tenantGuard(
  directory: TenantDirectory,
): (principal: Principal, tenantId: string) => Promise<void> {
  return async (principal, tenantId) => {
    const tenant = await directory.installed(tenantId);
    if (!tenant) throw TenantNotFound(tenantId);
    if (principal.superAdmin) return;
    if (!(await directory.isMember(tenant, principal.discordId))) throw TenantNotFound(tenantId);
  };
}
