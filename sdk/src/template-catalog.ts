import { createExtensionPoint } from './extension-points.ts';
import type { GameTemplateSpec } from './templates/schema.ts';

/** One version of a template as the catalog hands it out. */
export interface CatalogTemplateVersion {
  templateId: string;
  /** Version number, counted from 1. */
  version: number;
  /** Display name of the template. */
  name: string;
  /** The GameTemplate spec of that version. */
  spec: GameTemplateSpec;
}

/** Whose view of the catalog is asked: a tenant sees its own templates and the global ones. */
export interface TemplateCatalogScope {
  tenantId: string;
}

/**
 * Reads templates for modules that run them (core's servers), without knowing where they are
 * stored. Answers `null` for a template or version the tenant cannot see.
 */
export interface TemplateCatalog {
  /** A version of a template (the current one when `version` is omitted). */
  getVersion(
    scope: TemplateCatalogScope,
    templateId: string,
    version?: number,
  ): Promise<CatalogTemplateVersion | null>;
  /** The current version number of a template. */
  latestVersion(scope: TemplateCatalogScope, templateId: string): Promise<number | null>;
}

/** The plugin that keeps the template library (e.g. templates) offers its catalog here. */
export const templateCatalogExtensionPoint =
  createExtensionPoint<TemplateCatalog>('templates.catalog');

/** Something that uses a template, e.g. a server pinned to one of its versions. */
export interface TemplateUser {
  /** Kind of user, e.g. `server`. */
  type: string;
  id: string;
  name?: string;
  /** Tenant the user belongs to. */
  tenantId?: string;
  /** The version it is pinned to. */
  version?: number;
}

/** The template asked about. A global template may be used from any tenant. */
export interface TemplateUsageRef {
  id: string;
  scope: 'global' | 'tenant';
  tenantId: string | null;
}

/**
 * Answers whether a template is in use. Modules that pin templates (servers) offer one; a
 * template is in use when any of them names a user, and it cannot be deleted while it is.
 */
export interface TemplateUsage {
  usersOf(template: TemplateUsageRef): Promise<readonly TemplateUser[]>;
}

/** Where modules that use templates offer a {@link TemplateUsage}. With none, no template is in use. */
export const templateUsageExtensionPoint = createExtensionPoint<TemplateUsage>('templates.usage');
