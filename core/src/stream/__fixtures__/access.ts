import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  authenticatorExtensionPoint,
  definePlugin,
  permissionServiceExtensionPoint,
  streamTopicsExtensionPoint,
  type Plugin,
  type Principal,
} from '@pteronimbus/sdk';

/** Guild ids of the tenants the stream tests install. */
export const TENANT_A = '300000000000000001';
export const TENANT_B = '300000000000000002';

/** Test users and their Discord ids; alice owns tenant A, bob owns tenant B. */
export const USERS: Record<string, string> = {
  alice: '200000000000000001',
  bob: '200000000000000002',
  mallory: '200000000000000003',
  root: '200000000000000009',
};

const grants = new Set<string>();
const key = (user: string, tenantId: string, permission: string, serverId?: string) =>
  `${user}|${tenantId}|${permission}|${serverId ?? '*'}`;

/** Gives `user` a permission in a tenant, on every server or on one. */
export function grant(user: string, tenantId: string, permission: string, serverId?: string) {
  grants.add(key(user, tenantId, permission, serverId));
}

/** Takes it back (the caller announces the change on the bus, as the RBAC plugin would). */
export function revoke(user: string, tenantId: string, permission: string, serverId?: string) {
  grants.delete(key(user, tenantId, permission, serverId));
}

export const SESSION_COOKIE = 'pn_test_session';

let held: { enter(): void; released: Promise<void> } | null = null;

/** Holds the next history fetch: `entered` once it started, until `release()`. */
export function holdHistory(): { entered: Promise<void>; release(): void } {
  let enter = () => {};
  let release = () => {};
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  held = { enter, released };
  return { entered, release };
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name && v) return decodeURIComponent(v);
  }
  return undefined;
}

/**
 * A stand-in identity for the stream: the session cookie (or `x-test-user`) names the user (and,
 * after a dot, the session); root
 * is a super admin. Permissions come from {@link grant}.
 */
export const streamAccessFixture = definePlugin({
  name: 'stream-access-fixture',
  version: '0.0.1',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const header = request.headers['x-test-user'];
      // `alice` or `alice.2`: the same user in another session.
      const value =
        cookie(request.headers.cookie, SESSION_COOKIE) ??
        (typeof header === 'string' ? header : undefined);
      const [user, session = '1'] = (value ?? '').split('.');
      if (!user || !USERS[user]) return null;
      const principal: Principal = {
        userId: user,
        discordId: USERS[user],
        name: user,
        superAdmin: user === 'root',
        sessionId: `${user}.${session}`,
      };
      return principal;
    });
    // A topic with history: what came before is fetched when a replica starts following it.
    ctx.services.extensions.provide(streamTopicsExtensionPoint, {
      pattern: 'history/:tenantId/:name',
      permission: null,
      prime: async (params) => {
        if (params.name === 'broken') throw new Error('history store unreachable');
        const hold = held;
        held = null;
        if (hold) {
          hold.enter();
          await hold.released;
        }
        return [{ line: `${params.name} 1` }, { line: `${params.name} 2` }];
      },
    });
    ctx.services.extensions.provide(permissionServiceExtensionPoint, {
      has: async (principal, tenantId, permission, scope) =>
        grants.has(key(principal.userId, tenantId, permission)) ||
        (scope?.serverId !== undefined &&
          grants.has(key(principal.userId, tenantId, permission, scope.serverId))),
    });
  },
}) as Plugin<never>;

/**
 * Discord as the tenant check sees it for non-owners: nobody else is a member of any guild.
 * Owners are members without asking Discord.
 */
export async function startDiscordStub(): Promise<{ apiUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Unknown Member', code: 10007 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v10`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
