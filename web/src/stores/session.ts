import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api, type ApiClient, type SessionRefresh } from '../api/client.ts';
import { clientErrorCodes, toApiError, type ApiError } from '../api/errors.ts';
import type { Me } from '../api/types.ts';

/**
 * Where the session stands. `unavailable` means this core has no sign-in (the auth-discord
 * plugin is not loaded): the panel then shows what core lets anyone see.
 */
export type SessionStatus = 'idle' | 'loading' | 'authenticated' | 'anonymous' | 'unavailable';

/** How long before the access token expires the panel renews it. */
export const refreshMarginMs = 60_000;
/** The shortest wait before a silent refresh, and the pause after a failed one. */
const minimumDelayMs = 5_000;
const retryDelayMs = 30_000;

/** Why the panel sent someone to the login page on its own. */
export type SignedOutReason = 'expired';

/** The signed-in user and the session's lifetime. */
export const useSessionStore = defineStore('session', () => {
  const status = shallowRef<SessionStatus>('idle');
  const user = shallowRef<Me | null>(null);
  const accessTokenExpiresAt = shallowRef<Date | null>(null);
  const sessionExpiresAt = shallowRef<Date | null>(null);
  /** A failure to learn who is signed in other than "nobody" (core down, a bad answer). */
  const error = shallowRef<ApiError | null>(null);

  let client: ApiClient = api;
  let loading: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: Array<() => void> = [];
  const lostHandlers = new Set<(reason: SignedOutReason) => void>();

  const isAuthenticated = computed(() => status.value === 'authenticated');
  const displayName = computed(() => user.value?.globalName ?? user.value?.username ?? '');

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule(delayMs: number): void {
    clearTimer();
    timer = setTimeout(() => void silentRefresh(), Math.max(minimumDelayMs, delayMs));
  }

  function applyRefresh(session: SessionRefresh): void {
    accessTokenExpiresAt.value = new Date(session.accessTokenExpiresAt);
    sessionExpiresAt.value = new Date(session.sessionExpiresAt);
    if (user.value !== null) user.value = { ...user.value, ...session.user };
    if (status.value === 'authenticated') {
      schedule(accessTokenExpiresAt.value.getTime() - Date.now() - refreshMarginMs);
    }
  }

  function signedOut(reason: SignedOutReason | null): void {
    clearTimer();
    user.value = null;
    accessTokenExpiresAt.value = null;
    sessionExpiresAt.value = null;
    const wasSignedIn = status.value === 'authenticated';
    status.value = 'anonymous';
    if (reason !== null && wasSignedIn) for (const handler of lostHandlers) handler(reason);
  }

  async function silentRefresh(): Promise<void> {
    timer = null;
    if (status.value !== 'authenticated') return;
    try {
      // The client's listeners apply the result (and report a lost session).
      await client.refreshSession();
    } catch (cause) {
      const failure = toApiError(cause);
      // Discord down or rate limited: the current token still works for a while; try again.
      if (failure.status !== 401) schedule(retryDelayMs);
    }
  }

  /**
   * Learns who is signed in. Until an answer arrives the status is `loading`; guards wait for
   * it through {@link ensureLoaded}.
   */
  function load(): Promise<void> {
    loading ??= (async () => {
      status.value = 'loading';
      error.value = null;
      try {
        const me = await client.getMe();
        user.value = me;
        status.value = 'authenticated';
        const expiry = accessTokenExpiresAt.value;
        // `/auth/me` does not say when the token expires; a refresh on the way here did.
        if (expiry !== null) schedule(expiry.getTime() - Date.now() - refreshMarginMs);
      } catch (cause) {
        const failure = toApiError(cause);
        user.value = null;
        if (failure.status === 404 && failure.code !== clientErrorCodes.badResponse) {
          status.value = 'unavailable';
        } else {
          if (failure.status !== 401) error.value = failure;
          status.value = 'anonymous';
        }
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  /** Loads once; later callers share the first answer. */
  async function ensureLoaded(): Promise<void> {
    if (status.value === 'idle') await load();
    else if (loading !== null) await loading;
  }

  /** Ends the session at core (and Discord); the panel forgets the user whatever core says. */
  async function logout(): Promise<void> {
    try {
      await client.logout();
    } finally {
      signedOut(null);
    }
  }

  /** Registers what happens when the session ends on its own (the router sends to /login). */
  function onSignedOut(handler: (reason: SignedOutReason) => void): () => void {
    lostHandlers.add(handler);
    return () => lostHandlers.delete(handler);
  }

  /** Uses another client (tests) and listens to its refreshes. */
  function useClient(next: ApiClient): void {
    for (const stop of unsubscribe) stop();
    client = next;
    unsubscribe = [
      client.onSessionRefreshed(applyRefresh),
      client.onSessionLost(() => signedOut('expired')),
    ];
  }

  useClient(api);

  return {
    status,
    user,
    error,
    accessTokenExpiresAt,
    sessionExpiresAt,
    isAuthenticated,
    displayName,
    load,
    ensureLoaded,
    logout,
    onSignedOut,
    useClient,
    /** Stops the silent refresh timer (tests, app teardown). */
    dispose: clearTimer,
  };
});
