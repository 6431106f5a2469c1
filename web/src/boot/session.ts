import { defineBoot } from '#q-app';
import { installSessionGuard } from '../router/guard.ts';
import { useSessionStore } from '../stores/session.ts';

// Every navigation waits for the session; the first one starts loading `/auth/me`.
export default defineBoot(({ router, store }) => {
  installSessionGuard(router, useSessionStore(store));
});
