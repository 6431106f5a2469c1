import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { DatabaseService } from '@pteronimbus/sdk';
import { queryAuditLog } from './query.ts';

const Query = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

const Ref = Type.Object({
  type: Type.String(),
  id: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
});

const Item = Type.Object({
  id: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  actor: Ref,
  action: Type.String(),
  target: Type.Union([Ref, Type.Null()]),
  changes: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  source: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  override: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** `GET /api/v1/tenants/:tenantId/audit`: the tenant's audit log, filtered, newest first. */
export function auditRoutes(app: FastifyInstance, db: Pick<DatabaseService, 'query'>): void {
  app.get(
    '/api/v1/tenants/:tenantId/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: "The tenant's audit log, newest first, with filters and cursor pagination",
        params: Type.Object({ tenantId: Type.String({ maxLength: 32 }) }),
        querystring: Query,
        response: {
          200: Type.Object({
            items: Type.Array(Item),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const q = request.query as Static<typeof Query>;
      return queryAuditLog(db, {
        tenantId,
        limit: q.limit,
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.targetType ? { targetType: q.targetType } : {}),
        ...(q.targetId ? { targetId: q.targetId } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    },
  );
}
