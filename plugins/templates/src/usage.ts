import { createExtensionPoint } from '@pteronimbus/sdk';

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
export interface TemplateRef {
  id: string;
  scope: 'global' | 'tenant';
  tenantId: string | null;
}

/**
 * Answers whether a template is in use. Plugins that pin templates (servers) offer one; a
 * template is in use when any of them names a user, and it cannot be deleted while it is.
 */
export interface TemplateUsage {
  usersOf(template: TemplateRef): Promise<readonly TemplateUser[]>;
}

/** Where plugins that use templates offer a {@link TemplateUsage}. With none, no template is in use. */
export const templateUsageExtensionPoint = createExtensionPoint<TemplateUsage>('templates.usage');
