import type { CatalogTemplateVersion, TemplateCatalog } from '@pteronimbus/sdk';
import { TemplateNotFound, TemplateVersionNotFound } from './errors.ts';
import type { TemplateLibrary } from './library.ts';

// Template ids are UUIDs; anything else names no template (and must not reach a uuid column).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Not seeing a template is an answer for the catalog, not a failure. */
async function orNull<T>(templateId: string, read: () => Promise<T>): Promise<T | null> {
  if (!UUID.test(templateId)) return null;
  try {
    return await read();
  } catch (err) {
    if (TemplateNotFound.is(err) || TemplateVersionNotFound.is(err)) return null;
    throw err;
  }
}

/** The library as the SDK's template catalog: a tenant's own templates and the global ones. */
export function templateCatalog(library: TemplateLibrary): TemplateCatalog {
  return {
    getVersion: (scope, templateId, version) =>
      orNull(templateId, async (): Promise<CatalogTemplateVersion> => {
        const owner = { scope: 'tenant', tenantId: scope.tenantId } as const;
        const { template, version: current } = await library.get(owner, templateId);
        const record =
          version === undefined || version === current.version
            ? current
            : await library.version(owner, templateId, version);
        // The egg it came from stays in the library; servers only need what runs.
        const { source: _source, ...spec } = record.spec;
        return { templateId: template.id, version: record.version, name: template.name, spec };
      }),
    latestVersion: (scope, templateId) =>
      orNull(templateId, async () => {
        const { template } = await library.get(
          { scope: 'tenant', tenantId: scope.tenantId },
          templateId,
        );
        return template.currentVersion;
      }),
  };
}
