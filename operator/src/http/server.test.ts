import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperatorMetrics } from './metrics.ts';
import { startHttpServer } from './server.ts';

describe('probe and metrics server', () => {
  let ready = false;
  const metrics = new OperatorMetrics({ defaultMetrics: false });
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    server = await startHttpServer({ live: () => true, ready: () => ready }, metrics, {
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(() => server.close());

  it('answers liveness and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('serves Prometheus metrics', async () => {
    metrics.observeReconcile(12);
    metrics.observeReconcile(3, new Error('x'));
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('pteronimbus_operator_reconciles_total{result="success"} 1');
    expect(text).toContain('pteronimbus_operator_reconciles_total{result="error"} 1');
  });

  it('serves nothing else', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
