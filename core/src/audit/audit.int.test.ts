import { describe, expect, it } from 'vitest';
import { useTestCore } from '@pteronimbus/testing';
import { AuditCursorInvalid } from '../errors/codes.ts';
import { queryAuditLog } from './query.ts';
import { pruneAuditLog } from './retention.ts';

describe('audit log', () => {
  const core = useTestCore();
  const db = () => core().app.pn.db;

  async function entry(tenantId: string, action: string, daysAgo: number, actor = 'u1') {
    await db().query(
      `insert into pn_audit_log (tenant_id, actor_type, actor_id, action, target_type, target_id, source, created_at)
       values ($1, 'user', $2, $3, 'server', 's1', 'web', now() - make_interval(days => $4))`,
      [tenantId, actor, action, daysAgo],
    );
  }

  it('pages one tenant newest first with filters', async () => {
    for (let i = 0; i < 12; i++) await entry('t1', i % 2 ? 'server.start' : 'backup.create', 0);
    await entry('t2', 'server.start', 0);
    await entry('t1', 'server.stop', 0, 'u2');
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryAuditLog(db(), {
        tenantId: 't1',
        limit: 5,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(13);
    expect([...ids].sort((a, b) => Number(b) - Number(a))).toEqual(ids);
    const started = await queryAuditLog(db(), { tenantId: 't1', action: 'server.*', limit: 50 });
    expect(started.items.every((i) => i.action.startsWith('server.'))).toBe(true);
    expect(started.items).toHaveLength(7);
    const byActor = await queryAuditLog(db(), { tenantId: 't1', actor: 'u2', limit: 50 });
    expect(byActor.items.map((i) => i.action)).toEqual(['server.stop']);
    const target = await queryAuditLog(db(), {
      tenantId: 't1',
      targetType: 'server',
      targetId: 's1',
      from: new Date(Date.now() - 60_000),
      to: new Date(Date.now() + 60_000),
      limit: 1,
    });
    expect(target.items[0]).toMatchObject({
      target: { type: 'server', id: 's1' },
      override: false,
    });
    await expect(queryAuditLog(db(), { tenantId: 't1', cursor: 'x', limit: 5 })).rejects.toSatisfy(
      (err) => AuditCursorInvalid.is(err),
    );
  });

  it('deletes entries older than the retention', async () => {
    await entry('t3', 'old.thing', 400);
    await entry('t3', 'new.thing', 10);
    expect(await pruneAuditLog(db(), 365)).toBeGreaterThanOrEqual(1);
    const left = await queryAuditLog(db(), { tenantId: 't3', limit: 50 });
    expect(left.items.map((i) => i.action)).toEqual(['new.thing']);
  });
});
