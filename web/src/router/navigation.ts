import { icons } from '../components/icons.ts';
import type { ContributedPage } from '../plugin-ui/store.ts';

/** One entry of the left drawer. */
export interface NavItem {
  /** Stable id for list keys and tests. */
  id: string;
  to: string;
  /** An SVG icon from `icons`, or a Material Symbols name sent by a plugin. */
  icon: string;
  /** Message key of the label. */
  titleKey: string;
  /** Label to show when the key has no message (a plugin that ships no strings for it). */
  fallbackLabel: string;
  /** Only the exact path marks it active (the home link would otherwise match everything). */
  exact: boolean;
  /** Set when the user may not open the page: the permission it needs, shown as the reason. */
  missingPermission?: string;
}

/** A titled group of entries. */
export interface NavSection {
  id: 'core' | 'tenant' | 'admin';
  /** Message key of the section heading; the first section has none. */
  titleKey?: string;
  items: NavItem[];
}

const defaultPluginIcon = icons.extension;

/**
 * Plugins name icons as Material Symbols do (`backup`, `cloud_sync`). Quasar reads a bare
 * name as the older Material Icons font, so bare names get the Material Symbols prefix; any
 * other Quasar icon notation (`sym_o_…`, `img:…`, an SVG path) passes through.
 */
export function pluginIcon(name: string | undefined): string {
  if (name === undefined || name === '') return defaultPluginIcon;
  const bare = /^[a-z0-9_]+$/.test(name) && !/^(sym_[ors]|mat|[ors])_/.test(name);
  return bare ? `sym_o_${name}` : name;
}

/** Turns `/backups/schedules` into "Schedules", for plugin routes without a translated title. */
export function labelFromPath(path: string): string {
  const segment = path
    .split('/')
    .filter((part) => part !== '' && !part.startsWith(':'))
    .pop();
  if (segment === undefined) return path;
  const words = segment.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The panel's own entries. */
export const coreNavigation: readonly NavSection[] = [
  {
    id: 'core',
    items: [
      {
        id: 'home',
        to: '/',
        icon: icons.home,
        titleKey: 'nav.home',
        fallbackLabel: 'Home',
        exact: true,
      },
      {
        id: 'tenants',
        to: '/tenants',
        icon: icons.groups,
        titleKey: 'nav.tenants',
        fallbackLabel: 'Discord servers',
        exact: true,
      },
    ],
  },
  {
    id: 'admin',
    titleKey: 'nav.administration',
    items: [
      {
        id: 'admin-limits',
        to: '/admin/limits',
        icon: icons.shield,
        titleKey: 'limits.nav',
        fallbackLabel: 'Tenant limits',
        exact: false,
      },
      {
        id: 'admin-system',
        to: '/admin/system',
        icon: icons.dns,
        titleKey: 'nav.system',
        fallbackLabel: 'System',
        exact: false,
      },
    ],
  },
];

/** The Discord server the page is about, and whether the user holds a permission there. */
export interface TenantNavContext {
  id: string;
  can: (permission: string) => boolean;
}

/** A tenant page the drawer links to, with the permission that opens it. */
interface TenantPage {
  id: string;
  /** Below `/t/:tenantId`; empty for the overview. */
  path: string;
  icon: string;
  titleKey: string;
  fallbackLabel: string;
  permission?: string;
}

/** The tenant pages this panel renders, in drawer order. */
export const tenantPages: readonly TenantPage[] = [
  {
    id: 'tenant-dashboard',
    path: '',
    icon: icons.spaceDashboard,
    titleKey: 'tenants.nav.dashboard',
    fallbackLabel: 'Overview',
  },
  {
    id: 'tenant-servers',
    path: 'servers',
    icon: icons.dns,
    titleKey: 'servers.nav',
    fallbackLabel: 'Game servers',
    permission: 'server.read',
  },
  {
    id: 'tenant-access',
    path: 'access',
    icon: icons.manageAccounts,
    titleKey: 'tenants.nav.access',
    fallbackLabel: 'Roles and access',
    permission: 'tenant.members.read',
  },
  {
    id: 'tenant-audit',
    path: 'audit',
    icon: icons.history,
    titleKey: 'tenants.nav.audit',
    fallbackLabel: 'Audit log',
    permission: 'audit.read',
  },
  {
    id: 'tenant-settings',
    path: 'settings',
    icon: icons.settings,
    titleKey: 'tenants.nav.settings',
    fallbackLabel: 'Settings',
    permission: 'tenant.settings.manage',
  },
];

/** The drawer entry of a contributed page; `base` is `/t/<id>` or `/admin`. */
function pluginPageItem(page: ContributedPage, base: string): NavItem {
  return {
    id: `plugin:${page.plugin}:${page.area}:${page.id}`,
    to: `${base}/${page.path}`,
    icon: pluginIcon(page.icon),
    titleKey: page.titleKey,
    fallbackLabel: labelFromPath(page.path),
    exact: false,
  };
}

/**
 * The drawer entries of one tenant: the panel's pages, with the pages plugins contribute
 * before the audit log and settings. Pages the user may not open stay listed, marked with the
 * permission they lack, so people learn what exists and whom to ask.
 */
export function tenantNavigation(
  tenant: TenantNavContext,
  pluginPages: readonly ContributedPage[] = [],
): NavSection {
  const base = `/t/${encodeURIComponent(tenant.id)}`;
  const missing = (permission: string | undefined) =>
    permission !== undefined && !tenant.can(permission) ? { missingPermission: permission } : {};
  const core: NavItem[] = tenantPages.map((page) => ({
    id: page.id,
    to: page.path === '' ? base : `${base}/${page.path}`,
    icon: page.icon,
    titleKey: page.titleKey,
    fallbackLabel: page.fallbackLabel,
    exact: page.path === '',
    ...missing(page.permission),
  }));
  const contributed = pluginPages
    .filter((page) => page.area === 'tenant')
    .map((page) => ({ ...pluginPageItem(page, base), ...missing(page.permission) }));
  const at = core.findIndex((item) => item.id === 'tenant-audit');
  return {
    id: 'tenant',
    titleKey: 'tenants.nav.section',
    items: [...core.slice(0, at), ...contributed, ...core.slice(at)],
  };
}

/**
 * The drawer's sections: core entries, the current tenant's pages, then the administration,
 * each with the pages plugins contribute to it.
 */
export function buildNavigation(
  pluginPages: readonly ContributedPage[],
  tenant?: TenantNavContext,
): NavSection[] {
  const sections = coreNavigation.map((section) => ({ ...section, items: [...section.items] }));
  const admin = sections.find((section) => section.id === 'admin');
  admin?.items.unshift(
    ...pluginPages
      .filter((page) => page.area === 'admin')
      .map((page) => pluginPageItem(page, '/admin')),
  );
  if (tenant !== undefined) sections.splice(1, 0, tenantNavigation(tenant, pluginPages));
  return sections;
}
