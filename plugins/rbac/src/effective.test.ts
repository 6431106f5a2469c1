import { describe, expect, it } from 'vitest';
import { computeEffective, explain, holds, NOT_A_MEMBER, type TenantFacts } from './effective.ts';
import { buildCatalog } from './catalog.ts';

const T = '900';
const facts = (over: Partial<TenantFacts> = {}): TenantFacts => ({
  tenantId: T,
  ownerId: '1',
  roles: new Map([
    [T, { id: T, name: '@everyone', discordPermissions: '0' }],
    ['10', { id: '10', name: 'Admin', discordPermissions: String(1n << 3n) }],
    ['11', { id: '11', name: 'Mods', discordPermissions: String(1n << 28n) }],
    ['12', { id: '12', name: 'Players', discordPermissions: '1024' }],
    ['13', { id: '13', name: 'Hosts', discordPermissions: '0' }],
  ]),
  mappings: new Map([
    [T, { roleId: T, permissions: ['server.read'], serverIds: null }],
    ['12', { roleId: '12', permissions: ['server.start', 'tenant.roles.manage'], serverIds: null }],
    ['13', { roleId: '13', permissions: ['server.stop', 'server.start'], serverIds: ['s1', 's2'] }],
  ]),
  ...over,
});

describe('effective permissions', () => {
  it('are the union of the member roles mappings, @everyone included', () => {
    const e = computeEffective(facts(), { userId: '5', roleIds: ['12'] });
    expect([...e.tenantWide].sort()).toEqual(['server.read', 'server.start']);
    expect(e.adminBy).toEqual([]);
    expect(holds(e, 'server.start')).toBe(true);
    expect(holds(e, 'server.delete')).toBe(false);
  });

  it('never grant tenant.roles.manage through a mapping', () => {
    const e = computeEffective(facts(), { userId: '5', roleIds: ['12'] });
    expect(holds(e, 'tenant.roles.manage')).toBe(false);
  });

  it('make the owner and Administrator, Manage Server or Manage Roles holders tenant admins', () => {
    expect(computeEffective(facts(), { userId: '1', roleIds: [] }).adminBy).toEqual(['owner']);
    const admin = computeEffective(facts(), { userId: '6', roleIds: ['10', '11'] });
    expect(admin.adminBy).toEqual(['10:ADMINISTRATOR', '11:MANAGE_ROLES']);
    expect(holds(admin, 'tenant.roles.manage')).toBe(true);
    expect(holds(admin, 'tenant.members.read')).toBe(true);
    // Settings are tenant admins' to edit, as the settings routes say.
    expect(holds(admin, 'tenant.settings.manage')).toBe(true);
    expect(holds(admin, 'server.delete')).toBe(false);
  });

  it('give the owner and Administrator holders every permission, as Discord does', () => {
    const everything = new Set(['server.read', 'server.delete', 'backup.restore']);
    const withCatalog = facts({ everything });
    const owner = computeEffective(withCatalog, { userId: '1', roleIds: [] });
    expect(holds(owner, 'server.delete')).toBe(true);
    expect(holds(owner, 'backup.restore', 's1')).toBe(true);
    const administrator = computeEffective(withCatalog, { userId: '6', roleIds: ['10'] });
    expect(holds(administrator, 'server.delete')).toBe(true);
    // Manage Roles makes a tenant admin, not an owner: the admin permissions only.
    const moderator = computeEffective(withCatalog, { userId: '6', roleIds: ['11'] });
    expect(holds(moderator, 'tenant.roles.manage')).toBe(true);
    expect(holds(moderator, 'server.delete')).toBe(false);
    // Nothing outside the catalog.
    expect(holds(owner, 'made.up')).toBe(false);
    const why = explain(withCatalog, { userId: '6', roleIds: ['10', '11'] }, 'server.delete', 's1');
    expect(why).toMatchObject({ allowed: true, reason: 'admin' });
    expect(why.grants.map((g) => g.detail)).toEqual(['ADMINISTRATOR']);
  });

  it('narrow grants to servers; without a server only tenant-wide grants count', () => {
    const e = computeEffective(facts(), { userId: '7', roleIds: ['13'] });
    expect(holds(e, 'server.stop', 's1')).toBe(true);
    expect(holds(e, 'server.stop', 's3')).toBe(false);
    expect(holds(e, 'server.stop')).toBe(false);
    // a tenant-wide grant of the same key wins over the scoped one
    const both = computeEffective(facts(), { userId: '7', roleIds: ['13', '12'] });
    expect(holds(both, 'server.start', 's9')).toBe(true);
    expect(both.scoped.has('server.start')).toBe(false);
  });

  it('hold nothing for a non-member', () => {
    expect(computeEffective(facts(), null)).toBe(NOT_A_MEMBER);
    expect(holds(NOT_A_MEMBER, 'server.read')).toBe(false);
  });

  it('ignore malformed Discord bit sets', () => {
    const f = facts({
      roles: new Map([['20', { id: '20', name: 'x', discordPermissions: 'nope' }]]),
    });
    expect(computeEffective(f, { userId: '8', roleIds: ['20'] }).adminBy).toEqual([]);
  });
});

describe('explain', () => {
  it('names the roles that grant a permission and where', () => {
    const r = explain(facts(), { userId: '7', roleIds: ['13'] }, 'server.stop', 's1');
    expect(r).toMatchObject({ allowed: true, reason: 'mapped' });
    expect(r.grants).toEqual([
      { via: 'mapping', roleId: '13', roleName: 'Hosts', serverIds: ['s1', 's2'] },
    ]);
    expect(explain(facts(), { userId: '7', roleIds: ['13'] }, 'server.stop', 's3')).toMatchObject({
      allowed: false,
      reason: 'mapped-elsewhere',
    });
    expect(explain(facts(), { userId: '7', roleIds: [] }, 'server.delete', null)).toMatchObject({
      allowed: false,
      reason: 'not-mapped',
      grants: [],
    });
    expect(explain(facts(), null, 'server.read', null).reason).toBe('not-a-member');
  });

  it('says when being a tenant admin is the reason', () => {
    const r = explain(facts(), { userId: '1', roleIds: ['10'] }, 'tenant.roles.manage', null);
    expect(r).toMatchObject({ allowed: true, reason: 'admin' });
    expect(r.grants.map((g) => g.detail)).toEqual(['owner', 'ADMINISTRATOR']);
  });
});

describe('catalog', () => {
  it('groups core and plugin permissions with i18n keys and marks what cannot be mapped', () => {
    const c = buildCatalog({
      core: {
        permissions: [
          { key: 'server.read', group: 'servers' },
          {
            key: 'tenant.roles.manage',
            group: 'tenant',
            label: 'permissions.tenant.roles.manage.label',
          },
        ],
      },
      plugins: [
        {
          name: 'backups',
          permissions: [{ key: 'backup.read', group: 'backups', label: 'Read backups' }],
        },
        { name: 'dup', permissions: [{ key: 'server.read', group: 'other' }] },
      ],
    });
    expect(c.groups.map((g) => g.id)).toEqual(['servers', 'tenant', 'backups']);
    expect(c.groups[0]!.permissions[0]).toEqual({
      key: 'server.read',
      label: 'permissions.server.read.label',
      description: 'permissions.server.read.description',
      owner: 'core',
      mappable: true,
      adminImplied: false,
    });
    expect(c.groups[1]!.permissions[0]).toMatchObject({ mappable: false, adminImplied: true });
    expect(c.groups[2]!.permissions[0]).toMatchObject({ owner: 'backups', label: 'Read backups' });
    expect(c.keys.size).toBe(3);
  });
});
