import type { DatabaseService, JobQueue, Logger } from '@pteronimbus/sdk';

const DAY_MS = 86_400_000;
export const AUDIT_RETENTION_JOB = 'core.audit-retention';

/** Deletes audit entries older than `days`; returns how many went. */
export async function pruneAuditLog(
  db: Pick<DatabaseService, 'query'>,
  days: number,
): Promise<number> {
  const rows = await db.query<{ deleted: string }>(
    `with gone as (delete from "pn_audit_log" where "created_at" < now() - make_interval(days => $1) returning 1)
     select count(*)::text as "deleted" from gone`,
    [days],
  );
  return Number(rows[0]?.deleted ?? 0);
}

/**
 * Runs the retention once a day. Each run queues the next one under the next day's id, so
 * replicas that all schedule it still run it once a day.
 */
export async function scheduleAuditRetention(options: {
  jobs: JobQueue;
  db: Pick<DatabaseService, 'query'>;
  days: number;
  logger: Logger;
  /** Delay of the first run after start (default 5 minutes). */
  firstRunDelayMs?: number;
}): Promise<void> {
  const { jobs, db, days, logger } = options;
  const day = () => Math.floor(Date.now() / DAY_MS);
  jobs.process(AUDIT_RETENTION_JOB, async () => {
    const deleted = await pruneAuditLog(db, days);
    if (deleted > 0) logger.info({ deleted, days }, 'old audit entries deleted');
    await jobs.add(AUDIT_RETENTION_JOB, {}, { jobId: `day-${day() + 1}`, delayMs: DAY_MS });
  });
  await jobs.add(
    AUDIT_RETENTION_JOB,
    {},
    { jobId: `day-${day()}`, delayMs: options.firstRunDelayMs ?? 300_000 },
  );
}
