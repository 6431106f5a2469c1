import { describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { createApiClient } from './client.ts';
import { createServersApi, serverLogsUrl } from './servers.ts';

function serversAnswering(body: unknown = {}, status = 200) {
  const fetch = vi.fn(async (_input: string, _init?: RequestInit) => jsonResponse(body, status));
  return { servers: createServersApi('g 1', createApiClient({ fetch })), fetch };
}

const call = (fetch: ReturnType<typeof serversAnswering>['fetch'], n = 0) => {
  const [url, init] = fetch.mock.calls[n] ?? [];
  return {
    url,
    method: init?.method,
    headers: init?.headers as Record<string, string>,
    body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
  };
};

describe('servers api', () => {
  it('lists with the filters in the query string, leaving empty ones out', async () => {
    const { servers, fetch } = serversAnswering({ items: [], nextCursor: null });
    await servers.list({ phase: 'Running', q: 'surv', templateId: '' });
    expect(call(fetch).url).toBe('/api/v1/tenants/g%201/servers?phase=Running&q=surv');
  });

  it('sends the idempotency key of a change as a header', async () => {
    const { servers, fetch } = serversAnswering({ revision: 1 }, 202);
    await servers.create({ name: 'S', templateId: 't' }, { idempotencyKey: 'k-1' });
    expect(call(fetch)).toMatchObject({
      url: '/api/v1/tenants/g%201/servers',
      method: 'POST',
      headers: { 'idempotency-key': 'k-1', 'content-type': 'application/json' },
      body: { name: 'S', templateId: 't' },
    });
    await servers.action('s1', 'restart');
    expect(call(fetch, 1).url).toBe('/api/v1/tenants/g%201/servers/s1/actions/restart');
    expect(call(fetch, 1).headers).not.toHaveProperty('idempotency-key');
  });

  it('addresses every other route', async () => {
    const { servers, fetch } = serversAnswering({});
    await servers.get('s1');
    await servers.update('s1', { name: 'N' }, { idempotencyKey: 'u' });
    await servers.remove('s1', 'drop');
    await servers.previewTemplateMove('s1', { version: 2 });
    await servers.moveTemplate('s1', { version: 2 });
    await servers.command('s1', 'say hi');
    await servers.metrics('s1', '6h');
    const seen = fetch.mock.calls.map((_, n) => {
      const c = call(fetch, n);
      return [c.method, c.url, c.body];
    });
    expect(seen).toEqual([
      ['GET', '/api/v1/tenants/g%201/servers/s1', undefined],
      ['PATCH', '/api/v1/tenants/g%201/servers/s1', { name: 'N' }],
      ['DELETE', '/api/v1/tenants/g%201/servers/s1?data=drop', undefined],
      ['POST', '/api/v1/tenants/g%201/servers/s1/template', { version: 2, dryRun: true }],
      ['POST', '/api/v1/tenants/g%201/servers/s1/template', { version: 2 }],
      ['POST', '/api/v1/tenants/g%201/servers/s1/console', { command: 'say hi' }],
      ['GET', '/api/v1/tenants/g%201/servers/s1/metrics?range=6h', undefined],
    ]);
    expect(call(fetch, 1).headers).toMatchObject({ 'idempotency-key': 'u' });
  });

  it('builds the log download URL', () => {
    expect(serverLogsUrl('g1', 's 1', 200)).toBe('/api/v1/tenants/g1/servers/s%201/logs?lines=200');
    expect(createServersApi('g1').logsUrl('s1')).toBe(
      '/api/v1/tenants/g1/servers/s1/logs?lines=1000',
    );
  });
});
