import { shallowRef } from 'vue';
import type { AccessApi, ScopeServer } from '../../api/access.ts';
import { toApiError, type ApiError } from '../../api/errors.ts';
import type { ScopeServersState } from './MappingScope.vue';

/**
 * The tenant's servers a mapping may be narrowed to, loaded on their own: without them the
 * rest of the access page still works, and a caller who may not list them is told so.
 */
export function useScopeServers(accessApi: Pick<AccessApi, 'servers'>) {
  const servers = shallowRef<ScopeServer[] | null>(null);
  const state = shallowRef<ScopeServersState>('loading');
  const error = shallowRef<ApiError | null>(null);

  async function load(tenantId: string): Promise<void> {
    state.value = 'loading';
    error.value = null;
    try {
      servers.value = await accessApi.servers(tenantId);
      state.value = 'ready';
    } catch (cause) {
      const failure = toApiError(cause);
      servers.value = null;
      if (failure.status === 403) state.value = 'forbidden';
      else {
        error.value = failure;
        state.value = 'error';
      }
    }
  }

  /** A server's name, or its id while the names are unknown. */
  const name = (id: string): string =>
    servers.value?.find((server) => server.id === id)?.name ?? id;

  return { servers, state, error, load, name };
}
