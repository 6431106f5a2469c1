import { vi } from 'vitest';
import { jsonResponse } from './registry.ts';

/** Tenant 100 as core lists it. */
export const tenantFixture = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

/** A test's own answers; `undefined` leaves the request to the defaults. */
export type FetchHandler = (
  url: URL,
  init: RequestInit | undefined,
) => Response | Promise<Response> | undefined;

export interface MemberOptions {
  /** What `permissions/me` grants (default none). */
  permissions?: string[];
  /** A tenant admin (as the owner). */
  admin?: boolean;
  /** The guild's owner: the tenant says `owner: true`. */
  owner?: boolean;
}

/**
 * Stubs `fetch` as core answers a member of tenant 100: `handler` first, then the tenant and
 * the member's permissions; anything else is a 404. Returns the mock to inspect the calls.
 */
export function answerAsMember(handler: FetchHandler, options: MemberOptions = {}) {
  const admin = options.admin ?? false;
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const own = await handler(url, init);
    if (own !== undefined) return own;
    if (url.pathname === '/api/v1/tenants/100' && (init?.method ?? 'GET') === 'GET')
      return jsonResponse({
        ...tenantFixture,
        ...(options.owner === undefined ? {} : { owner: options.owner }),
      });
    if (url.pathname === '/api/v1/tenants/100/permissions/me')
      return jsonResponse({
        member: true,
        admin,
        adminBy: admin ? ['owner'] : [],
        permissions: options.permissions ?? [],
        servers: {},
      });
    if (url.pathname === '/api/v1/tenants') return jsonResponse({ items: [tenantFixture] });
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
