import type { ComputedRef, ShallowRef } from 'vue';
import { toApiError } from '../../api/errors.ts';
import type { ServerListItem, ServersApi } from '../../api/servers.ts';
import { useStreamTopic } from '../../composables/useStream.ts';
import { matchesFilters, withPhase, withServer, type ServerFilters } from './serverList.ts';

/** One of a tenant's events, as far as the server list reads it. */
export interface TenantEvent {
  type: string;
  serverId?: string;
  phase?: string | null;
}

/** What the live list needs from the page that shows it. */
export interface LiveServerListOptions {
  /** The list shown; null while it loads (events are then ignored). */
  items: ShallowRef<ServerListItem[] | null>;
  filters: ComputedRef<ServerFilters>;
  /** The tenant's event topic, or null while the caller may not (or need not) listen. */
  topic: () => string | null;
  /** Whether the caller sees usage samples (server.metrics.read). */
  measured: () => boolean;
  api: () => Pick<ServersApi, 'get'>;
  /** Reads the whole list again, in place. */
  reload: () => void;
}

/**
 * Keeps a tenant's server list current from its events: a status shows at once, then the server
 * is read again for the rest (address, ports); a deleted server leaves; a new one joins when it
 * matches the filters. After a reconnect, the whole list is read again.
 */
export function useLiveServerList(options: LiveServerListOptions): void {
  const { items } = options;

  function forget(serverId: string): void {
    if (items.value !== null) items.value = items.value.filter((item) => item.id !== serverId);
  }

  async function refreshOne(serverId: string, created: boolean): Promise<void> {
    try {
      const server = await options.api().get(serverId);
      const known = (items.value ?? []).some((item) => item.id === serverId);
      // A new server joins the list only when it matches what the list is filtered by.
      if (!known && !(created && matchesFilters(server, options.filters.value))) return;
      items.value = withServer(items.value ?? [], server, options.measured());
    } catch (cause) {
      if (toApiError(cause).status === 404) forget(serverId);
    }
  }

  function onTenantEvent(event: TenantEvent, at: number): void {
    if (items.value === null || typeof event.serverId !== 'string') return;
    const serverId = event.serverId;
    if (event.type === 'server.deleted') {
      forget(serverId);
      return;
    }
    if (event.type === 'server.status' && event.phase !== undefined) {
      // Show the new phase at once; the full status (address, ports) follows from the API.
      items.value = withPhase(items.value, serverId, event.phase ?? null, at);
    }
    void refreshOne(serverId, event.type === 'server.created');
  }

  let subscribedOnce = false;
  useStreamTopic<TenantEvent>(options.topic, {
    onEvent: (event) => onTenantEvent(event.payload, event.at),
    onSubscribed: (info) => {
      // After a reconnect, events may have been missed: read the list again, in place.
      if ((subscribedOnce || info.reset) && items.value !== null) options.reload();
      subscribedOnce = true;
    },
  });
}
