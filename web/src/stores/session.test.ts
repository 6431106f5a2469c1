import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { member, refreshBody, superAdmin } from '../__fixtures__/session.ts';
import { createApiClient } from '../api/client.ts';
import { installSessionGuard } from '../router/guard.ts';
import { routes } from '../router/routes.ts';
import { refreshMarginMs, useSessionStore } from './session.ts';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

const unauthenticated = () =>
  jsonResponse({ error: { code: 'PN_UNAUTHENTICATED', message: 'Authentication required' } }, 401);
const refreshInvalid = () =>
  jsonResponse({ error: { code: 'PN_AUTH_REFRESH_INVALID', message: 'Sign in again' } }, 401);

/** A session store on a client whose fetch is `handler`, with every call recorded. */
function setup(handler: Handler) {
  const calls: Array<{ method: string; url: string }> = [];
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({ method: init.method ?? 'GET', url });
    return handler(url, init);
  });
  setActivePinia(createPinia());
  const client = createApiClient({ fetch });
  const store = useSessionStore();
  store.useClient(client);
  return { store, client, calls };
}

beforeEach(() => {
  vi.useRealTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('session store', () => {
  it('loads the signed-in user from /auth/me', async () => {
    const { store, calls } = setup(() => jsonResponse(superAdmin));
    await store.ensureLoaded();
    expect(store.status).toBe('authenticated');
    expect(store.displayName).toBe('Alice');
    expect(calls).toEqual([{ method: 'GET', url: '/auth/me' }]);
  });

  it('falls back to the username when there is no display name', async () => {
    const { store } = setup(() => jsonResponse(member));
    await store.load();
    expect(store.displayName).toBe('bob.builds');
  });

  it('is anonymous when neither the access token nor a refresh works', async () => {
    const { store, calls } = setup((url) =>
      url === '/auth/refresh' ? refreshInvalid() : unauthenticated(),
    );
    await store.load();
    expect(store.status).toBe('anonymous');
    expect(store.error).toBeNull();
    expect(calls.map((call) => call.url)).toEqual(['/auth/me', '/auth/refresh']);
  });

  it('is unavailable when core has no sign-in plugin', async () => {
    const { store } = setup(() =>
      jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'No route' } }, 404),
    );
    await store.load();
    expect(store.status).toBe('unavailable');
  });

  it('keeps the failure when core cannot be reached', async () => {
    const { store } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    await store.load();
    expect(store.status).toBe('anonymous');
    expect(store.error?.code).toBe('PN_WEB_NETWORK');
  });

  it('refreshes once for concurrent 401s and repeats every request', async () => {
    let refreshed = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { client, calls } = setup(async (url) => {
      if (url === '/auth/refresh') {
        await gate;
        refreshed = true;
        return jsonResponse(refreshBody());
      }
      return refreshed ? jsonResponse({ ok: url }) : unauthenticated();
    });
    const answers = Promise.all([
      client.request('GET', '/api/v1/templates'),
      client.request('GET', '/api/v1/registry'),
      client.request('GET', '/auth/me'),
    ]);
    await vi.waitFor(() => expect(calls.filter((c) => c.url === '/auth/refresh')).toHaveLength(1));
    release();
    await expect(answers).resolves.toEqual([
      { ok: '/api/v1/templates' },
      { ok: '/api/v1/registry' },
      { ok: '/auth/me' },
    ]);
    expect(calls.filter((call) => call.url === '/auth/refresh')).toHaveLength(1);
    expect(calls.filter((call) => call.url === '/api/v1/templates')).toHaveLength(2);
  });

  it('tells the app the session ended when the refresh is refused', async () => {
    let signedIn = true;
    const { store, client } = setup((url) => {
      if (url === '/auth/me' && signedIn) return jsonResponse(superAdmin);
      if (url === '/auth/refresh') return refreshInvalid();
      return unauthenticated();
    });
    await store.load();
    const reasons: string[] = [];
    store.onSignedOut((reason) => reasons.push(reason));
    signedIn = false;
    await expect(client.request('GET', '/api/v1/templates')).rejects.toMatchObject({
      code: 'PN_UNAUTHENTICATED',
    });
    expect(reasons).toEqual(['expired']);
    expect(store.status).toBe('anonymous');
    expect(store.user).toBeNull();
  });

  it('refreshes silently shortly before the access token expires', async () => {
    vi.useFakeTimers();
    let meCalls = 0;
    const { store, calls } = setup((url) => {
      if (url === '/auth/refresh') return jsonResponse(refreshBody(5 * 60_000));
      meCalls += 1;
      // The first answer comes after a refresh, which tells the panel when the token expires.
      return meCalls === 1 ? unauthenticated() : jsonResponse(superAdmin);
    });
    await store.load();
    expect(store.status).toBe('authenticated');
    const refreshes = () => calls.filter((call) => call.url === '/auth/refresh').length;
    expect(refreshes()).toBe(1);

    await vi.advanceTimersByTimeAsync(5 * 60_000 - refreshMarginMs - 1_000);
    expect(refreshes()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refreshes()).toBe(2);
    expect(store.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    store.dispose();
  });

  it('signs out at core and forgets the user', async () => {
    const { store, calls } = setup((url) =>
      url === '/auth/logout' ? new Response(null, { status: 204 }) : jsonResponse(superAdmin),
    );
    await store.load();
    await store.logout();
    expect(calls.at(-1)).toEqual({ method: 'POST', url: '/auth/logout' });
    expect(store.status).toBe('anonymous');
    expect(store.user).toBeNull();
  });
});

