import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { auditSourceOf, type KeyValueStore, type PermissionService } from '@pteronimbus/sdk';
import { ServerCursorInvalid, ValidationFailed } from '../errors/codes.ts';
import { idempotent } from './idempotency.ts';
import type { ServersService } from './service.ts';
import {
  SERVER_ACTIONS,
  type Actor,
  type MetricsScope,
  type ParameterAccess,
  type ServerAction,
} from './types.ts';

const BASE = '/api/v1/tenants/:tenantId/servers';

const TenantParams = Type.Object({ tenantId: Type.String({ minLength: 1, maxLength: 32 }) });
const ServerParams = Type.Object({
  tenantId: Type.String({ minLength: 1, maxLength: 32 }),
  serverId: Type.String({ minLength: 1, maxLength: 32 }),
});

const Resources = Type.Object(
  {
    cpu: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Millicores.' }),
    ),
    memory: Type.Optional(Type.Integer({ minimum: 1, maximum: 16_777_216, description: 'MiB.' })),
    disk: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_073_741_824, description: 'MiB.' })),
  },
  { additionalProperties: false },
);

// Without the SDK schema's default: a PATCH that leaves exposure out must not reset it.
const Exposure = Type.Enum(['ClusterIP', 'NodePort', 'LoadBalancer'], {
  type: 'string',
  description: 'How players reach the server; ClusterIP when a server is created without it.',
});

const ParameterValues = Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), {
  description:
    "Typed values by parameter name, checked against the template's parameter schema; `null` means the default.",
});

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    templateId: Type.String({ minLength: 1, maxLength: 64 }),
    templateVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    parameters: Type.Optional(ParameterValues),
    resources: Type.Optional(Resources),
    exposure: Type.Optional(Exposure),
    clusterId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    start: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

const UpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    parameters: Type.Optional(ParameterValues),
    resources: Type.Optional(Resources),
    exposure: Type.Optional(Exposure),
  },
  { additionalProperties: false },
);

const MoveBody = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Default: the current version.' }),
    ),
    parameters: Type.Optional(ParameterValues),
    dryRun: Type.Optional(
      Type.Boolean({ description: 'Only report what would be kept and dropped.' }),
    ),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    phase: Type.Optional(Type.String({ maxLength: 32 })),
    desiredState: Type.Optional(Type.Enum(['Running', 'Stopped'], { type: 'string' })),
    templateId: Type.Optional(Type.String({ maxLength: 64 })),
    clusterId: Type.Optional(Type.String({ maxLength: 64 })),
    game: Type.Optional(Type.String({ maxLength: 63, description: 'Game id, as in the registry' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

const DeleteQuery = Type.Object(
  {
    data: Type.Enum(['keep', 'drop'], {
      type: 'string',
      default: 'keep',
      description: 'Keep the volume (default) or delete it with the server.',
    }),
  },
  { additionalProperties: false },
);

const ConsoleBody = Type.Object(
  { command: Type.String({ minLength: 1, maxLength: 4000, pattern: '^[^\\r\\n]*$' }) },
  { additionalProperties: false },
);

const LogsQuery = Type.Object(
  { lines: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }) },
  { additionalProperties: false },
);

const RANGES = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000 } as const;
const MetricsQuery = Type.Object(
  { range: Type.Enum(Object.keys(RANGES), { type: 'string', default: '1h' }) },
  { additionalProperties: false },
);

/** The permission each action needs; kill is a hard stop, reinstall changes the server. */
export const ACTION_PERMISSIONS: Record<ServerAction, string> = {
  start: 'server.start',
  stop: 'server.stop',
  restart: 'server.restart',
  kill: 'server.stop',
  reinstall: 'server.update',
};

const actor = (request: FastifyRequest): Actor => ({
  principal: request.principal,
  requestId: request.id,
  source: auditSourceOf(request.principal),
});

const CURSOR = /^s[0-9a-f]{12,20}$/;

/**
 * `all` for a caller who manages templates (or a super admin), else `member`: the template's
 * `userViewable` and `userEditable` then hold for them, whatever the client shows.
 */
async function parameterAccess(
  permissions: PermissionService,
  request: FastifyRequest,
  tenantId: string,
): Promise<ParameterAccess> {
  const principal = request.principal;
  if (!principal) return 'member';
  if (principal.superAdmin) return 'all';
  return (await permissions.has(principal, tenantId, 'template.manage')) ? 'all' : 'member';
}

/** The actor of a change, with what it may do to parameters. */
async function changeActor(
  permissions: PermissionService,
  request: FastifyRequest,
  tenantId: string,
): Promise<Actor> {
  return {
    ...actor(request),
    parameterAccess: await parameterAccess(permissions, request, tenantId),
  };
}

/**
 * Where the caller may read metrics: the list carries each server's latest sample only where
 * `server.metrics.read` is held, as the metrics route itself would answer.
 */
async function metricsScope(
  permissions: PermissionService,
  request: FastifyRequest,
  tenantId: string,
): Promise<MetricsScope> {
  const principal = request.principal;
  if (!principal) return [];
  if (await permissions.has(principal, tenantId, 'server.metrics.read')) return 'all';
  return permissions.serversWith
    ? permissions.serversWith(principal, tenantId, 'server.metrics.read')
    : [];
}

