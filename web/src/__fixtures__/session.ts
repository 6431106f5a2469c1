import type { Me } from '../api/types.ts';

/** The demo super admin, as `GET /auth/me` answers for her. */
export const superAdmin: Me = {
  id: '0190f5f2-7c1e-7000-8000-000000000101',
  discordId: '1104000000000000101',
  username: 'alice',
  globalName: 'Alice',
  avatarUrl: 'https://cdn.discordapp.com/embed/avatars/1.png',
  guildCount: 2,
  superAdmin: true,
  sessionId: 'session-1',
};

/** A member without special rights. */
export const member: Me = {
  ...superAdmin,
  id: '0190f5f2-7c1e-7000-8000-000000000102',
  discordId: '1104000000000000102',
  username: 'bob.builds',
  globalName: null,
  superAdmin: false,
  guildCount: 1,
};

/** The body of a successful `POST /auth/refresh`. */
export function refreshBody(expiresInMs = 900_000) {
  const now = Date.now();
  return {
    user: {
      id: superAdmin.id,
      discordId: superAdmin.discordId,
      username: superAdmin.username,
      globalName: superAdmin.globalName,
      avatarUrl: superAdmin.avatarUrl,
    },
    accessTokenExpiresAt: new Date(now + expiresInMs).toISOString(),
    sessionExpiresAt: new Date(now + 30 * 86_400_000).toISOString(),
  };
}
