import {
  computed,
  onScopeDispose,
  shallowRef,
  watch,
  type ComputedRef,
  type Ref,
  type ShallowRef,
  type WatchSource,
} from 'vue';
import { useRoute } from 'vue-router';
import { clientErrorCodes, toApiError, type ApiError } from '../api/errors.ts';
import { useTenantStore } from '../stores/tenant.ts';

/** What a page of one tenant reads, and how it follows the route. */
export interface TenantPageOptions<T> {
  /** The permission the page needs: named in its forbidden state when core does not say. */
  permission: string;
  /**
   * Whether the caller's permissions in the tenant, once known, let them see the page; the page
   * says "forbidden" without asking core when they do not. Default: holding `permission`
   * tenant-wide. Return true to leave the decision to core's answer alone.
   */
  allowed?: () => boolean;
  /**
   * Reads the page's data. The latest call wins: an earlier one still on its way is aborted
   * (through `signal`) and its answer dropped.
   */
  load?: (tenantId: string, signal: AbortSignal) => Promise<T>;
  /** Runs when an answer lands (not for a dropped one). */
  loaded?: (value: T, tenantId: string) => void;
  /** More route state that reloads the page when it changes (filters, a server id). */
  reloadOn?: WatchSource[];
  /**
   * Runs when the page follows the route (first, on another tenant, on a `reloadOn` change),
   * before its load: the page resets what belonged to the previous view.
   */
  enter?: (tenantId: string, tenantChanged: boolean) => void;
  /** A refusal seen by a loader of the page's own (a paged list), shown as forbidden too. */
  denied?: Ref<ApiError | null>;
  /** Whether the route names everything the page needs yet (default: the tenant is enough). */
  when?: () => boolean;
}

/** The ladder every tenant page shows: loading, forbidden, error with retry, then its data. */
export interface TenantPage<T> {
  /** The tenant in the route (`''` while there is none). */
  tenantId: ComputedRef<string>;
  /** The loaded data; null while loading (the page may replace it, for live updates). */
  data: ShallowRef<T | null>;
  /** Why the last load failed, other than a refusal. */
  error: ShallowRef<ApiError | null>;
  /** Core's refusal of the last load (403). */
  denied: ShallowRef<ApiError | null>;
  /** Whether the page shows "forbidden": core refused, or the caller's permissions lack it. */
  forbidden: ComputedRef<boolean>;
  /** The permission to name: the one core said is missing, else the page's own. */
  missingPermission: ComputedRef<string>;
  /** The request id of core's refusal, for support. */
  forbiddenRequestId: ComputedRef<string | undefined>;
  /** Whether the tenant in the route is loaded in the store with the caller's permissions. */
  tenantReady: ComputedRef<boolean>;
  /**
   * Loads again. `quiet` keeps what is shown until the answer replaces it (no skeleton, and a
   * refusal shown stays until core answers otherwise).
   */
  load: (options?: { quiet?: boolean }) => Promise<void>;
  /** After a failure: opens the tenant again if that failed too, then loads again. */
  retry: () => void;
}

/** The tenant the route names (`''` while it names none). */
export function useTenantId(): ComputedRef<string> {
  const route = useRoute();
  return computed(() => String(route.params.tenantId ?? ''));
}

/**
 * The states a page of one Discord server goes through, in one place: it opens the tenant in the
 * store when the route names another one, loads the page's data (aborting an older request),
 * keeps a refusal apart from other errors, and says which permission is missing.
 *
 * The route is followed at once (the first load starts inside this call), so the callbacks take
 * the tenant id as an argument instead of reading what this returns.
 */
export function useTenantPage<T = never>(options: TenantPageOptions<T>): TenantPage<T> {
  const store = useTenantStore();
  const tenantId = useTenantId();
  const data = shallowRef<T | null>(null) as ShallowRef<T | null>;
  const error = shallowRef<ApiError | null>(null);
  const denied = shallowRef<ApiError | null>(null);
  let inFlight: AbortController | null = null;

  const allowed = options.allowed ?? (() => store.can(options.permission));
  const refusal = computed(() => denied.value ?? options.denied?.value ?? null);
  const tenantReady = computed(
    () => store.status === 'ready' && store.currentId === tenantId.value,
  );
  const forbidden = computed(
    () => refusal.value !== null || (store.status === 'ready' && !allowed()),
  );
  const missingPermission = computed(() => {
    const details = refusal.value?.details as { permission?: unknown } | undefined;
    return typeof details?.permission === 'string' ? details.permission : options.permission;
  });
  const forbiddenRequestId = computed(() => refusal.value?.requestId);

  async function load({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
    const read = options.load;
    if (read === undefined) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const id = tenantId.value;
    error.value = null;
    if (!quiet) {
      data.value = null;
      denied.value = null;
    }
    try {
      const value = await read(id, controller.signal);
      if (inFlight !== controller) return;
      data.value = value;
      options.loaded?.(value, id);
    } catch (cause) {
      const failure = toApiError(cause);
      if (inFlight !== controller || failure.code === clientErrorCodes.aborted) return;
      if (failure.status === 403) denied.value = failure;
      else error.value = failure;
    }
  }

  function retry(): void {
    if (store.status === 'error') void store.open(tenantId.value, true);
    void load();
  }

  onScopeDispose(() => inFlight?.abort());

  watch(
    [tenantId, ...(options.reloadOn ?? [])],
    ([id], previous) => {
      if (id === '' || options.when?.() === false) return;
      const tenantChanged = previous?.[0] !== id;
      if (tenantChanged) void store.open(id as string);
      options.enter?.(id as string, tenantChanged);
      void load();
    },
    { immediate: true },
  );

  return {
    tenantId,
    data,
    error,
    denied,
    forbidden,
    missingPermission,
    forbiddenRequestId,
    tenantReady,
    load,
    retry,
  };
}
