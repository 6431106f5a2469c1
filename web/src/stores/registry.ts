import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client.ts';
import { clientErrorCodes, toApiError, type ApiError } from '../api/errors.ts';
import type { Registry, RegistryPlugin } from '../api/types.ts';

/** Where a data view stands; each value has its own designed state. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What core has loaded, as `GET /api/v1/registry` reports it. */
export const useRegistryStore = defineStore('registry', () => {
  const status = shallowRef<LoadStatus>('idle');
  const registry = shallowRef<Registry | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loadedAt = shallowRef<Date | null>(null);
  let inFlight: AbortController | null = null;
  let pending: Promise<void> | null = null;

  const plugins = computed<RegistryPlugin[]>(() => registry.value?.plugins ?? []);

  /** Loads the registry; a second call while one is running replaces it. */
  function load(): Promise<void> {
    pending = fetchRegistry();
    return pending;
  }

  async function fetchRegistry(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    status.value = 'loading';
    error.value = null;
    try {
      const result = await api.getRegistry({ signal: controller.signal });
      if (inFlight !== controller) return;
      registry.value = result;
      loadedAt.value = new Date();
      status.value = 'ready';
    } catch (cause) {
      const failure = toApiError(cause);
      // A superseded request is not a failure the user needs to see.
      if (inFlight !== controller || failure.code === clientErrorCodes.aborted) return;
      error.value = failure;
      status.value = 'error';
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** Loads once; later callers share the first result, waiting for it when it is under way. */
  async function ensureLoaded(): Promise<void> {
    if (status.value === 'idle') await load();
    else if (status.value === 'loading') await pending;
  }

  return { status, registry, error, loadedAt, plugins, load, ensureLoaded };
});
