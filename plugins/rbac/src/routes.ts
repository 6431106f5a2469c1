import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { auditSourceOf, type AuditLog, type Principal, type RateLimiter } from '@pteronimbus/sdk';
import type { Catalog } from './catalog.ts';
import {
  ADMIN_PERMISSIONS,
  computeEffective,
  explain,
  memberRoles,
  NOT_A_MEMBER,
  UNMAPPABLE,
  type Effective,
  type Mapping,
  type TenantFacts,
} from './effective.ts';
import { canEditRole, checkMappingChange, mappingEditor, sameMapping } from './grants.ts';
import {
  RbacMemberNotFound,
  RbacPermissionNotMappable,
  RbacPermissionUnknown,
  RbacRoleNotFound,
  RbacSyncRateLimited,
} from './errors.ts';
import type { PermissionResolver } from './resolver.ts';
import type { RbacStore } from './store.ts';
import type { GuildSync } from './sync.ts';

const Snowflake = Type.String({ pattern: '^\\d{5,25}$' });
const PermissionKey = Type.String({
  pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$',
  maxLength: 100,
});
const ServerIds = Type.Union([
  Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
    minItems: 1,
    maxItems: 500,
    uniqueItems: true,
  }),
  Type.Null(),
]);
const MappingBody = Type.Object(
  {
    permissions: Type.Array(PermissionKey, { maxItems: 200, uniqueItems: true }),
    /** Narrows the grants to these servers; `null` or absent: every server of the tenant. */
    serverIds: Type.Optional(ServerIds),
  },
  { additionalProperties: false },
);
const MappingView = Type.Object({
  roleId: Type.String(),
  permissions: Type.Array(Type.String()),
  serverIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
const TenantParams = Type.Object({ tenantId: Type.String({ maxLength: 32 }) });
const RoleParams = Type.Object({ tenantId: Type.String({ maxLength: 32 }), roleId: Snowflake });
const EffectiveView = Type.Object({
  member: Type.Boolean(),
  admin: Type.Boolean(),
  adminBy: Type.Array(Type.String()),
  /** Held on every server. */
  permissions: Type.Array(Type.String()),
  /** Held on these servers only, by permission. */
  servers: Type.Record(Type.String(), Type.Array(Type.String())),
  /**
   * The caller is a super admin of the installation: core lets them do everything here (each use
   * audited as an override), so `permissions` lists the whole catalog.
   */
  superAdmin: Type.Boolean(),
});

function effectiveView(e: Effective): Static<typeof EffectiveView> {
  return {
    member: e.member,
    admin: e.adminBy.length > 0,
    adminBy: [...e.adminBy],
    permissions: [...e.tenantWide].sort(),
    servers: Object.fromEntries([...e.scoped].map(([p, s]) => [p, [...s].sort()])),
    superAdmin: false,
  };
}

/** What the routes need. */
export interface RbacRoutesOptions {
  store: RbacStore;
  resolver: PermissionResolver;
  sync: GuildSync;
  audit: AuditLog;
  catalog: () => Promise<Catalog>;
  /** Shared counters (Redis-backed when Redis is configured). */
  rateLimiter?: RateLimiter;
  /** Manual syncs one tenant may ask for per window. */
  manualSyncLimit?: { max: number; windowSeconds: number };
}

/** The plugin's HTTP API (prefix `/api/v1`). */
export function rbacRoutes(app: FastifyInstance, options: RbacRoutesOptions): void {
  const { store, resolver, sync, audit } = options;
  const actor = (p: Principal) => ({ type: 'user' as const, id: p.userId, name: p.name });

  async function checkMapping(tenantId: string, roleId: string, body: Static<typeof MappingBody>) {
    const catalog = await options.catalog();
    for (const key of body.permissions) {
      if (!catalog.keys.has(key)) throw RbacPermissionUnknown(key, { permission: key });
      if (UNMAPPABLE.has(key)) throw RbacPermissionNotMappable(key, { permission: key });
    }
    const facts = await resolver.facts(tenantId);
    if (!facts?.roles.has(roleId)) throw RbacRoleNotFound(roleId, { roleId });
    const mapping: Mapping = {
      roleId,
      permissions: [...body.permissions].sort(),
      serverIds: body.serverIds ? [...body.serverIds].sort() : null,
    };
    return mapping;
  }

  /** The caller as a mapping editor: what they hold, and how high their roles reach. */
  async function editorOf(request: FastifyRequest, tenantId: string, facts: TenantFacts) {
    const principal = request.principal!;
    if (principal.superAdmin) return mappingEditor(facts, null, NOT_A_MEMBER, true);
    const [row, effective] = await Promise.all([
      resolver.member(tenantId, principal.discordId),
      resolver.effective(tenantId, principal.discordId),
    ]);
    return mappingEditor(facts, row, effective, false);
  }

  async function factsOf(tenantId: string, roleId: string): Promise<TenantFacts> {
    const facts = await resolver.facts(tenantId);
    if (!facts) throw RbacRoleNotFound(roleId, { roleId });
    return facts;
  }

  const record = (
    request: FastifyRequest,
    tenantId: string,
    action: string,
    changes: Record<string, unknown>,
    target?: { type: string; id: string; name?: string },
  ) =>
    audit.record({
      tenantId,
      actor: actor(request.principal!),
      action,
      ...(target ? { target } : {}),
      changes,
      source: auditSourceOf(request.principal),
      requestId: request.id,
    });

  app.get(
    '/permissions',
    {
      config: { authenticated: true },
      schema: {
        tags: ['rbac'],
        summary: 'The permission catalog: core and plugin permissions, grouped, with i18n keys',
        querystring: Type.Object({}, { additionalProperties: false }),
      },
    },
    async () => {
      const catalog = await options.catalog();
      return { groups: catalog.groups, adminImplied: ADMIN_PERMISSIONS };
    },
  );

  app.get(
    '/tenants/:tenantId/roles',
    {
      config: { permission: 'tenant.members.read' },
      schema: {
        tags: ['rbac'],
        summary: "The guild's Discord roles with their mappings (as of the last sync)",
        params: TenantParams,
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const [roles, mappings, facts] = await Promise.all([
        store.roles(tenantId),
        store.mappings(tenantId),
        resolver.facts(tenantId),
      ]);
      const byRole = new Map(mappings.map((m) => [m.roleId, m]));
      const editor = facts ? await editorOf(request, tenantId, facts) : null;
      const manages =
        editor !== null && (editor.full || editor.effective.tenantWide.has('tenant.roles.manage'));
      return {
        items: roles.map((r) => ({
          id: r.id,
          name: r.name,
          color: r.color,
          position: r.position,
          managed: r.managed,
          everyone: r.id === tenantId,
          discordAdmin: computeEffective(
            { tenantId, ownerId: null, roles: new Map([[r.id, r]]), mappings: new Map() },
            { userId: '', roleIds: [r.id] },
          ).adminBy.some((b) => b.startsWith(`${r.id}:`)),
          mapping: byRole.get(r.id) ?? null,
          /** Whether the caller may change this role's mapping (Discord's role hierarchy). */
          editable: manages && canEditRole(facts!, editor!, r.id),
        })),
        /** Whether the caller may grant every permission (owner, Administrator, super admin). */
        grantsAll: editor?.full ?? false,
      };
    },
  );

  app.put(
    '/tenants/:tenantId/roles/:roleId/mapping',
    {
      config: { permission: 'tenant.roles.manage' },
      schema: {
        tags: ['rbac'],
        summary: 'Sets what one Discord role grants; an empty list removes the mapping',
        params: RoleParams,
        body: MappingBody,
      },
    },
    async (request) => {
      const { tenantId, roleId } = request.params as Static<typeof RoleParams>;
      const mapping = await checkMapping(
        tenantId,
        roleId,
        request.body as Static<typeof MappingBody>,
      );
      const before = (await store.mappings(tenantId)).find((m) => m.roleId === roleId) ?? null;
      const facts = await factsOf(tenantId, roleId);
      checkMappingChange(facts, await editorOf(request, tenantId, facts), roleId, before, mapping);
      await store.putMapping(tenantId, mapping, request.principal!.userId);
      await sync.announce(tenantId, undefined, false);
      const role = (await resolver.facts(tenantId))?.roles.get(roleId);
      await record(
        request,
        tenantId,
        'rbac.mapping.update',
        {
          before: before && { permissions: before.permissions, serverIds: before.serverIds },
          after: { permissions: mapping.permissions, serverIds: mapping.serverIds },
        },
        { type: 'role', id: roleId, ...(role ? { name: role.name } : {}) },
      );
      return (await store.mappings(tenantId)).find((m) => m.roleId === roleId) ?? null;
    },
  );

  app.delete(
    '/tenants/:tenantId/roles/:roleId/mapping',
    {
      config: { permission: 'tenant.roles.manage' },
      schema: { tags: ['rbac'], summary: "Removes a role's mapping", params: RoleParams },
    },
    async (request, reply) => {
      const { tenantId, roleId } = request.params as Static<typeof RoleParams>;
      const before = (await store.mappings(tenantId)).find((m) => m.roleId === roleId);
      if (!before) throw RbacRoleNotFound(roleId, { roleId });
      const facts = await factsOf(tenantId, roleId);
      checkMappingChange(facts, await editorOf(request, tenantId, facts), roleId, before, null);
      await store.deleteMapping(tenantId, roleId);
      await sync.announce(tenantId, undefined, false);
      await record(
        request,
        tenantId,
        'rbac.mapping.delete',
        { before: { permissions: before.permissions, serverIds: before.serverIds } },
        { type: 'role', id: roleId },
      );
      return reply.status(204).send();
    },
  );

  const BulkBody = Type.Object(
    {
      mappings: Type.Array(
        Type.Object(
          {
            roleId: Snowflake,
            permissions: MappingBody.properties.permissions,
            serverIds: Type.Optional(ServerIds),
          },
          { additionalProperties: false },
        ),
        { maxItems: 250 },
      ),
    },
    { additionalProperties: false },
  );

  app.put(
    '/tenants/:tenantId/role-mappings',
    {
      config: { permission: 'tenant.roles.manage' },
      schema: {
        tags: ['rbac'],
        summary: 'Replaces every mapping of the tenant at once',
        params: TenantParams,
        body: BulkBody,
        response: { 200: Type.Object({ items: Type.Array(MappingView) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const { mappings } = request.body as Static<typeof BulkBody>;
      const checked: Mapping[] = [];
      const seen = new Set<string>();
      for (const m of mappings) {
        if (seen.has(m.roleId)) continue;
        seen.add(m.roleId);
        checked.push(await checkMapping(tenantId, m.roleId, m));
      }
      const before = await store.mappings(tenantId);
      // Only what changes is checked: a role out of the editor's reach may keep its mapping.
      const facts = await factsOf(tenantId, '');
      const editor = await editorOf(request, tenantId, facts);
      const old = new Map(before.map((m) => [m.roleId, m]));
      const next = new Map(checked.map((m) => [m.roleId, m]));
      for (const roleId of new Set([...old.keys(), ...next.keys()])) {
        const from = old.get(roleId) ?? null;
        const to = next.get(roleId) ?? null;
        if (!sameMapping(from, to)) checkMappingChange(facts, editor, roleId, from, to);
      }
      await store.replaceMappings(tenantId, checked, request.principal!.userId);
      await sync.announce(tenantId, undefined, false);
      await record(request, tenantId, 'rbac.mappings.replace', {
        before: before.map(({ roleId, permissions, serverIds }) => ({
          roleId,
          permissions,
          serverIds,
        })),
        after: checked,
      });
      return { items: await store.mappings(tenantId) };
    },
  );

  const MembersQuery = Type.Object(
    {
      after: Type.Optional(Snowflake),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      roleId: Type.Optional(Snowflake),
    },
    { additionalProperties: false },
  );

  app.get(
    '/tenants/:tenantId/members',
    {
      config: { permission: 'tenant.members.read' },
      schema: {
        tags: ['rbac'],
        summary: 'Members as of the last sync, by user id, with name search and role filter',
        params: TenantParams,
        querystring: MembersQuery,
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const q = request.query as Static<typeof MembersQuery>;
      const items = await store.members(tenantId, {
        limit: q.limit,
        ...(q.after ? { after: q.after } : {}),
        ...(q.q ? { q: q.q } : {}),
        ...(q.roleId ? { roleId: q.roleId } : {}),
      });
      return {
        items,
        nextAfter: items.length === q.limit ? (items.at(-1)?.userId ?? null) : null,
      };
    },
  );

  app.get(
    '/tenants/:tenantId/permissions/me',
    {
      config: { authenticated: true },
      schema: {
        tags: ['rbac'],
        summary: "The caller's effective permissions in the tenant (for showing or hiding UI)",
        params: TenantParams,
        response: { 200: EffectiveView },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const view = effectiveView(await resolver.effective(tenantId, request.principal!.discordId));
      if (!request.principal!.superAdmin) return view;
      const catalog = await options.catalog();
      const all = new Set([...view.permissions, ...catalog.keys]);
      return { ...view, permissions: [...all].sort(), servers: {}, superAdmin: true };
    },
  );

  const ExplainQuery = Type.Object(
    {
      member: Snowflake,
      permission: Type.Optional(PermissionKey),
      server: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  );

  app.get(
    '/tenants/:tenantId/permissions/explain',
    {
      config: { permission: 'tenant.members.read' },
      schema: {
        tags: ['rbac'],
        summary: 'Why a member has (or has not) a permission, optionally on one server',
        params: TenantParams,
        querystring: ExplainQuery,
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const q = request.query as Static<typeof ExplainQuery>;
      const facts = await resolver.facts(tenantId);
      const row = facts ? await resolver.member(tenantId, q.member) : null;
      if (!facts || !row) throw RbacMemberNotFound(q.member, { member: q.member });
      const member = { userId: q.member, roleIds: row.roleIds };
      const catalog = await options.catalog();
      const keys = q.permission
        ? [q.permission]
        : catalog.groups.flatMap((g) => g.permissions.map((p) => p.key));
      return {
        member: {
          id: row.userId,
          username: row.username,
          displayName: row.displayName,
          roles: memberRoles(tenantId, row.roleIds).map((id) => ({
            id,
            name: facts.roles.get(id)?.name ?? null,
            color: facts.roles.get(id)?.color ?? 0,
          })),
        },
        effective: effectiveView(computeEffective(facts, member)),
        results: keys.map((k) => explain(facts, member, k, q.server ?? null)),
      };
    },
  );

  app.get(
    '/tenants/:tenantId/sync',
    {
      config: { permission: 'tenant.members.read' },
      schema: {
        tags: ['rbac'],
        summary: 'When the guild was last synced, and how it went',
        params: TenantParams,
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const t = await store.tenant(tenantId);
      return {
        lastSyncAt: t?.lastSyncAt ?? null,
        lastSyncMs: t?.lastSyncMs ?? null,
        lastSyncError: t?.lastSyncError ?? null,
        memberCount: t?.memberCount ?? 0,
        roleCount: t?.roleCount ?? 0,
      };
    },
  );

  app.post(
    '/tenants/:tenantId/sync',
    {
      config: { permission: 'tenant.roles.manage' },
      schema: {
        tags: ['rbac'],
        summary: 'Syncs roles and members from Discord now',
        params: TenantParams,
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      // Per tenant, after the access check: each sync reads every member from Discord, and one
      // tenant's admins must not spend the bot's Discord budget for everyone.
      const { rateLimiter, manualSyncLimit } = options;
      if (rateLimiter && manualSyncLimit) {
        const { max, windowSeconds } = manualSyncLimit;
        const r = await rateLimiter.consume(`rbac:sync:${tenantId}`, max, windowSeconds * 1000);
        if (!r.allowed)
          throw RbacSyncRateLimited({
            limit: max,
            windowSeconds,
            retryAfterSeconds: Math.max(1, Math.ceil(r.resetMs / 1000)),
          });
      }
      const result = await sync.sync(tenantId, request.id);
      await record(request, tenantId, 'rbac.sync.request', { ...result });
      return result;
    },
  );
}
