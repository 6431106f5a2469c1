import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { clientErrorCodes, toApiError, type ApiError } from '../api/errors.ts';
import {
  createTenantsApi,
  type MyPermissions,
  type Tenant,
  type TenantsApi,
} from '../api/tenants.ts';
import type { LoadStatus } from './registry.ts';

/**
 * The tenants the signed-in user is in, and the one the page is about with what they may do
 * there. The drawer and the tenant pages read the same answers instead of asking core twice.
 */
export const useTenantStore = defineStore('tenant', () => {
  let tenantsApi: TenantsApi = createTenantsApi();

  const listStatus = shallowRef<LoadStatus>('idle');
  const tenants = shallowRef<Tenant[]>([]);
  const listError = shallowRef<ApiError | null>(null);

  const currentId = shallowRef<string | null>(null);
  const status = shallowRef<LoadStatus>('idle');
  const tenant = shallowRef<Tenant | null>(null);
  const permissions = shallowRef<MyPermissions | null>(null);
  const error = shallowRef<ApiError | null>(null);
  let inFlight: AbortController | null = null;

  const granted = computed(() => new Set(permissions.value?.permissions ?? []));

  /** Whether the user holds a permission tenant-wide in the current tenant. */
  function can(permission: string): boolean {
    return granted.value.has(permission);
  }

  async function loadList(): Promise<void> {
    listStatus.value = 'loading';
    listError.value = null;
    try {
      tenants.value = await tenantsApi.list();
      listStatus.value = 'ready';
    } catch (cause) {
      listError.value = toApiError(cause);
      listStatus.value = 'error';
    }
  }

  /** Loads the list once; later calls reuse it. */
  async function ensureList(): Promise<void> {
    if (listStatus.value === 'idle') await loadList();
  }

  /** Makes a tenant current: its details and the caller's permissions there. */
  async function open(tenantId: string, force = false): Promise<void> {
    if (!force && currentId.value === tenantId && status.value !== 'error') return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    currentId.value = tenantId;
    status.value = 'loading';
    error.value = null;
    tenant.value = null;
    permissions.value = null;
    try {
      const [details, mine] = await Promise.all([
        tenantsApi.get(tenantId, { signal: controller.signal }),
        tenantsApi.myPermissions(tenantId, { signal: controller.signal }),
      ]);
      if (inFlight !== controller) return;
      tenant.value = details;
      permissions.value = mine;
      status.value = 'ready';
    } catch (cause) {
      const failure = toApiError(cause);
      if (inFlight !== controller || failure.code === clientErrorCodes.aborted) return;
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Adds a freshly installed tenant to the list. */
  function remember(installed: Tenant): void {
    tenants.value = [...tenants.value.filter((item) => item.id !== installed.id), installed];
  }

  /** Shows a new display name (a saved name override) everywhere without reloading. */
  function renamed(tenantId: string, displayName: string): void {
    const rename = (item: Tenant) => (item.id === tenantId ? { ...item, displayName } : item);
    tenants.value = tenants.value.map(rename);
    if (tenant.value !== null) tenant.value = rename(tenant.value);
  }

  /** Drops an uninstalled tenant from the list and, if it was current, from the page. */
  function forget(tenantId: string): void {
    tenants.value = tenants.value.filter((item) => item.id !== tenantId);
    if (currentId.value !== tenantId) return;
    inFlight?.abort();
    currentId.value = null;
    status.value = 'idle';
    tenant.value = null;
    permissions.value = null;
  }

  /** Tests pass a stub. */
  function useApi(replacement: TenantsApi): void {
    tenantsApi = replacement;
  }

  return {
    listStatus,
    tenants,
    listError,
    currentId,
    status,
    tenant,
    permissions,
    error,
    can,
    loadList,
    ensureList,
    open,
    remember,
    renamed,
    forget,
    useApi,
  };
});
