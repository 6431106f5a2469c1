import { publishToStream, streamTopics, type AuditLog, type EventBus } from '@pteronimbus/sdk';
import type { ServerRecord } from './store.ts';
import type { Actor } from './types.ts';

/** Records what an actor did to a server in the tenant's audit log. */
export async function auditServer(
  audit: Pick<AuditLog, 'record'>,
  actor: Actor,
  action: string,
  server: Pick<ServerRecord, 'id' | 'name' | 'tenantId'>,
  changes: Record<string, unknown>,
): Promise<void> {
  await audit.record({
    tenantId: server.tenantId,
    actor: actor.principal
      ? { type: 'user', id: actor.principal.userId, name: actor.principal.name }
      : { type: 'system', id: 'servers' },
    action,
    target: { type: 'server', id: server.id, name: server.name },
    changes,
    source: actor.source,
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
  });
}

/** Tells the tenant's open panels (its `events` stream topic). */
export async function tenantEvent(
  events: EventBus,
  tenantId: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await publishToStream(events, streamTopics.tenantEvents(tenantId), payload);
}
