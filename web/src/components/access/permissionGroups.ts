import type { CatalogPermission, PermissionCatalog, TenantRole } from '../../api/access.ts';

/** Why a permission shown for a role cannot simply be ticked, when that needs saying. */
export type PermissionNote = 'implied' | 'notMappable' | 'notHeld';

/** One permission as the role editor shows it. */
export interface PermissionRow {
  permission: CatalogPermission;
  checked: boolean;
  editable: boolean;
  note: PermissionNote | null;
}

/** One group of the catalog as the role editor shows it. */
export interface PermissionGroupView {
  id: string;
  label: string;
  rows: PermissionRow[];
  /** The keys the group's checkbox toggles: the editable ones shown. */
  editable: string[];
  /** The group's checkbox: all on, all off, or some (`null`). */
  state: boolean | null;
}

export interface PermissionGroupsInput {
  role: TenantRole;
  /** What the role grants now, unsaved edits included. */
  granted: readonly string[];
  /** What the role grants as saved. */
  saved: readonly string[];
  /** Whether the caller may manage mappings at all (tenant.roles.manage). */
  canEdit: boolean;
  /** Whether the caller holds a permission tenant-wide. */
  holds: (key: string) => boolean;
  /** The search; a permission shows when its key, label, description or group matches. */
  query: string;
  /** The shown text of a label or description (a message key or plain text). */
  text: (keyOrText: string) => string;
}

/**
 * The catalog as the role editor shows it for one role: what is ticked, what the caller may
 * change, and why not. The caller may grant only what they hold themselves (tenant-wide), unless
 * the role has it already (keeping or taking it away is fine); core checks the same. Roles at or
 * above the caller's highest Discord role are out of their reach, as in Discord.
 */
export function permissionGroups(
  catalog: PermissionCatalog,
  input: PermissionGroupsInput,
): PermissionGroupView[] {
  const { role, canEdit, text } = input;
  const roleEditable = role.editable !== false;
  const needle = input.query.trim().toLocaleLowerCase();
  const implied = (permission: CatalogPermission) => role.discordAdmin && permission.adminImplied;
  const grantable = (permission: CatalogPermission) =>
    input.holds(permission.key) || input.saved.includes(permission.key);

  function row(permission: CatalogPermission): PermissionRow {
    const editable =
      permission.mappable && roleEditable && grantable(permission) && !implied(permission);
    let note: PermissionNote | null = null;
    if (implied(permission)) note = 'implied';
    else if (!permission.mappable) note = 'notMappable';
    else if (canEdit && roleEditable && !grantable(permission)) note = 'notHeld';
    return {
      permission,
      checked: implied(permission) || input.granted.includes(permission.key),
      editable,
      note,
    };
  }

  return catalog.groups
    .map((group) => {
      const rows = group.permissions
        .filter(
          (permission) =>
            needle === '' ||
            [
              permission.key,
              text(permission.label),
              text(permission.description),
              text(group.label),
            ].some((value) => value.toLocaleLowerCase().includes(needle)),
        )
        .map(row);
      const editableRows = rows.filter((item) => item.editable);
      const on = editableRows.filter((item) => item.checked).length;
      let state: boolean | null;
      // All on when any is off, otherwise all off; only the permissions shown by the search.
      if (editableRows.length === 0) state = rows.every((item) => item.checked);
      else if (on === 0) state = false;
      else state = on === editableRows.length ? true : null;
      return {
        id: group.id,
        label: group.label,
        rows,
        editable: editableRows.map((item) => item.permission.key),
        state,
      };
    })
    .filter((group) => group.rows.length > 0);
}

/** The role's grants after its group checkbox is clicked: all on unless all were on. */
export function toggledGroup(granted: readonly string[], keys: readonly string[]): string[] {
  const allOn = keys.every((key) => granted.includes(key));
  return allOn ? granted.filter((key) => !keys.includes(key)) : [...new Set([...granted, ...keys])];
}

/** The role's grants after one permission's checkbox is clicked. */
export function toggledPermission(granted: readonly string[], key: string): string[] {
  return granted.includes(key) ? granted.filter((item) => item !== key) : [...granted, key];
}
