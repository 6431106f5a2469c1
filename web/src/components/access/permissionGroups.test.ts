import { describe, expect, it } from 'vitest';
import type { CatalogPermission, PermissionCatalog, TenantRole } from '../../api/access.ts';
import {
  permissionGroups,
  toggledGroup,
  toggledPermission,
  type PermissionGroupsInput,
} from './permissionGroups.ts';

const permission = (key: string, more: Partial<CatalogPermission> = {}): CatalogPermission => ({
  key,
  label: `label of ${key}`,
  description: `what ${key} allows`,
  owner: 'core',
  mappable: true,
  adminImplied: false,
  ...more,
});

const catalog: PermissionCatalog = {
  adminImplied: ['tenant.roles.manage'],
  groups: [
    {
      id: 'servers',
      label: 'Servers',
      permissions: [permission('server.read'), permission('server.start')],
    },
    {
      id: 'tenant',
      label: 'Tenant',
      permissions: [
        permission('tenant.roles.manage', { adminImplied: true }),
        permission('tenant.member', { mappable: false }),
      ],
    },
  ],
} as PermissionCatalog;

const role: TenantRole = {
  id: 'r',
  name: 'Mods',
  color: 0,
  position: 1,
  managed: false,
  everyone: false,
  discordAdmin: false,
  editable: true,
  mapping: null,
};

function groups(more: Partial<PermissionGroupsInput> = {}) {
  return permissionGroups(catalog, {
    role,
    granted: [],
    saved: [],
    canEdit: true,
    holds: () => true,
    query: '',
    text: (value) => value,
    ...more,
  });
}

const row = (views: ReturnType<typeof groups>, key: string) =>
  views.flatMap((group) => group.rows).find((item) => item.permission.key === key);

describe('permission groups for a role', () => {
  it('ticks what the role grants and sets each group box to all, none or some', () => {
    const views = groups({ granted: ['server.read'] });
    expect(row(views, 'server.read')?.checked).toBe(true);
    expect(row(views, 'server.start')?.checked).toBe(false);
    expect(views[0]?.state).toBeNull();
    expect(groups({ granted: ['server.read', 'server.start'] })[0]?.state).toBe(true);
    expect(groups()[0]?.state).toBe(false);
    expect(views[0]?.editable).toEqual(['server.read', 'server.start']);
  });

  it('offers only what the caller holds, unless the role has it already', () => {
    const holds = (key: string) => key !== 'server.start';
    expect(row(groups({ holds }), 'server.start')).toMatchObject({
      editable: false,
      note: 'notHeld',
    });
    expect(
      row(groups({ holds, saved: ['server.start'], granted: ['server.start'] }), 'server.start'),
    ).toMatchObject({ editable: true, note: null });
    // A reader who may not edit at all is not told what they lack.
    expect(row(groups({ holds, canEdit: false }), 'server.start')?.note).toBeNull();
  });

  it('says what an admin role holds anyway and what no role can be given', () => {
    const views = groups({ role: { ...role, discordAdmin: true } });
    expect(row(views, 'tenant.roles.manage')).toMatchObject({
      checked: true,
      editable: false,
      note: 'implied',
    });
    expect(row(views, 'tenant.member')).toMatchObject({ editable: false, note: 'notMappable' });
    // Nothing there to toggle: the group box shows whether all are on.
    expect(views[1]?.editable).toEqual([]);
    expect(views[1]?.state).toBe(false);
  });

  it('locks every permission of a role above the caller', () => {
    const views = groups({ role: { ...role, editable: false } });
    expect(views.flatMap((group) => group.rows).some((item) => item.editable)).toBe(false);
    expect(row(views, 'server.read')?.note).toBeNull();
  });

  it('searches keys, labels, descriptions and group names, leaving out empty groups', () => {
    expect(groups({ query: ' START ' }).map((group) => group.rows.length)).toEqual([1]);
    expect(groups({ query: 'tenant' }).map((group) => group.id)).toEqual(['tenant']);
    expect(groups({ query: 'server.read allows' })).toHaveLength(1);
    expect(groups({ query: 'nothing like it' })).toEqual([]);
  });

  it('toggles a group all on unless all were on, and one permission at a time', () => {
    expect(toggledGroup(['a'], ['a', 'b'])).toEqual(['a', 'b']);
    expect(toggledGroup(['a', 'b', 'c'], ['a', 'b'])).toEqual(['c']);
    expect(toggledPermission(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggledPermission(['a', 'b'], 'a')).toEqual(['b']);
  });
});
