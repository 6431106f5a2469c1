import type { LocationQuery } from 'vue-router';
import {
  serverPhases,
  type Server,
  type ServerListItem,
  type ServerListQuery,
  type ServerPhase,
  type ServersApi,
} from '../../api/servers.ts';

/** The list's filters, as the query string keeps them so a shared link opens the same view. */
export interface ServerFilters {
  q: string;
  status: ServerPhase | '';
  game: string;
}

const first = (value: LocationQuery[string] | undefined): string => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : '';
};

/** Reads the filters from the query string; unknown values are ignored. */
export function filtersFromQuery(query: LocationQuery): ServerFilters {
  const status = first(query.status);
  return {
    q: first(query.q).slice(0, 100),
    status: (serverPhases as readonly string[]).includes(status) ? (status as ServerPhase) : '',
    game: first(query.game).slice(0, 64),
  };
}

/** The query string of some filters, leaving out the empty ones. */
export function queryFromFilters(filters: ServerFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.q.trim() !== '') query.q = filters.q.trim();
  if (filters.status !== '') query.status = filters.status;
  if (filters.game !== '') query.game = filters.game;
  return query;
}

/**
 * Where players connect, as `address:port`: the node port when the server is exposed on one,
 * else the game port. `null` while the cluster has not reported an address.
 */
export function connectAddress(server: Pick<Server, 'status' | 'exposure'>): string | null {
  const { address, ports } = server.status;
  if (address === null || address === '') return null;
  const port = ports.find((p) => p.name === 'game') ?? ports[0];
  if (port === undefined) return address;
  const number = server.exposure === 'NodePort' && port.nodePort ? port.nodePort : port.port;
  // An IPv6 address needs brackets before a port.
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${number}`;
}

/**
 * Every page of a tenant's servers matching `query`. A tenant's servers are bounded by its quota;
 * `maxPages` only guards against a runaway cursor.
 */
export async function listAllServers(
  api: Pick<ServersApi, 'list'>,
  query: Omit<ServerListQuery, 'cursor' | 'limit'>,
  signal: AbortSignal,
  { pageSize = 200, maxPages = 10 } = {},
): Promise<ServerListItem[]> {
  const out: ServerListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await api.list({ ...query, limit: pageSize, cursor }, { signal });
    out.push(...answer.items);
    if (answer.nextCursor === null) break;
    cursor = answer.nextCursor;
  }
  return out;
}

/** The panel's address of one server of a tenant. */
export function serverPath(tenantId: string, serverId: string): string {
  return `/t/${encodeURIComponent(tenantId)}/servers/${encodeURIComponent(serverId)}`;
}

/** Whether a server belongs in a list filtered by status and search (the game applies apart). */
export function matchesFilters(server: Pick<Server, 'name' | 'status'>, f: ServerFilters): boolean {
  if (f.status !== '' && server.status.phase !== f.status) return false;
  if (f.q !== '' && !server.name.toLowerCase().includes(f.q.toLowerCase())) return false;
  return true;
}

/** The list with one server's phase replaced, as a live event reports it at `at` (ms). */
export function withPhase(
  list: ServerListItem[],
  serverId: string,
  phase: string | null,
  at: number,
): ServerListItem[] {
  return list.map((item) =>
    item.id === serverId
      ? {
          ...item,
          status: {
            ...item.status,
            phase: phase as Server['status']['phase'],
            reportedAt: new Date(at).toISOString(),
            ageSeconds: 0,
            stale: false,
          },
        }
      : item,
  );
}

/**
 * The list with a server as read alone put in (or added at the end). A server read alone
 * carries no sample: it keeps the one the list brought (a new server has none yet, or none the
 * caller may see, `measured` saying whether they may) until the list is read again.
 */
export function withServer(
  list: ServerListItem[],
  server: Server,
  measured: boolean,
): ServerListItem[] {
  const index = list.findIndex((item) => item.id === server.id);
  const kept = (item: ServerListItem | undefined): ServerListItem => {
    if (item?.current !== undefined) return { ...server, current: item.current };
    return item === undefined && measured ? { ...server, current: null } : server;
  };
  if (index === -1) return [...list, kept(undefined)];
  return list.map((item, i) => (i === index ? kept(item) : item));
}
