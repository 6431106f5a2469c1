import { createError } from '@pteronimbus/sdk';

/** The role is not one of the tenant's Discord roles (as of the last sync). */
export const RbacRoleNotFound = createError<[string]>(
  'PN_RBAC_ROLE_NOT_FOUND',
  'Role %s is not a role of this guild',
  404,
);

/** A mapping names a permission that is not in the catalog. */
export const RbacPermissionUnknown = createError<[string]>(
  'PN_RBAC_PERMISSION_UNKNOWN',
  'Permission %s is not in the catalog',
  400,
);

/** A mapping names a permission that follows from Discord alone (`tenant.roles.manage`). */
export const RbacPermissionNotMappable = createError<[string]>(
  'PN_RBAC_PERMISSION_NOT_MAPPABLE',
  'Permission %s comes from Discord (owner, Administrator, Manage Server, Manage Roles) and cannot be mapped',
  400,
);

/** The explain endpoint was asked about someone who is not a member of the guild. */
export const RbacMemberNotFound = createError<[string]>(
  'PN_RBAC_MEMBER_NOT_FOUND',
  'Member %s is not in this guild',
  404,
);

/**
 * A mapping editor (Manage Server or Manage Roles) tried to grant a permission they do not hold
 * themselves, there (tenant-wide, or on every server named).
 */
export const RbacGrantNotHeld = createError<[string]>(
  'PN_RBAC_GRANT_NOT_HELD',
  'You cannot grant %s: you do not hold it yourself',
  403,
);

/** A mapping editor tried to change the mapping of a role at or above their highest role. */
export const RbacRoleNotBelow = createError<[string]>(
  'PN_RBAC_ROLE_NOT_BELOW',
  'Role %s is at or above your highest Discord role',
  403,
);

/** A tenant asked for more manual syncs than its limit allows; `details.retryAfterSeconds`. */
export const RbacSyncRateLimited = createError(
  'PN_RBAC_SYNC_RATE_LIMITED',
  'This guild was synced too often; retry later',
  429,
);
