import { describe, expect, it } from 'vitest';
import { icons } from '../components/icons.ts';
import { buildNavigation, pluginIcon, tenantNavigation } from './navigation.ts';

describe('buildNavigation', () => {
  it('has only the core sections when no plugin contributes routes', () => {
    const sections = buildNavigation([]);
    expect(sections.map((section) => section.id)).toEqual(['core', 'admin']);
    expect(sections.flatMap((section) => section.items.map((item) => item.to))).toEqual([
      '/',
      '/tenants',
      '/admin/templates',
      '/admin/limits',
      '/admin/system',
    ]);
  });

  it('lists the templates plugin’s route once, as the panel’s own library', () => {
    const sections = buildNavigation([
      { plugin: 'templates', path: '/templates', titleKey: 'plugins.templates.title' },
    ]);
    expect(sections.map((section) => section.id)).toEqual(['core', 'admin']);
    expect(sections.flatMap((section) => section.items.map((item) => item.to))).toContain(
      '/admin/templates',
    );
  });

  it('adds a plugin section after the core entries', () => {
    const sections = buildNavigation([
      { plugin: 'backups', path: '/backups', titleKey: 'plugins.backups.nav', icon: 'backup' },
      { plugin: 'scheduler', path: '/scheduled-tasks', titleKey: 'plugins.scheduler.nav' },
    ]);
    const plugins = sections.at(-1);
    expect(plugins?.id).toBe('plugins');
    expect(plugins?.titleKey).toBe('nav.pluginSection');
    expect(plugins?.items).toEqual([
      expect.objectContaining({
        to: '/backups',
        icon: 'sym_o_backup',
        titleKey: 'plugins.backups.nav',
        fallbackLabel: 'Backups',
      }),
      expect.objectContaining({
        to: '/scheduled-tasks',
        icon: icons.extension,
        fallbackLabel: 'Scheduled tasks',
      }),
    ]);
  });

  it('leaves out routes that need a context the drawer does not have', () => {
    const sections = buildNavigation([
      { plugin: 'files', path: '/t/:tenantId/files', titleKey: 'plugins.files.nav' },
      { plugin: 'odd', path: 'relative', titleKey: 'plugins.odd.nav' },
    ]);
    expect(sections.map((section) => section.id)).toEqual(['core', 'admin']);
  });

  it('does not let callers mutate the core entries', () => {
    buildNavigation([]).forEach((section) => section.items.pop());
    expect(buildNavigation([])[0]?.items).toHaveLength(2);
  });
});

describe('pluginIcon', () => {
  it('reads bare names as Material Symbols and keeps other notations', () => {
    expect(pluginIcon('cloud_sync')).toBe('sym_o_cloud_sync');
    expect(pluginIcon('sym_r_backup')).toBe('sym_r_backup');
    expect(pluginIcon('img:/icons/minecraft.svg')).toBe('img:/icons/minecraft.svg');
    expect(pluginIcon(undefined)).toBe(icons.extension);
    expect(pluginIcon('')).toBe(icons.extension);
  });
});

describe('tenantNavigation', () => {
  it('links the tenant’s pages under its id, after the core entries', () => {
    const sections = buildNavigation([], { id: '42', can: () => true });
    expect(sections.map((section) => section.id)).toEqual(['core', 'tenant', 'admin']);
    expect(sections[1]?.items[0]).toMatchObject({ to: '/t/42', exact: true });
    expect(sections[1]?.items.every((item) => item.missingPermission === undefined)).toBe(true);
  });

  it('marks pages the user may not open with the permission they lack', () => {
    const section = tenantNavigation({ id: '42', can: () => false });
    for (const item of section.items) {
      // The overview needs no permission beyond membership.
      if (item.id === 'tenant-dashboard') expect(item.missingPermission).toBeUndefined();
      else expect(item.missingPermission).toMatch(/\./);
    }
  });

  it('offers the tenant’s own template library to those who may read templates', () => {
    const allowed = tenantNavigation({ id: '42', can: (p) => p === 'template.read' });
    expect(allowed.items.find((item) => item.id === 'tenant-templates')).toMatchObject({
      to: '/t/42/templates',
    });
    expect(
      allowed.items.find((item) => item.id === 'tenant-templates')?.missingPermission,
    ).toBeUndefined();
    const denied = tenantNavigation({ id: '42', can: () => false });
    expect(denied.items.find((item) => item.id === 'tenant-templates')?.missingPermission).toBe(
      'template.read',
    );
  });

  it('lists the rbac plugin’s pages through the tenant section, not as global links', () => {
    const sections = buildNavigation([
      { plugin: 'rbac', path: '/roles', titleKey: 'plugins.rbac.roles.title' },
      { plugin: 'rbac', path: '/members', titleKey: 'plugins.rbac.members.title' },
    ]);
    expect(sections.map((section) => section.id)).toEqual(['core', 'admin']);
  });
});