/** The server API under `/api/v1/tenants/:tenantId/servers` (see docs/reference/servers.md). */
export function serverRoutes(
  app: FastifyInstance,
  servers: ServersService,
  kv: KeyValueStore,
  permissions: () => PermissionService,
): void {
  const tags = ['servers'];

  app.get(
    BASE,
    {
      config: { permission: 'server.read', perServer: true },
      schema: {
        tags,
        summary: "The tenant's servers with their last reported status, filtered, by creation",
        params: TenantParams,
        querystring: ListQuery,
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const q = request.query as Static<typeof ListQuery>;
      if (q.cursor !== undefined && !CURSOR.test(q.cursor)) throw ServerCursorInvalid();
      const body = await servers.listJson(
        tenantId,
        {
          phase: q.phase,
          desiredState: q.desiredState,
          templateId: q.templateId,
          clusterId: q.clusterId,
          gameId: q.game,
          query: q.q,
          after: q.cursor,
          limit: q.limit,
          // A member whose permission is narrowed to some servers sees those.
          ...(request.serverScope ? { ids: request.serverScope } : {}),
        },
        await metricsScope(permissions(), request, tenantId),
        await parameterAccess(permissions(), request, tenantId),
      );
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.post(
    BASE,
    {
      config: { permission: 'server.create' },
      schema: {
        tags,
        summary: 'Creates a server from a template version; answers at once with the desired state',
        params: TenantParams,
        body: CreateBody,
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const body = request.body as Static<typeof CreateBody>;
      const who = await changeActor(permissions(), request, tenantId);
      return idempotent(kv, request, reply, 202, () => servers.create(tenantId, body, who));
    },
  );

  app.get(
    `${BASE}/:serverId`,
    {
      config: { permission: 'server.read' },
      schema: { tags, summary: 'One server with its last reported status', params: ServerParams },
    },
    async (request) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      return servers.get(
        tenantId,
        serverId,
        await parameterAccess(permissions(), request, tenantId),
      );
    },
  );

  app.patch(
    `${BASE}/:serverId`,
    {
      config: { permission: 'server.update' },
      schema: {
        tags,
        summary: 'Changes name, parameters, resources or exposure',
        params: ServerParams,
        body: UpdateBody,
      },
    },
    async (request, reply) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      const body = request.body as Static<typeof UpdateBody>;
      if (Object.keys(body).length === 0)
        throw ValidationFailed(
          'body must change at least one of name, parameters, resources, exposure',
        );
      const who = await changeActor(permissions(), request, tenantId);
      return idempotent(kv, request, reply, 202, () =>
        servers.update(tenantId, serverId, body, who),
      );
    },
  );

  app.delete(
    `${BASE}/:serverId`,
    {
      config: { permission: 'server.delete' },
      schema: {
        tags,
        summary: 'Deletes a server, keeping its data unless `data=drop`',
        params: ServerParams,
        querystring: DeleteQuery,
      },
    },
    async (request, reply) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      const { data } = request.query as Static<typeof DeleteQuery>;
      return idempotent(kv, request, reply, 202, () =>
        servers.remove(tenantId, serverId, data !== 'drop', actor(request)),
      );
    },
  );

  for (const action of SERVER_ACTIONS) {
    app.post(
      `${BASE}/:serverId/actions/${action}`,
      {
        config: { permission: ACTION_PERMISSIONS[action] },
        schema: {
          tags,
          summary: `Asks for the server to ${action}; progress arrives as events`,
          params: ServerParams,
        },
      },
      async (request, reply) => {
        const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
        const who = await changeActor(permissions(), request, tenantId);
        return idempotent(kv, request, reply, 202, () =>
          servers.action(tenantId, serverId, action, who),
        );
      },
    );
  }

  app.post(
    `${BASE}/:serverId/template`,
    {
      config: { permission: 'server.update' },
      schema: {
        tags,
        summary: 'Moves the server to another version of its template, keeping what still applies',
        params: ServerParams,
        body: MoveBody,
      },
    },
    async (request, reply) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      const body = request.body as Static<typeof MoveBody>;
      const who = await changeActor(permissions(), request, tenantId);
      if (body.dryRun) return servers.moveTemplate(tenantId, serverId, body, who);
      return idempotent(kv, request, reply, 202, () =>
        servers.moveTemplate(tenantId, serverId, body, who),
      );
    },
  );

  app.post(
    `${BASE}/:serverId/console`,
    {
      config: { permission: 'server.console.write' },
      schema: {
        tags,
        summary: "Writes one line to the game's console (audited)",
        params: ServerParams,
        body: ConsoleBody,
      },
    },
    async (request, reply) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      const { command } = request.body as Static<typeof ConsoleBody>;
      return idempotent(kv, request, reply, 202, () =>
        servers.command(tenantId, serverId, command, actor(request)),
      );
    },
  );

  app.get(
    `${BASE}/:serverId/logs`,
    {
      config: { permission: 'server.logs.read' },
      schema: {
        tags,
        summary: "The last lines of the game's log, as plain text",
        params: ServerParams,
        querystring: LogsQuery,
      },
    },
    async (request, reply) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      const { lines } = request.query as Static<typeof LogsQuery>;
      const text = await servers.logs(tenantId, serverId, lines);
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${serverId}.log"`)
        .send(text);
    },
  );

  app.get(
    `${BASE}/:serverId/install`,
    {
      config: { permission: 'server.read' },
      schema: {
        tags,
        summary:
          "The end of the last install's output, as kept for a view that opens while or after it runs",
        params: ServerParams,
      },
    },
    async (request) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      return servers.installOutput(tenantId, serverId);
    },
  );

  app.get(
    `${BASE}/:serverId/metrics`,
    {
      config: { permission: 'server.metrics.read' },
      schema: {
        tags,
        summary: 'Resource usage and player counts, current and as a per-minute series',
        params: ServerParams,
        querystring: MetricsQuery,
      },
    },
    async (request) => {
      const { tenantId, serverId } = request.params as Static<typeof ServerParams>;
      const { range } = request.query as { range: keyof typeof RANGES };
      return { range, ...(await servers.metrics(tenantId, serverId, RANGES[range])) };
    },
  );
}
