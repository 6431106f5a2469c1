import {
  isPnError,
  type AuditLog,
  type CatalogTemplateVersion,
  type EventBus,
  type ParameterValue,
} from '@pteronimbus/sdk';
import type { ResourceLimits } from '../config/schema.ts';
import {
  ServerClusterRequired,
  ServerClusterUnavailable,
  ServerExposureNotAllowed,
  ServerNotFound,
} from '../errors/codes.ts';
import type { LimitsService, LimitsStore } from '../limits/index.ts';
import type { OperatorGateway } from '../operator-gateway/index.ts';
import type { TenantDirectory, TenantSettings } from '../tenants/index.ts';
import type { PinnedTemplates } from './catalog.ts';
import type { InstallOutputs } from './install-output.ts';
import { auditServer, tenantEvent } from './notices.ts';
import {
  assertParameters,
  assertUnlocked,
  carryOver,
  explicitValues,
  hiddenParameters,
  withoutHidden,
  type DroppedParameter,
} from './parameters.ts';
import type { DesiredStatePublisher } from './publishing.ts';
import { assertCapacity, assertQuota } from './quota.ts';
import type { ServerReads } from './reads.ts';
import { newServerId, type ServerChange, type ServerRecord, type ServerStore } from './store.ts';
import type {
  AcceptedChange,
  Actor,
  CreateServerInput,
  ParameterAccess,
  ServerAction,
  UpdateServerInput,
} from './types.ts';
import { str } from './view.ts';

/** What {@link ServerCommands} needs. */
export interface CommandsOptions {
  store: Pick<
    ServerStore,
    | 'transaction'
    | 'get'
    | 'insert'
    | 'update'
    | 'remove'
    | 'allOf'
    | 'forgetTenant'
    | 'lockTenant'
    | 'usage'
    | 'lockCluster'
    | 'clusterUsage'
  >;
  templates: Pick<PinnedTemplates, 'get' | 'of' | 'hiddenOf'>;
  publisher: Pick<DesiredStatePublisher, 'publish' | 'withdraw' | 'withdrawTenant'>;
  reads: Pick<ServerReads, 'view' | 'wrote'>;
  install: Pick<InstallOutputs, 'forget'>;
  limits: Pick<
    LimitsService,
    'quota' | 'tenant' | 'assertServerSize' | 'assertExposure' | 'assertCluster'
  > & { store: Pick<LimitsStore, 'clusterCapacity'> };
  tenants: Pick<TenantDirectory, 'tenant'>;
  gateway: Pick<OperatorGateway, 'getCluster'>;
  audit: Pick<AuditLog, 'record'>;
  events: EventBus;
}

/** A template move as asked with `dryRun`: what would be kept and dropped. */
export interface TemplateMovePreview {
  dryRun: true;
  from: number;
  to: number;
  kept: Record<string, ParameterValue>;
  dropped: DroppedParameter[];
}

/** A template move done. */
export type TemplateMoved = AcceptedChange & {
  from: number;
  to: number;
  dropped: DroppedParameter[];
};

/**
 * Changes of servers' desired state: each checked (parameters, limits, quota, capacity), stored at
 * a new revision, audited, published to the cluster and told to the tenant's panels.
 */
export class ServerCommands {
  readonly #o: CommandsOptions;

  constructor(options: CommandsOptions) {
    this.#o = options;
  }

