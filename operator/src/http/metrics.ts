import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The operator's Prometheus metrics, in a registry of its own. */
export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({
    name: 'pteronimbus_operator_reconciles_total',
    help: 'GameServer reconciles, by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly reconcileSeconds = new Histogram({
    name: 'pteronimbus_operator_reconcile_duration_seconds',
    help: 'Time one GameServer reconcile took.',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly informerRestarts = new Counter({
    name: 'pteronimbus_operator_informer_restarts_total',
    help: 'Informers restarted after a failed or silent watch.',
    labelNames: ['kind', 'cause'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'pteronimbus_operator_leader',
    help: '1 while this replica holds the leader lease.',
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'pteronimbus_operator_queue_depth',
    help: 'GameServer keys waiting to be reconciled.',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'pteronimbus_operator_' });
  }

  /** Records one reconcile. */
  observeReconcile(ms: number, error?: unknown): void {
    this.reconciles.inc({ result: error ? 'error' : 'success' });
    this.reconcileSeconds.observe(ms / 1000);
  }
}
