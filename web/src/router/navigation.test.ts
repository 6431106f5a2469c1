import { describe, expect, it } from 'vitest';
import { icons } from '../components/icons.ts';
import type { ContributedPage } from '../plugin-ui/store.ts';
import { buildNavigation, pluginIcon, tenantNavigation } from './navigation.ts';

const lazy = async () => ({ render: () => null });

/** The templates plugin's pages, as the plugin UI store joins registry and code. */
const templatesPages: ContributedPage[] = [
  {
    plugin: 'templates',
    area: 'tenant',
    id: 'library',
    path: 'templates',
    titleKey: 'plugins.templates.nav',
    icon: 'library_books',
    permission: 'template.read',
    code: { component: lazy },
  },
  {
    plugin: 'templates',
    area: 'admin',
    id: 'library',
    path: 'templates',
    titleKey: 'plugins.templates.nav',
    icon: 'library_books',
    code: { component: lazy },
  },
];

describe('buildNavigation', () => {
  it('has only the core sections when no plugin contributes pages', () => {
    const sections = buildNavigation([]);
    expect(sections.map((section) => section.id)).toEqual(['core', 'admin']);
    expect(sections.flatMap((section) => section.items.map((item) => item.to))).toEqual([
      '/',
      '/tenants',
      '/admin/limits',
      '/admin/system',
    ]);
  });

  it('lists a plugin’s admin page first under Administration, once', () => {
    const sections = buildNavigation(templatesPages);
    expect(sections.map((section) => section.id)).toEqual(['core', 'admin']);
    expect(sections[1]?.items.map((item) => item.to)).toEqual([
      '/admin/templates',
      '/admin/limits',
      '/admin/system',
    ]);
    expect(sections[1]?.items[0]).toMatchObject({
      id: 'plugin:templates:admin:library',
      icon: 'sym_o_library_books',
      titleKey: 'plugins.templates.nav',
      fallbackLabel: 'Templates',
    });
  });

  it('does not let callers mutate the core entries', () => {
    buildNavigation(templatesPages).forEach((section) => section.items.pop());
    expect(buildNavigation([])[0]?.items).toHaveLength(2);
    expect(buildNavigation([])[1]?.items).toHaveLength(2);
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

  it('lists a plugin’s tenant page before the audit log, marked when its permission is missing', () => {
    const allowed = tenantNavigation(
      { id: '42', can: (p) => p === 'template.read' },
      templatesPages,
    );
    const ids = allowed.items.map((item) => item.id);
    expect(ids.indexOf('plugin:templates:tenant:library')).toBe(ids.indexOf('tenant-audit') - 1);
    const item = allowed.items.find((entry) => entry.id === 'plugin:templates:tenant:library');
    expect(item).toMatchObject({ to: '/t/42/templates' });
    expect(item?.missingPermission).toBeUndefined();
    const denied = tenantNavigation({ id: '42', can: () => false }, templatesPages);
    expect(
      denied.items.find((entry) => entry.id === 'plugin:templates:tenant:library')
        ?.missingPermission,
    ).toBe('template.read');
    // The admin page stays out of the tenant's section.
    expect(allowed.items.filter((entry) => entry.to.endsWith('/templates'))).toHaveLength(1);
  });
});
