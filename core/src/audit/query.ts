import type { DatabaseService } from '@pteronimbus/sdk';
import { AuditCursorInvalid } from '../errors/codes.ts';

/** Filters of the audit API; all optional and combined with AND. */
export interface AuditFilter {
  tenantId: string;
  /** Actor id (a user id, a bot id, ...). */
  actor?: string;
  /** An exact action, or a prefix ending in `*` (`tenant.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

/** One audit entry as the API answers it. */
export interface AuditItem {
  id: string;
  tenantId: string | null;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string | null; name: string | null } | null;
  changes: Record<string, unknown> | null;
  source: string;
  requestId: string | null;
  override: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  changes: Record<string, unknown> | null;
  source: string;
  request_id: string | null;
  override: boolean;
  created_at: Date | string;
}

// The cursor is opaque to clients: the id of the last entry they saw.
function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ before: id })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const { before } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      before?: unknown;
    };
    if (typeof before === 'string' && /^\d{1,19}$/.test(before)) return before;
  } catch {
    // falls through to the coded error
  }
  throw AuditCursorInvalid();
}

/** One page of a tenant's audit log, newest first. */
export async function queryAuditLog(
  db: Pick<DatabaseService, 'query'>,
  filter: AuditFilter,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  const where = ['"tenant_id" = $1'];
  const params: unknown[] = [filter.tenantId];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (filter.actor) add((n) => `"actor_id" = $${n}`, filter.actor);
  if (filter.action?.endsWith('*'))
    add(
      (n) => `"action" like $${n}`,
      `${filter.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
  else if (filter.action) add((n) => `"action" = $${n}`, filter.action);
  if (filter.targetType) add((n) => `"target_type" = $${n}`, filter.targetType);
  if (filter.targetId) add((n) => `"target_id" = $${n}`, filter.targetId);
  if (filter.from) add((n) => `"created_at" >= $${n}`, filter.from);
  if (filter.to) add((n) => `"created_at" < $${n}`, filter.to);
  if (filter.cursor) add((n) => `"pn_audit_log"."id" < $${n}::bigint`, decodeCursor(filter.cursor));
  params.push(filter.limit + 1);
  const rows = await db.query<Row>(
    `select "id"::text as "id", "tenant_id", "actor_type", "actor_id", "actor_name", "action", "target_type",
            "target_id", "target_name", "changes", "source", "request_id", "override", "created_at"
     from "pn_audit_log" where ${where.join(' and ')} order by "pn_audit_log"."id" desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
      action: r.action,
      target: r.target_type ? { type: r.target_type, id: r.target_id, name: r.target_name } : null,
      changes: r.changes,
      source: r.source,
      requestId: r.request_id,
      override: r.override,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: rows.length > filter.limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}
