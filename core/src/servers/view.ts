import type { ListedServer, ServerRecord } from './store.ts';
import { operatorConditions, operatorSummary } from './operator-text.ts';
import { withoutHidden } from './parameters.ts';
import type { ServerCurrentView, ServerView } from './types.ts';

/** A string the operator reported, or `null`. */
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** A finite number the operator reported, or `null`. */
export const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
/** A list the operator reported, or an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

/** A stored server as the API shows it, without the parameters in `hidden`. */
export function serverView(
  s: ServerRecord,
  stale: boolean,
  hidden?: ReadonlySet<string>,
  now = Date.now(),
): ServerView {
  const st = s.status ?? {};
  const reportedAt = s.statusAt;
  return {
    id: s.id,
    tenantId: s.tenantId,
    name: s.name,
    clusterId: s.clusterId,
    template: { id: s.templateId, version: s.templateVersion },
    gameId: s.gameId,
    parameters: hidden ? withoutHidden(s.parameters, hidden) : s.parameters,
    resources: s.resources,
    exposure: s.exposure,
    desiredState: s.desiredState,
    installGeneration: s.installGeneration,
    pendingAction: s.pendingAction,
    revision: s.revision,
    linkRevision: s.linkRevision,
    status: {
      phase: str(st.phase),
      // Operator text reaches tenants only as a sanitized summary (see operator-text.ts).
      message: operatorSummary(st.message),
      address: str(st.address),
      ports: arr(st.ports),
      conditions: operatorConditions(st.conditions),
      restartCount: int(st.restartCount),
      observedGeneration: int(st.observedGeneration),
      reportedAt: reportedAt ? reportedAt.toISOString() : null,
      ageSeconds: reportedAt ? Math.max(0, Math.round((now - reportedAt.getTime()) / 1000)) : null,
      stale,
    },
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/**
 * A listed server's latest sample. Sampling stops with the server: a sample older than three
 * periods no longer says what is happening now.
 */
export function currentView(
  latest: ListedServer['latest'],
  sampleIntervalMs: number,
  now = Date.now(),
): ServerCurrentView | null {
  if (latest === null || now - latest.at.getTime() > 3 * sampleIntervalMs) return null;
  return {
    sampledAt: latest.at.toISOString(),
    playersOnline: latest.playersOnline,
    playersMax: latest.playersMax,
    cpu: latest.cpu,
    memory: latest.memory,
  };
}

/**
 * Usage as the operator reports it under `status.usage` (memory and disk in bytes), in the units
 * of the API (memory and disk in MiB, like a server's resources); absent values stay `null`.
 */
export function usageOf(status: Record<string, unknown> | null) {
  const u = (status?.usage ?? {}) as Record<string, unknown>;
  const mib = (v: unknown) => {
    const bytes = int(v);
    return bytes === null ? null : Math.round((bytes / 2 ** 20) * 10) / 10;
  };
  return {
    cpu: int(u.cpu),
    memory: mib(u.memory),
    disk: mib(u.disk),
    networkRx: int(u.networkRx),
    networkTx: int(u.networkTx),
  };
}
