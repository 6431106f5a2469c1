import {
  isPnError,
  templateCatalogExtensionPoint,
  type CatalogTemplateVersion,
  type Extensions,
  type TemplateCatalog,
} from '@pteronimbus/sdk';
import { ServerTemplateNotFound } from '../errors/codes.ts';
import { hiddenParameters } from './parameters.ts';
import type { ServerRecord } from './store.ts';

/** The template versions servers pin, read from the template library a plugin offers. */
export class PinnedTemplates {
  readonly #extensions: Pick<Extensions, 'get'>;

  constructor(extensions: Pick<Extensions, 'get'>) {
    this.#extensions = extensions;
  }

  /** The loaded template library, or `null` when no plugin offers one. */
  catalog(): TemplateCatalog | null {
    return this.#extensions.get(templateCatalogExtensionPoint)[0] ?? null;
  }

  /** A template version (the current one without `version`), or `PN_SERVER_TEMPLATE_NOT_FOUND`. */
  async get(
    tenantId: string,
    templateId: string,
    version?: number,
  ): Promise<CatalogTemplateVersion> {
    const catalog = this.catalog();
    const found = catalog ? await catalog.getVersion({ tenantId }, templateId, version) : null;
    if (!found)
      throw ServerTemplateNotFound(
        version === undefined ? templateId : `${templateId} version ${version}`,
        {
          templateId,
          ...(version === undefined ? {} : { version }),
          ...(catalog ? {} : { reason: 'no template library is loaded' }),
        },
      );
    return found;
  }

  /** The version a server pins. */
  of(server: Pick<ServerRecord, 'tenantId' | 'templateId' | 'templateVersion'>) {
    return this.get(server.tenantId, server.templateId, server.templateVersion);
  }

  /**
   * The parameters of a server a member may not see. When its template cannot be read, all of
   * them: what they may see is not known.
   */
  async hiddenOf(
    server: Pick<ServerRecord, 'tenantId' | 'templateId' | 'templateVersion' | 'parameters'>,
    template?: CatalogTemplateVersion,
  ): Promise<ReadonlySet<string>> {
    try {
      return hiddenParameters((template ?? (await this.of(server))).spec.parameters);
    } catch (err) {
      if (!isPnError(err)) throw err;
      return new Set(Object.keys(server.parameters));
    }
  }
}
