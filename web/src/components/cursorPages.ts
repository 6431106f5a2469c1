import { shallowRef, type ShallowRef } from 'vue';
import { clientErrorCodes, toApiError, type ApiError } from '../api/errors.ts';

/** One page of a list core pages with an opaque cursor. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPages<T> {
  /** Everything loaded so far; null until the first page arrives. */
  items: ShallowRef<T[] | null>;
  nextCursor: ShallowRef<string | null>;
  /** Why the last load failed (the first page, or a further one); 403 goes to `denied`. */
  error: ShallowRef<ApiError | null>;
  /** Core refused the list (403): the caller shows its forbidden state. */
  denied: ShallowRef<ApiError | null>;
  loadingMore: ShallowRef<boolean>;
  /** Starts over from the first page (the latest request wins; earlier ones are aborted). */
  load: () => Promise<void>;
  /** Appends the next page, when there is one. */
  more: () => Promise<void>;
}

/**
 * The paging of an append-only list (audit entries, a server's activity): a first page, then
 * further pages by cursor, each request aborting the one before so a slow answer never lands
 * over a newer one.
 */
export function useCursorPages<T>(
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<CursorPage<T>>,
): CursorPages<T> {
  const items = shallowRef<T[] | null>(null);
  const nextCursor = shallowRef<string | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const denied = shallowRef<ApiError | null>(null);
  const loadingMore = shallowRef(false);
  let inFlight: AbortController | null = null;

  async function fetchInto(cursor: string | undefined): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    error.value = null;
    if (cursor === undefined) {
      items.value = null;
      nextCursor.value = null;
      denied.value = null;
    } else loadingMore.value = true;
    try {
      const page = await fetchPage(cursor, controller.signal);
      if (inFlight !== controller) return;
      items.value = cursor === undefined ? page.items : [...(items.value ?? []), ...page.items];
      nextCursor.value = page.nextCursor;
    } catch (cause) {
      const failure = toApiError(cause);
      if (inFlight !== controller || failure.code === clientErrorCodes.aborted) return;
      if (failure.status === 403) denied.value = failure;
      else error.value = failure;
    } finally {
      if (inFlight === controller) loadingMore.value = false;
    }
  }

  return {
    items,
    nextCursor,
    error,
    denied,
    loadingMore,
    load: () => fetchInto(undefined),
    more: async () => {
      if (nextCursor.value !== null && !loadingMore.value) await fetchInto(nextCursor.value);
    },
  };
}
