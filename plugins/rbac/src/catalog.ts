import type { FastifyInstance } from 'fastify';
import type { PermissionDeclaration } from '@pteronimbus/sdk';
import { ADMIN_PERMISSIONS, UNMAPPABLE } from './effective.ts';

/** One permission in the catalog. */
export interface CatalogPermission {
  key: string;
  /** i18n key (or a plain label when a plugin gave one). */
  label: string;
  description: string;
  /** `core` or the plugin that declared it. */
  owner: string;
  /** False for permissions that follow from Discord alone. */
  mappable: boolean;
  /** Held by every tenant admin (owner, Administrator, Manage Server, Manage Roles). */
  adminImplied: boolean;
}

/** A group of permissions, in declaration order. */
export interface CatalogGroup {
  id: string;
  /** i18n key of the group's title. */
  label: string;
  permissions: CatalogPermission[];
}

/** The permission catalog: core's keys and each loaded plugin's, grouped. */
export interface Catalog {
  groups: CatalogGroup[];
  keys: ReadonlySet<string>;
}

interface RegistryDoc {
  core: { permissions: PermissionDeclaration[] };
  plugins: Array<{ name: string; permissions: PermissionDeclaration[] }>;
}

/** Builds the catalog from the registry document core publishes. */
export function buildCatalog(registry: RegistryDoc): Catalog {
  const groups = new Map<string, CatalogGroup>();
  const keys = new Set<string>();
  const add = (owner: string, p: PermissionDeclaration) => {
    if (keys.has(p.key)) return;
    keys.add(p.key);
    let group = groups.get(p.group);
    if (!group) {
      group = { id: p.group, label: `permissions.groups.${p.group}`, permissions: [] };
      groups.set(p.group, group);
    }
    group.permissions.push({
      key: p.key,
      label: p.label ?? `permissions.${p.key}.label`,
      description: p.description ?? `permissions.${p.key}.description`,
      owner,
      mappable: !UNMAPPABLE.has(p.key),
      adminImplied: ADMIN_PERMISSIONS.includes(p.key),
    });
  };
  for (const p of registry.core.permissions) add('core', p);
  for (const plugin of registry.plugins) for (const p of plugin.permissions) add(plugin.name, p);
  return { groups: [...groups.values()], keys };
}

/**
 * Reads the registry through core's own public route once (it only changes on restart), so the
 * plugin needs nothing beyond the SDK to know every loaded plugin's permissions.
 */
export function catalogLoader(app: FastifyInstance): () => Promise<Catalog> {
  let catalog: Promise<Catalog> | null = null;
  return () => {
    catalog ??= app
      .inject({ method: 'GET', url: '/api/v1/registry' })
      .then((res) => buildCatalog(res.json() as RegistryDoc));
    catalog.catch(() => {
      catalog = null;
    });
    return catalog;
  };
}
