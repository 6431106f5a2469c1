/** The permission bits the emulator needs by name; Discord defines many more. */
export const Permission = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageRoles: 1n << 28n,
} as const;

// Every bit Discord has defined up to PIN_MESSAGES/BYPASS_SLOWMODE, except bit 47 (retired):
// what an owner or administrator is reported to hold.
const RETIRED_BITS = 1n << 47n;
export const ALL_PERMISSIONS = ((1n << 53n) - 1n) & ~RETIRED_BITS;

/** Roles and ownership needed to compute a member's guild-level permissions. */
export interface PermissionSource {
  guildId: string;
  ownerId: string;
  rolePermissions: (roleId: string) => bigint | undefined;
}

/**
 * Guild-level permissions of a member, as Discord computes them without channel overwrites:
 * everything for the owner, else `@everyone` OR each role, and everything again with Administrator.
 */
export function computeBasePermissions(
  source: PermissionSource,
  userId: string,
  roleIds: readonly string[],
): bigint {
  if (userId === source.ownerId) return ALL_PERMISSIONS;
  let bits = source.rolePermissions(source.guildId) ?? 0n;
  for (const roleId of roleIds) bits |= source.rolePermissions(roleId) ?? 0n;
  return (bits & Permission.administrator) === Permission.administrator ? ALL_PERMISSIONS : bits;
}

/** Whether a permission set includes every bit of `required`. */
export function hasPermission(bits: bigint, required: bigint): boolean {
  return (bits & required) === required;
}
