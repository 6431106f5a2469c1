import { describe, expect, it } from 'vitest';
import { startTestCore, useTestCore } from '@pteronimbus/testing';
import {
  alphaPlugin,
  betaPlugin,
  brokenPlugin,
  undeclaredPlugin,
} from './plugins/__fixtures__/plugins.ts';

describe('core with fixture plugins', () => {
  const core = useTestCore({
    plugins: [betaPlugin, alphaPlugin],
    pluginConfig: { alpha: { greeting: 'hi' } },
  });

  it('publishes the registry with core and plugins in load order', async () => {
    const res = await core().inject('/api/v1/registry');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.core).toMatchObject({ name: 'pteronimbus', apiVersion: 'v1' });
    expect(body.core.permissions.map((p: { key: string }) => p.key)).toContain('server.read');
    expect(body.plugins.map((p: { name: string }) => p.name)).toEqual(['alpha', 'beta']);
    expect(body.plugins[0]).toMatchObject({
      name: 'alpha',
      version: '1.2.3',
      permissions: [{ key: 'alpha.read', group: 'alpha', label: 'Read alpha' }],
      capabilities: { games: [{ id: 'alpha-game', name: 'Alpha' }] },
    });
    expect(body.plugins[0].configSchema.properties.limit).toMatchObject({ type: 'integer' });
  });

  it('validates plugin config and applies defaults', async () => {
    const res = await core().inject('/api/v1/alpha/config');
    expect(res.json()).toEqual({ greeting: 'hi', limit: 3 });
  });

  it('keeps plugins encapsulated but connects them through extension points', async () => {
    const res = await core().inject('/api/v1/beta/greet');
    expect(res.json()).toEqual({ greetings: ['hi, beta'], sawAlphaDecorator: false });
  });

  it('gives plugins their own key-value namespace', async () => {
    expect((await core().inject('/api/v1/beta/kv')).json()).toEqual({ value: 'v' });
  });

  it('runs plugin migrations and writes the audit log', async () => {
    const res = await core().inject({
      method: 'POST',
      url: '/api/v1/alpha/notes',
      payload: { text: 'hello' },
    });
    expect(res.statusCode).toBe(201);
    const rows = await core().app.pn.db.query<{ action: string; target_id: string }>(
      'select action, target_id from pn_audit_log',
    );
    expect(rows).toEqual([{ action: 'alpha.note.create', target_id: String(res.json().id) }]);
  });

  it('answers coded errors from plugins with their status and details', async () => {
    const res = await core().inject('/api/v1/alpha/teapot');
    expect(res.statusCode).toBe(418);
    expect(res.json()).toEqual({
      error: {
        code: 'PN_FIXTURE_TEAPOT',
        message: 'I am a teapot',
        details: { hint: 'short and stout' },
      },
    });
  });

  it('hides unexpected errors behind PN_INTERNAL', async () => {
    const res = await core().inject('/api/v1/alpha/boom');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: { code: 'PN_INTERNAL', message: 'Internal server error' },
    });
    expect(res.body).not.toContain('secret internal detail');
  });

  it('rejects an invalid body with a validation error naming the field', async () => {
    const res = await core().inject({
      method: 'POST',
      url: '/api/v1/alpha/notes',
      payload: { text: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PN_VALIDATION_FAILED');
    expect(res.json().error.message).toMatch(/body\/text/);
    const extra = await core().inject({
      method: 'POST',
      url: '/api/v1/alpha/notes',
      payload: { text: 'a', admin: true },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('rejects malformed JSON and oversized bodies', async () => {
    const bad = await core().inject({
      method: 'POST',
      url: '/api/v1/alpha/notes',
      headers: { 'content-type': 'application/json' },
      payload: '{"text":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('PN_MALFORMED_BODY');
    const big = await core().inject({
      method: 'POST',
      url: '/api/v1/alpha/notes',
      payload: { text: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PN_BODY_TOO_LARGE');
    const type = await core().inject({
      method: 'POST',
      url: '/api/v1/alpha/notes',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'x',
    });
    expect(type.statusCode).toBe(415);
    expect(type.json().error.code).toBe('PN_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers unknown API paths with a coded 404', async () => {
    const res = await core().inject('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PN_NOT_FOUND');
  });

  it('requires authentication on non-public routes and names the missing permission', async () => {
    expect((await core().inject('/api/v1/alpha/private')).json().error.code).toBe(
      'PN_UNAUTHENTICATED',
    );
    expect((await core().inject('/api/v1/tenants/1/alpha')).statusCode).toBe(401);
  });

  it('declares access on every route', () => {
    const undeclared = core().app.pn.routes.filter((r) => r.access === 'undeclared');
    expect(undeclared).toEqual([]);
    expect(
      core().app.pn.routes.find((r) => r.url === '/api/v1/tenants/:tenantId/alpha'),
    ).toMatchObject({ access: 'permission', permission: 'alpha.read' });
  });

  it('sends strict security headers and a request id', async () => {
    const res = await core().inject({
      url: '/healthz',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    const generated = await core().inject({
      url: '/healthz',
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // API answers are never pages: nothing may load or frame them.
    const api = await core().inject({ url: '/api/v1/registry' });
    expect(api.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('reports health, readiness and metrics', async () => {
    expect((await core().inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await core().inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['redis', true],
    ]);
    await core().inject('/api/v1/registry');
    const metrics = (await core().inject('/metrics')).body;
    expect(metrics).toMatch(
      /pn_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/registry"/,
    );
    expect(metrics).toContain('pn_nodejs_eventloop_lag_seconds');
    expect(metrics).toMatch(/pn_db_pool_connections\{state="total"\}/);
  });

  it('serves OpenAPI built from the route schemas', async () => {
    const res = await core().inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/registry', '/healthz', '/readyz', '/api/v1/alpha/notes']),
    );
    expect((await core().inject('/docs')).statusCode).toBeLessThan(400);
  });
});

describe('core refuses broken plugins', () => {
  it('refuses a route without an access declaration', async () => {
    await expect(startTestCore({ plugins: [undeclaredPlugin] })).rejects.toMatchObject({
      code: 'PN_ROUTE_ACCESS_UNDECLARED',
    });
  });

  it('names the plugin that fails to register', async () => {
    await expect(startTestCore({ plugins: [brokenPlugin] })).rejects.toMatchObject({
      code: 'PN_PLUGIN_REGISTER_FAILED',
      message: 'Plugin broken failed to start: cannot start',
    });
  });

  it('refuses bad plugin config', async () => {
    await expect(
      startTestCore({ plugins: [alphaPlugin], pluginConfig: { alpha: { limit: 99 } } }),
    ).rejects.toMatchObject({
      code: 'PN_PLUGIN_CONFIG_INVALID',
      details: { path: '/limit' },
    });
  });

  it('refuses a missing dependency', async () => {
    await expect(startTestCore({ plugins: [betaPlugin] })).rejects.toMatchObject({
      code: 'PN_PLUGIN_DEPENDENCY_MISSING',
    });
  });
});
