import {
  fullAccess,
  memberRoles,
  type Effective,
  type Mapping,
  type TenantFacts,
} from './effective.ts';
import { RbacGrantNotHeld, RbacRoleNotBelow } from './errors.ts';

/** Who is editing mappings, as far as the grant rules care. */
export interface MappingEditor {
  /**
   * Guild owner, Discord Administrator or super admin: Discord lets them grant everything, and so
   * do we. Manage Server and Manage Roles holders are not: they grant only what they hold.
   */
  full: boolean;
  /** What the editor holds in the tenant. */
  effective: Effective;
  /** Position of the editor's highest Discord role (`@everyone`: 0). */
  highest: number;
}

/** Where `roleId` sits in Discord's hierarchy (`@everyone` and unknown roles: 0). */
export function positionOf(facts: TenantFacts, roleId: string): number {
  if (roleId === facts.tenantId) return 0;
  return facts.roles.get(roleId)?.position ?? 0;
}

/** The editor as their roles and effective permissions make them. */
export function mappingEditor(
  facts: TenantFacts,
  member: { roleIds: readonly string[] } | null,
  effective: Effective,
  superAdmin: boolean,
): MappingEditor {
  const roles = member ? memberRoles(facts.tenantId, member.roleIds) : [];
  return {
    full: superAdmin || effective.adminBy.some(fullAccess),
    effective,
    highest: roles.reduce((top, id) => Math.max(top, positionOf(facts, id)), 0),
  };
}

/** Whether the editor may change the mapping of `roleId` at all (Discord's hierarchy rule). */
export function canEditRole(facts: TenantFacts, editor: MappingEditor, roleId: string): boolean {
  return editor.full || positionOf(facts, roleId) < editor.highest;
}

/** Whether the editor holds `permission` wherever `serverIds` says (`null`: tenant-wide). */
function holdsFor(editor: MappingEditor, permission: string, serverIds: string[] | null): boolean {
  if (editor.effective.tenantWide.has(permission)) return true;
  if (serverIds === null) return false;
  const on = editor.effective.scoped.get(permission);
  return on !== undefined && serverIds.every((id) => on.has(id));
}

/** Whether `before` already granted `permission` at least as widely as `serverIds`. */
function alreadyGranted(before: Mapping | null, permission: string, serverIds: string[] | null) {
  if (!before || !before.permissions.includes(permission)) return false;
  if (before.serverIds === null) return true;
  return serverIds !== null && serverIds.every((id) => before.serverIds!.includes(id));
}

/**
 * Refuses a change of one role's mapping that the editor may not make, as Discord refuses it for
 * its own roles: a role at or above the editor's highest role is out of reach, and what a mapping
 * adds (a new permission, or one widened to more servers) must be held by the editor there.
 * Taking grants away, or keeping what someone above set, stays allowed below the editor.
 */
export function checkMappingChange(
  facts: TenantFacts,
  editor: MappingEditor,
  roleId: string,
  before: Mapping | null,
  after: Mapping | null,
): void {
  if (editor.full) return;
  if (!canEditRole(facts, editor, roleId))
    throw RbacRoleNotBelow(roleId, {
      roleId,
      rolePosition: positionOf(facts, roleId),
      highestPosition: editor.highest,
    });
  for (const permission of after?.permissions ?? []) {
    const serverIds = after!.serverIds;
    if (alreadyGranted(before, permission, serverIds)) continue;
    if (!holdsFor(editor, permission, serverIds))
      throw RbacGrantNotHeld(permission, { permission, roleId, serverIds });
  }
}

/** Whether two mappings grant the same (order aside). */
export function sameMapping(a: Mapping | null, b: Mapping | null): boolean {
  const norm = (m: Mapping | null) =>
    m && m.permissions.length
      ? JSON.stringify([[...m.permissions].sort(), m.serverIds && [...m.serverIds].sort()])
      : '';
  return norm(a) === norm(b);
}
