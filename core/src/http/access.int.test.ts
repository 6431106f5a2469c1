import { describe, expect, it } from 'vitest';
import { definePlugin } from '@pteronimbus/sdk';
import { testIdentityPlugin, useTestCore } from '@pteronimbus/testing';

// A stand-in identity holding `notes.read` in tenant t1 only; core's real access hook does the rest.
const identityFixture = testIdentityPlugin({ grants: { u1: { t1: ['notes.read'] }, root: {} } });
const notesFixture = definePlugin({
  name: 'notes-fixture',
  version: '0.0.1',
  register(app) {
    app.get('/tenants/:tenantId/notes', { config: { permission: 'notes.read' } }, async () => ({
      notes: [],
    }));
    app.get('/me', { config: { authenticated: true } }, async (request) => ({
      userId: request.principal?.userId,
    }));
    app.get('/admin/things', { config: { superAdmin: true } }, async () => ({ things: [] }));
  },
});

describe('access enforcement', () => {
  const core = useTestCore({ plugins: [identityFixture, notesFixture] });
  const get = (url: string, headers: Record<string, string> = {}) =>
    core().inject({ method: 'GET', url, headers });

  it('answers 401 without a principal on every non-public route', async () => {
    for (const url of ['/api/v1/me', '/api/v1/tenants/t1/notes', '/api/v1/admin/things']) {
      const res = await get(url);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('PN_UNAUTHENTICATED');
    }
  });

  it('lets an authenticated caller reach authenticated routes', async () => {
    expect((await get('/api/v1/me', { 'x-test-user': 'u1' })).json()).toEqual({ userId: 'u1' });
  });

  it('checks the permission in the tenant of the path and names what is missing', async () => {
    expect((await get('/api/v1/tenants/t1/notes', { 'x-test-user': 'u1' })).statusCode).toBe(200);
    const other = await get('/api/v1/tenants/t2/notes', { 'x-test-user': 'u1' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toEqual({
      code: 'PN_FORBIDDEN',
      message: 'Missing permission notes.read',
      details: { permission: 'notes.read' },
    });
  });

  it('lets super admins override tenant restrictions, and audits each override', async () => {
    const res = await get('/api/v1/tenants/t2/notes', {
      'x-test-user': 'root',
      'x-test-super': '1',
    });
    expect(res.statusCode).toBe(200);
    const rows = await core().app.pn.db.query<{
      action: string;
      tenant_id: string;
      override: boolean;
      actor_id: string;
      request_id: string;
    }>(
      `select action, tenant_id, override, actor_id, request_id from pn_audit_log where action = 'access.override'`,
    );
    expect(rows).toEqual([
      {
        action: 'access.override',
        tenant_id: 't2',
        override: true,
        actor_id: 'root',
        request_id: res.headers['x-request-id'],
      },
    ]);
  });

  it('reserves super-admin routes to super admins', async () => {
    expect((await get('/api/v1/admin/things', { 'x-test-user': 'u1' })).statusCode).toBe(403);
    expect(
      (await get('/api/v1/admin/things', { 'x-test-user': 'root', 'x-test-super': '1' }))
        .statusCode,
    ).toBe(200);
  });
});

describe('access enforcement without a bot token', () => {
  const grants = { u1: { '100000000000000001': ['notes.read'] } };
  const core = useTestCore({
    plugins: [testIdentityPlugin({ grants }), notesFixture],
    config: { insecureSkipTenantCheck: false },
  });

  it('refuses tenant routes with a coded 503 instead of trusting permissions alone', async () => {
    const res = await core().inject({
      url: '/api/v1/tenants/100000000000000001/notes',
      headers: { 'x-test-user': 'u1' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('PN_TENANT_CHECK_UNAVAILABLE');
    const odd = await core().inject({
      url: '/api/v1/tenants/t1/notes',
      headers: { 'x-test-user': 'u1' },
    });
    expect(odd.statusCode).toBe(404);
    expect(odd.json().error.code).toBe('PN_TENANT_NOT_FOUND');
  });

  it('still lets a super admin through as an audited override', async () => {
    const res = await core().inject({
      url: '/api/v1/tenants/100000000000000001/notes',
      headers: { 'x-test-user': 'root', 'x-test-super': '1' },
    });
    expect(res.statusCode).toBe(200);
    const rows = await core().app.pn.db.query<{ action: string }>(
      `select action from pn_audit_log where action = 'access.override'`,
    );
    expect(rows).toHaveLength(1);
  });
});
