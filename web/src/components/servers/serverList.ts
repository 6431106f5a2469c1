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
