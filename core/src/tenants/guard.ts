import type { Principal } from '@pteronimbus/sdk';
import { TenantCheckUnavailable, TenantNotFound } from '../errors/codes.ts';
import type { TenantDirectory } from './directory.ts';

/**
 * How a caller got past the tenant check: as a member of the guild, or as a super admin who is
 * not one (an override, which the caller audits).
 */
export type TenantPass = 'member' | 'override';

/** What an audited override records when the super admin is not in the guild. */
export const NOT_A_MEMBER = 'not a member of the guild';

/** The tenant check: resolves how the caller passed, or throws the refusal. */
export type TenantCheck = (principal: Principal, tenantId: string) => Promise<TenantPass>;

/** The shape of a tenant id (a Discord guild id, a snowflake): anything else is no tenant. */
export const TENANT_ID = /^\d{5,25}$/;

/**
 * The tenant check core's access hook runs on every non-public route with a `:tenantId`
 * parameter, after authentication and before the permission check: the tenant must be installed,
 * and the caller must be in its guild unless they are a super admin. Both failures answer the
 * same 404, so a non-member learns nothing about whether the tenant exists. An id that cannot be
 * a guild's is refused before anything is looked up.
 */
export function tenantGuard(directory: TenantDirectory): TenantCheck {
  return async (principal, tenantId) => {
    if (!TENANT_ID.test(tenantId)) throw TenantNotFound(tenantId);
    const tenant = await directory.installed(tenantId);
    if (!tenant) throw TenantNotFound(tenantId);
    let member = false;
    try {
      member = await directory.isMember(tenant, principal.discordId);
    } catch (err) {
      // Discord cannot say: a super admin still gets in (audited), everyone else waits.
      if (!principal.superAdmin) throw err;
    }
    if (member) return 'member';
    if (principal.superAdmin) return 'override';
    throw TenantNotFound(tenantId);
  };
}

/**
 * The tenant check without a bot token: membership cannot be read from Discord, so nobody passes
 * as a member. Super admins pass as an override (audited by the caller); everyone else is refused
 * with a 503 that says what is missing, rather than let through on their permissions alone.
 */
export function unavailableTenantGuard(): TenantCheck {
  return async (principal, tenantId) => {
    if (!TENANT_ID.test(tenantId)) throw TenantNotFound(tenantId);
    if (principal.superAdmin) return 'override';
    throw TenantCheckUnavailable();
  };
}
