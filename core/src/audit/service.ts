import type { AuditEntryInput, AuditLog, Logger } from '@pteronimbus/sdk';
import type { Database } from '../db/orm.ts';

/** Inserts one audit entry through `query`: the pool, or a transaction's connection. */
export async function insertAuditEntry(
  query: Database['query'],
  entry: AuditEntryInput,
): Promise<void> {
  await query(
    `insert into "pn_audit_log" ("tenant_id","actor_type","actor_id","actor_name","action","target_type","target_id","target_name","changes","source","request_id","override","created_at")
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,now())`,
    [
      entry.tenantId ?? null,
      entry.actor.type,
      entry.actor.id ?? null,
      entry.actor.name ?? null,
      entry.action,
      entry.target?.type ?? null,
      entry.target?.id ?? null,
      entry.target?.name ?? null,
      entry.changes ? JSON.stringify(entry.changes) : null,
      entry.source,
      entry.requestId ?? null,
      entry.override ?? false,
    ],
  );
}

/** Writes audit entries to `pn_audit_log`. A failed write is logged loudly, never silently lost. */
export function createAuditLog(db: Pick<Database, 'query'>, logger: Logger): AuditLog {
  return {
    async record(entry: AuditEntryInput) {
      try {
        await insertAuditEntry((sql, params) => db.query(sql, params), entry);
      } catch (err) {
        logger.error({ err, action: entry.action, tenantId: entry.tenantId }, 'audit write failed');
        throw err;
      }
    },
  };
}