describe('session guard', () => {
  async function routerWith(handler: Handler, start: string) {
    const { store, client } = setup(handler);
    const router = createRouter({ history: createMemoryHistory(), routes });
    installSessionGuard(router, store);
    await router.push(start);
    await router.isReady();
    return { router, store, client };
  }

  it('sends anonymous visitors to /login and remembers where they were going', async () => {
    const { router } = await routerWith(
      (url) => (url === '/auth/refresh' ? refreshInvalid() : unauthenticated()),
      '/admin/templates?q=paper',
    );
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query).toEqual({ returnTo: '/admin/templates?q=paper' });
  });

  it('sends signed-in users on from /login to where they were going', async () => {
    const { router } = await routerWith(
      () => jsonResponse(superAdmin),
      '/login?returnTo=%2Fadmin%2Fsystem',
    );
    expect(router.currentRoute.value.fullPath).toBe('/admin/system');
  });

  it('never sends anyone off the panel from /login', async () => {
    const { router } = await routerWith(
      () => jsonResponse(superAdmin),
      '/login?returnTo=%2F%2Fevil.example',
    );
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('lets everyone in when core has no sign-in', async () => {
    const { router } = await routerWith(
      () => jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'No route' } }, 404),
      '/admin/system',
    );
    expect(router.currentRoute.value.name).toBe('admin-system');
  });

  it('passes the failure code to the login page when core is unreachable', async () => {
    const { router } = await routerWith(() => {
      throw new TypeError('Failed to fetch');
    }, '/');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query).toEqual({ error: 'PN_WEB_NETWORK' });
  });

  it('goes to /login with the reason when the session ends while browsing', async () => {
    let ended = false;
    const { router, store, client } = await routerWith((url) => {
      if (!ended) return jsonResponse(superAdmin);
      return url === '/auth/refresh' ? refreshInvalid() : unauthenticated();
    }, '/admin/system');
    expect(store.status).toBe('authenticated');
    ended = true;
    // A refused refresh during browsing: the store reports it, the guard navigates.
    await client.request('GET', '/api/v1/templates').catch(() => undefined);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query).toEqual({
      reason: 'expired',
      returnTo: '/admin/system',
    });
  });
});
