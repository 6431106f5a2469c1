import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperatorMetrics } from './metrics.ts';

/** What the probes ask about. */
export interface HealthSource {
  /** Liveness: the process works (its loops run). */
  live(): boolean;
  /** Readiness: the caches are synced, or this replica is a healthy standby. */
  ready(): boolean;
}

/**
 * The probe and metrics server: `GET /healthz`, `GET /readyz` (200 or 503) and `GET /metrics`
 * in the Prometheus text format. Nothing else is served.
 */
export async function startHttpServer(
  health: HealthSource,
  metrics: OperatorMetrics,
  options: { port: number; host?: string },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'method not allowed\n');
    if (path === '/healthz') return health.live() ? send(200, 'ok\n') : send(503, 'not live\n');
    if (path === '/readyz') return health.ready() ? send(200, 'ok\n') : send(503, 'not ready\n');
    if (path === '/metrics') {
      void metrics.registry.metrics().then(
        (text) => send(200, text, metrics.registry.contentType),
        () => send(500, 'metrics failed\n'),
      );
      return;
    }
    send(404, 'not found\n');
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port, options.host ?? '0.0.0.0', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
