import type { MyPermissions } from '../../api/tenants.ts';

/**
 * Whether the caller may do `permission` on one server: granted tenant-wide, or on that server
 * alone (`servers[serverId]` of `GET /permissions/me`). Core decides again on every request;
 * this only decides what the page offers.
 */
export function canOnServer(
  mine: MyPermissions | null,
  serverId: string,
  permission: string,
): boolean {
  if (mine === null) return false;
  if (mine.admin || mine.permissions.includes(permission)) return true;
  return mine.servers[serverId]?.includes(permission) ?? false;
}
