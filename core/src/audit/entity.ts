import { defineEntity, p } from '@mikro-orm/core';

/** One row of the audit log. Rows are only ever inserted. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'pn_audit_log',
  properties: {
    id: p.bigint().primary().autoincrement(),
    tenantId: p.string().nullable().index(),
    actorType: p.string(),
    actorId: p.string().nullable(),
    actorName: p.string().nullable(),
    action: p.string(),
    targetType: p.string().nullable(),
    targetId: p.string().nullable(),
    targetName: p.string().nullable(),
    changes: p.json<Record<string, unknown>>().nullable(),
    source: p.string(),
    requestId: p.string().nullable(),
    override: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
