import type { CatalogTemplateVersion, GameServerSpec } from '@pteronimbus/sdk';
import type { ResourceLimits } from '../config/schema.ts';
import type { OperatorGateway } from '../operator-gateway/index.ts';
import type { PinnedTemplates } from './catalog.ts';
import {
  documentHash,
  gamePortRules,
  gameServerSpec,
  templateObjectName,
  tenantSpec,
} from './documents.ts';
import type { ServerRecord, ServerStore } from './store.ts';

/** What {@link DesiredStatePublisher} needs. */
export interface PublisherOptions {
  store: Pick<
    ServerStore,
    'templatesOn' | 'sentHash' | 'markSent' | 'setLinkRevision' | 'clustersOf'
  >;
  gateway: Pick<OperatorGateway, 'publish'>;
  templates: Pick<PinnedTemplates, 'catalog' | 'of'>;
  /** The tenant's finite quota, for its namespace's ResourceQuota. */
  quotaOf: (tenantId: string) => Promise<ResourceLimits>;
  /** Told of every change of a tenant's servers this replica makes. */
  wrote: (tenantId: string) => void;
}

/**
 * Sends desired state to the clusters over the signed link log: a server's GameServer document
 * with the Tenant and GameTemplate documents it needs first, each of those only when it changed.
 */
export class DesiredStatePublisher {
  readonly #o: PublisherOptions;

  constructor(options: PublisherOptions) {
    this.#o = options;
  }

  /** Publishes a server's desired state (with what it needs first) and returns the spec sent. */
  async publish(server: ServerRecord, template?: CatalogTemplateVersion): Promise<GameServerSpec> {
    const pinned = template ?? (await this.#o.templates.of(server));
    await this.ensureTenant(server.clusterId, server.tenantId);
    await this.#ensureTemplate(server.clusterId, server.tenantId, pinned);
    const spec = gameServerSpec(server, pinned.spec);
    const { revision } = await this.#o.gateway.publish(server.clusterId, {
      kind: 'GameServer',
      tenantId: server.tenantId,
      name: server.id,
      spec: spec as unknown as Record<string, unknown>,
    });
    await this.#o.store.setLinkRevision(server.id, revision);
    this.#o.wrote(server.tenantId);
    server.linkRevision = revision;
    return spec;
  }

  /** Sends the tenant's namespace (quota, game ports) when it is new to the cluster or changed. */
  async ensureTenant(clusterId: string, tenantId: string): Promise<void> {
    const pinned = await this.#o.store.templatesOn(clusterId, tenantId);
    const catalog = this.#o.templates.catalog();
    const specs = (
      await Promise.all(
        pinned.map((p) => catalog?.getVersion({ tenantId }, p.template_id, p.template_version)),
      )
    ).flatMap((t) => (t ? [t.spec] : []));
    const spec = tenantSpec(await this.#o.quotaOf(tenantId), gamePortRules(specs));
    const hash = documentHash(spec);
    if ((await this.#o.store.sentHash(clusterId, tenantId, 'Tenant', tenantId)) === hash) return;
    const { revision } = await this.#o.gateway.publish(clusterId, {
      kind: 'Tenant',
      tenantId,
      spec,
    });
    await this.#o.store.markSent(clusterId, tenantId, 'Tenant', tenantId, hash, revision);
  }

  /**
   * Sends the tenant's namespace document again wherever it has servers, after a super admin
   * changed its ceiling (the operator's ResourceQuota follows).
   */
  async tenantLimitsChanged(tenantId: string): Promise<void> {
    for (const clusterId of await this.#o.store.clustersOf(tenantId))
      await this.ensureTenant(clusterId, tenantId);
  }

  /**
   * Takes a server off its cluster. Given its template, the files go too: the operator reads the
   * storage choice from the spec when it finalises the deletion. Answers the link revision.
   */
  async withdraw(
    server: ServerRecord,
    deleteFilesOf: CatalogTemplateVersion | null,
  ): Promise<number> {
    const { id, tenantId, clusterId } = server;
    if (deleteFilesOf)
      await this.#o.gateway.publish(clusterId, {
        kind: 'GameServer',
        tenantId,
        name: id,
        spec: gameServerSpec(server, deleteFilesOf.spec, true) as unknown as Record<
          string,
          unknown
        >,
      });
    const { revision } = await this.#o.gateway.publish(clusterId, {
      kind: 'GameServer',
      tenantId,
      name: id,
      deleted: true,
    });
    return revision;
  }

  /** Takes the tenant's namespace off every cluster it has servers on. */
  async withdrawTenant(tenantId: string): Promise<void> {
    for (const clusterId of await this.#o.store.clustersOf(tenantId))
      await this.#o.gateway.publish(clusterId, { kind: 'Tenant', tenantId, deleted: true });
  }

  async #ensureTemplate(clusterId: string, tenantId: string, template: CatalogTemplateVersion) {
    const name = templateObjectName(template.templateId, template.version);
    const spec = template.spec as unknown as Record<string, unknown>;
    const hash = documentHash(spec);
    if ((await this.#o.store.sentHash(clusterId, tenantId, 'GameTemplate', name)) === hash) return;
    const { revision } = await this.#o.gateway.publish(clusterId, {
      kind: 'GameTemplate',
      tenantId,
      name,
      spec,
    });
    await this.#o.store.markSent(clusterId, tenantId, 'GameTemplate', name, hash, revision);
  }
}
