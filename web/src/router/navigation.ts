import { icons } from '../components/icons.ts';
import type { ContributedRoute } from '../stores/registry.ts';

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
  id: 'core' | 'tenant' | 'admin' | 'plugins';
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
        id: 'admin-templates',
        to: '/admin/templates',
        icon: icons.libraryBooks,
        titleKey: 'nav.templates',
        fallbackLabel: 'Templates',
        exact: false,
      },
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

/** Plugin routes the panel renders natively, so the drawer lists them once, as its own. */
const nativePluginPaths: ReadonlySet<string> = new Set(['/templates', '/roles', '/members']);

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
    id: 'tenant-templates',
    path: 'templates',
    icon: icons.libraryBooks,
    titleKey: 'tenants.nav.templates',
    fallbackLabel: 'Templates',
    permission: 'template.read',
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

/**
 * The drawer entries of one tenant. Pages the user may not open stay listed, marked with the
 * permission they lack, so people learn what exists and whom to ask.
 */
export function tenantNavigation(tenant: TenantNavContext): NavSection {
  const base = `/t/${encodeURIComponent(tenant.id)}`;
  return {
    id: 'tenant',
    titleKey: 'tenants.nav.section',
    items: tenantPages.map((page) => ({
      id: page.id,
      to: page.path === '' ? base : `${base}/${page.path}`,
      icon: page.icon,
      titleKey: page.titleKey,
      fallbackLabel: page.fallbackLabel,
      exact: page.path === '',
      ...(page.permission !== undefined && !tenant.can(page.permission)
        ? { missingPermission: page.permission }
        : {}),
    })),
  };
}

/**
 * The drawer's sections: core entries first, then one section with every route the registry
 * says a plugin contributes. Routes whose path has parameters (`/t/:tenantId/...`) need a
 * context the drawer does not have yet, so they stay out of it.
 */
export function buildNavigation(
  contributed: readonly ContributedRoute[],
  tenant?: TenantNavContext,
): NavSection[] {
  const pluginItems: NavItem[] = contributed
    .filter(
      (route) =>
        route.path.startsWith('/') &&
        !route.path.includes(':') &&
        !nativePluginPaths.has(route.path),
    )
    .map((route) => ({
      id: `plugin:${route.plugin}:${route.path}`,
      to: route.path,
      icon: pluginIcon(route.icon),
      titleKey: route.titleKey,
      fallbackLabel: labelFromPath(route.path),
      exact: false,
    }));

  const sections = coreNavigation.map((section) => ({ ...section, items: [...section.items] }));
  if (tenant !== undefined) sections.splice(1, 0, tenantNavigation(tenant));
  if (pluginItems.length > 0) {
    sections.push({ id: 'plugins', titleKey: 'nav.pluginSection', items: pluginItems });
  }
  return sections;
}