  async create(tenantId: string, input: CreateServerInput, actor: Actor): Promise<AcceptedChange> {
    const { store, limits } = this.#o;
    const template = await this.#o.templates.get(tenantId, input.templateId, input.templateVersion);
    const parameters = explicitValues(input.parameters ?? {});
    if (actor.parameterAccess === 'member')
      assertUnlocked(template.spec.parameters, {}, parameters);
    assertParameters(template.spec.parameters, parameters);
    const resources = { ...template.spec.resources, ...input.resources };
    // The template's own defaults count too: an imported egg may ask for anything.
    limits.assertServerSize(resources);
    const exposure = input.exposure ?? 'ClusterIP';
    await limits.assertExposure(tenantId, exposure);
    const settings = await this.#settings(tenantId);
    const clusterId = input.clusterId ?? settings.defaultClusterId ?? null;
    if (!clusterId) throw ServerClusterRequired();
    await this.#usableCluster(clusterId);
    await limits.assertCluster(tenantId, clusterId);
    const quota = await this.#quota(tenantId, settings);
    const capacity = await limits.store.clusterCapacity(clusterId);
    const server = await store.transaction(async (sql) => {
      await store.lockTenant(sql, tenantId);
      const want = { servers: 1, ...resources };
      assertQuota(quota, await store.usage(sql, tenantId), want);
      await assertCapacity(store, sql, clusterId, capacity, want);
      return store.insert(sql, {
        id: newServerId(),
        tenantId,
        clusterId,
        name: input.name,
        templateId: template.templateId,
        templateVersion: template.version,
        gameId: template.spec.game.id,
        parameters,
        resources,
        exposure,
        desiredState: input.start === false ? 'Stopped' : 'Running',
        installGeneration: 0,
        stopGraceSeconds: 60,
        pendingAction: null,
        createdBy: actor.principal?.userId ?? null,
      });
    });
    this.#o.reads.wrote(tenantId);
    await auditServer(this.#o.audit, actor, 'server.create', server, {
      template: { id: template.templateId, version: template.version },
      clusterId,
      resources,
      exposure: server.exposure,
      parameters: Object.keys(parameters),
    });
    const accepted = await this.#accepted(server, template, actor.parameterAccess);
    await tenantEvent(this.#o.events, tenantId, {
      type: 'server.created',
      serverId: server.id,
      revision: server.revision,
    });
    return accepted;
  }

  async action(
    tenantId: string,
    id: string,
    action: ServerAction,
    actor: Actor,
  ): Promise<AcceptedChange> {
    const { before, after } = await this.change(tenantId, id, (s) => actionChange(action, s));
    await auditServer(this.#o.audit, actor, `server.${action}`, after, {
      desiredState: { from: before.desiredState, to: after.desiredState },
      ...(action === 'reinstall' ? { installGeneration: after.installGeneration } : {}),
      revision: after.revision,
    });
    const accepted = await this.#accepted(after, undefined, actor.parameterAccess);
    await tenantEvent(this.#o.events, tenantId, {
      type: `server.${action}`,
      serverId: id,
      revision: after.revision,
    });
    return accepted;
  }

  async update(
    tenantId: string,
    id: string,
    input: UpdateServerInput,
    actor: Actor,
  ): Promise<AcceptedChange> {
    const current = await this.#o.store.get(tenantId, id);
    if (!current) throw ServerNotFound(id);
    const template = await this.#o.templates.of(current);
    const { before, after } = await this.change(tenantId, id, (s) => {
      const change: ServerChange = {};
      if (input.name !== undefined) change.name = input.name;
      if (input.exposure !== undefined) change.exposure = input.exposure;
      if (input.parameters !== undefined) {
        const merged: Record<string, ParameterValue> = { ...s.parameters };
        for (const [name, value] of Object.entries(input.parameters)) {
          if (value === null) delete merged[name];
          else merged[name] = value as ParameterValue;
        }
        if (actor.parameterAccess === 'member')
          assertUnlocked(template.spec.parameters, s.parameters, merged);
        assertParameters(template.spec.parameters, merged);
        change.parameters = merged;
      }
      if (input.resources !== undefined) change.resources = { ...s.resources, ...input.resources };
      return change;
    });
    await auditServer(this.#o.audit, actor, 'server.update', after, {
      ...(input.name !== undefined ? { name: { from: before.name, to: after.name } } : {}),
      ...(input.exposure !== undefined
        ? { exposure: { from: before.exposure, to: after.exposure } }
        : {}),
      ...(input.parameters !== undefined ? { parameters: Object.keys(input.parameters) } : {}),
      ...(input.resources !== undefined
        ? { resources: { from: before.resources, to: after.resources } }
        : {}),
      revision: after.revision,
    });
    const accepted = await this.#accepted(after, template, actor.parameterAccess);
    await tenantEvent(this.#o.events, tenantId, {
      type: 'server.updated',
      serverId: id,
      revision: after.revision,
    });
    return accepted;
  }

  /**
   * Moves a server to another version of its template (the current one by default), keeping the
   * parameter values that still apply (R8.5). With `dryRun`, only reports what would happen.
   */
  async moveTemplate(
    tenantId: string,
    id: string,
    input: {
      version?: number | undefined;
      parameters?: Record<string, unknown> | undefined;
      dryRun?: boolean | undefined;
    },
    actor: Actor,
  ): Promise<TemplateMoved | TemplateMovePreview> {
    const current = await this.#o.store.get(tenantId, id);
    if (!current) throw ServerNotFound(id);
    const target = await this.#o.templates.get(tenantId, current.templateId, input.version);
    const { kept, dropped } = carryOver(target.spec.parameters, current.parameters);
    const values = { ...kept, ...explicitValues(input.parameters ?? {}) };
    const member = actor.parameterAccess === 'member';
    if (member) assertUnlocked(target.spec.parameters, kept, values);
    // A member learns nothing of parameters hidden from them, in either version.
    const hidden = member
      ? new Set([
          ...hiddenParameters(target.spec.parameters),
          ...(await this.#o.templates.hiddenOf(current)),
        ])
      : new Set<string>();
    const shownDropped = dropped.filter((d) => !hidden.has(d.name));
    if (input.dryRun)
      return {
        dryRun: true,
        from: current.templateVersion,
        to: target.version,
        kept: withoutHidden(values, hidden),
        dropped: shownDropped,
      };
    assertParameters(target.spec.parameters, values);
    const { before, after } = await this.change(tenantId, id, () => ({
      templateVersion: target.version,
      gameId: target.spec.game.id,
      parameters: values,
    }));
    await auditServer(this.#o.audit, actor, 'server.template.move', after, {
      version: { from: before.templateVersion, to: after.templateVersion },
      dropped: dropped.map((d) => d.name),
      revision: after.revision,
    });
    const accepted = await this.#accepted(after, target, actor.parameterAccess);
    await tenantEvent(this.#o.events, tenantId, {
      type: 'server.template.moved',
      serverId: id,
      revision: after.revision,
      version: after.templateVersion,
    });
    return {
      ...accepted,
      from: before.templateVersion,
      to: after.templateVersion,
      dropped: shownDropped,
    };
  }

  /** Deletes a server; its volume goes with it only when `keepData` is false. */
  async remove(
    tenantId: string,
    id: string,
    keepData: boolean,
    actor: Actor,
  ): Promise<{ deleted: true; serverId: string; keepData: boolean; linkRevision: number }> {
    const server = await this.#o.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    const template = keepData ? null : await this.#o.templates.of(server);
    const revision = await this.#o.publisher.withdraw(server, template);
    await this.#o.store.remove(tenantId, id);
    this.#o.reads.wrote(tenantId);
    await this.#o.install.forget(id);
    await auditServer(this.#o.audit, actor, 'server.delete', server, {
      keepData,
      linkRevision: revision,
    });
    await tenantEvent(this.#o.events, tenantId, { type: 'server.deleted', serverId: id, keepData });
    return { deleted: true, serverId: id, keepData, linkRevision: revision };
  }

  /**
   * Pteronimbus leaves the tenant's guild. With the data kept, every server is stopped and waits,
   * files and settings intact, for a reinstall. Without, every server goes from its cluster with
   * its files, then the tenant's namespace, and core keeps no row of them. Called before the
   * tenant itself is removed, so a failure leaves it installed and the owner can try again.
   */
  async tenantUninstalled(tenantId: string, keepData: boolean, actor: Actor): Promise<void> {
    const servers = await this.#o.store.allOf(tenantId);
    if (keepData) {
      for (const server of servers)
        if (server.desiredState !== 'Stopped')
          await this.action(tenantId, server.id, 'stop', actor);
      return;
    }
    for (const server of servers) {
      // Without its template (the library is gone) the files still go, with the namespace.
      const template = await this.#o.templates.of(server).catch(() => null);
      await this.#o.publisher.withdraw(server, template);
    }
    await this.#o.publisher.withdrawTenant(tenantId);
    await this.#o.store.forgetTenant(tenantId);
    for (const server of servers) await this.#o.install.forget(server.id);
    this.#o.reads.wrote(tenantId);
  }

  /**
   * The second half of a restart: the operator reported the server stopped, so it is started
   * again at a new revision.
   */
  async resumeRestart(server: Pick<ServerRecord, 'tenantId' | 'id'>): Promise<void> {
    const { after } = await this.change(server.tenantId, server.id, () => ({
      desiredState: 'Running',
      pendingAction: null,
    }));
    await this.#o.publisher.publish(after);
    await tenantEvent(this.#o.events, server.tenantId, {
      type: 'server.restart.resumed',
      serverId: server.id,
      revision: after.revision,
    });
  }

  /** Locks the server, applies `decide`'s change (quota-checked when resources change), raises the revision. */
  async change(
    tenantId: string,
    id: string,
    decide: (current: ServerRecord) => ServerChange | Promise<ServerChange>,
  ): Promise<{ before: ServerRecord; after: ServerRecord }> {
    const { store, limits } = this.#o;
    const quota = await this.#quota(tenantId, await this.#settings(tenantId));
    const current = await store.get(tenantId, id);
    const capacity = current ? await limits.store.clusterCapacity(current.clusterId) : {};
    const exposures = (await limits.tenant(tenantId)).exposures;
    const changed = await store.transaction(async (sql) => {
      const before = await store.get(tenantId, id, sql, true);
      if (!before) throw ServerNotFound(id);
      const change = await decide(before);
      // A server keeps an exposure it already has; moving to another one needs the policy.
      if (
        change.exposure !== undefined &&
        change.exposure !== before.exposure &&
        !exposures.includes(change.exposure)
      )
        throw ServerExposureNotAllowed(change.exposure, {
          exposure: change.exposure,
          allowed: exposures,
        });
      if (change.resources) {
        limits.assertServerSize(change.resources);
        await store.lockTenant(sql, tenantId);
        const want = { servers: 1, ...change.resources };
        assertQuota(quota, await store.usage(sql, tenantId, id), want);
        await assertCapacity(store, sql, before.clusterId, capacity, want, id);
      }
      return { before, after: await store.update(sql, tenantId, id, change) };
    });
    this.#o.reads.wrote(tenantId);
    return changed;
  }

  async #accepted(
    server: ServerRecord,
    template?: CatalogTemplateVersion,
    access: ParameterAccess = 'all',
  ): Promise<AcceptedChange> {
    const pinned = template ?? (await this.#o.templates.of(server));
    const desired = await this.#o.publisher.publish(server, pinned);
    const hidden = access === 'all' ? undefined : hiddenParameters(pinned.spec.parameters);
    // The desired state carries every parameter in its environment form: a member sees those
    // they may see, by their environment variable.
    const hiddenEnv = hidden
      ? new Set([...hidden].map((name) => pinned.spec.parameters.properties[name]!.envVariable))
      : undefined;
    return {
      revision: server.revision,
      server: await this.#o.reads.view(server, hidden),
      desired: hiddenEnv
        ? { ...desired, parameters: withoutHidden(desired.parameters, hiddenEnv) }
        : desired,
    };
  }

  async #settings(tenantId: string): Promise<TenantSettings> {
    return (await this.#o.tenants.tenant(tenantId))?.settings ?? {};
  }

  /** The tenant's finite quota: its own settings within the ceiling a super admin set. */
  async #quota(tenantId: string, settings: TenantSettings): Promise<ResourceLimits> {
    return this.#o.limits.quota(tenantId, settings.quotas);
  }

  async #usableCluster(clusterId: string) {
    let status: string;
    try {
      status = (await this.#o.gateway.getCluster(clusterId)).status;
    } catch (err) {
      if (isPnError(err) && err.code === 'PN_CLUSTER_NOT_FOUND')
        throw ServerClusterUnavailable(clusterId, { clusterId, status: 'unknown' });
      throw err;
    }
    if (status !== 'approved') throw ServerClusterUnavailable(clusterId, { clusterId, status });
  }
}

/** The change an action makes to a server's desired state. */
export function actionChange(action: ServerAction, s: ServerRecord): ServerChange {
  switch (action) {
    case 'start':
      return { desiredState: 'Running', pendingAction: null, stopGraceSeconds: 60 };
    case 'stop':
      return { desiredState: 'Stopped', pendingAction: null, stopGraceSeconds: 60 };
    case 'kill':
      // The shortest grace the spec allows: the game gets no time to save.
      return { desiredState: 'Stopped', pendingAction: null, stopGraceSeconds: 1 };
    case 'reinstall':
      return { installGeneration: s.installGeneration + 1 };
    case 'restart': {
      const phase = str(s.status?.phase);
      const down =
        s.desiredState === 'Stopped' &&
        (phase === null || phase === 'Stopped' || phase === 'Failed');
      // The spec has no restart: stop, and start again once the operator reports it stopped.
      return down
        ? { desiredState: 'Running', pendingAction: null, stopGraceSeconds: 60 }
        : { desiredState: 'Stopped', pendingAction: 'restart', stopGraceSeconds: 60 };
    }
  }
}
