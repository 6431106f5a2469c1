import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import type { useSessionStore } from '../stores/session.ts';

type SessionStore = ReturnType<typeof useSessionStore>;

/** Name of the login route. */
export const loginRouteName = 'login';

/** Only a path on this panel may be a return target: no scheme, no host, no `//`. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value)) return '/';
  return value;
}

/**
 * Where a navigation should go instead, or `true` to let it through. Pages need a signed-in
 * user unless the core has no sign-in at all; the login page sends signed-in users on.
 */
export async function sessionRedirect(
  to: RouteLocationNormalized,
  session: SessionStore,
): Promise<true | RouteLocationRaw> {
  await session.ensureLoaded();
  if (to.meta.guestOnly === true) {
    if (session.status === 'authenticated') return safeReturnTo(to.query.returnTo);
    return true;
  }
  if (session.status === 'anonymous') {
    const query: Record<string, string> = {};
    if (to.fullPath !== '/') query.returnTo = to.fullPath;
    // Core unreachable or answering oddly: the login page shows the code.
    if (session.error !== null) query.error = session.error.code;
    return { name: loginRouteName, query };
  }
  return true;
}

/**
 * Installs the sign-in guard and sends the user to the login page when the session ends on its
 * own (refresh refused), remembering where they were.
 */
export function installSessionGuard(router: Router, session: SessionStore): void {
  router.beforeEach((to) => sessionRedirect(to, session));
  session.onSignedOut((reason) => {
    const current = router.currentRoute.value;
    if (current.meta.guestOnly === true) return;
    void router.push({
      name: loginRouteName,
      query: { reason, ...(current.fullPath !== '/' ? { returnTo: current.fullPath } : {}) },
    });
  });
}
