import type { ServerListItem } from '../../api/servers.ts';
import { phaseTone } from '../servers/phase.ts';

/**
 * Where a server stands at a glance: its phase's semantic colour (as `ServerStatusBadge` shows
 * it), or `stale` when its cluster stopped reporting, whatever the phase it last reported.
 */
export type GlanceState = 'running' | 'starting' | 'stopped' | 'failed' | 'stale' | 'unknown';

/** The states the dashboard always counts; `unknown` (never reported) shows only when some are. */
export const glanceStates = ['running', 'starting', 'stopped', 'failed', 'stale'] as const;

/** A tenant's servers summed up for the dashboard. */
export interface ServersGlance {
  total: number;
  counts: Record<GlanceState, number>;
  /** Players online over the servers whose count was measured; `null` when none was. */
  playersOnline: number | null;
  /** How many servers' player counts went into {@link ServersGlance.playersOnline}. */
  playersReported: number;
  /** Whether the list carried samples at all (the caller may read some server's metrics). */
  metricsVisible: boolean;
  /** Failed servers, then out-of-date ones, each by name. */
  attention: ServerListItem[];
}

/** See {@link GlanceState}. */
export function glanceState(server: Pick<ServerListItem, 'status'>): GlanceState {
  return server.status.stale ? 'stale' : phaseTone(server.status.phase);
}

/** Sums up a tenant's servers: counts by state, players online, what needs attention. */
export function glanceOf(servers: readonly ServerListItem[]): ServersGlance {
  const counts: Record<GlanceState, number> = {
    running: 0,
    starting: 0,
    stopped: 0,
    failed: 0,
    stale: 0,
    unknown: 0,
  };
  let players = 0;
  let playersReported = 0;
  let metricsVisible = false;
  const failed: ServerListItem[] = [];
  const stale: ServerListItem[] = [];
  for (const server of servers) {
    const state = glanceState(server);
    counts[state]++;
    if (state === 'failed') failed.push(server);
    if (state === 'stale') stale.push(server);
    if (server.current !== undefined) metricsVisible = true;
    const online = server.current?.playersOnline ?? null;
    if (online !== null) {
      players += online;
      playersReported++;
    }
  }
  const byName = (a: ServerListItem, b: ServerListItem) => a.name.localeCompare(b.name);
  return {
    total: servers.length,
    counts,
    playersOnline: playersReported === 0 ? null : players,
    playersReported,
    metricsVisible,
    attention: [...failed.sort(byName), ...stale.sort(byName)],
  };
}
