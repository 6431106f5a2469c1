import type { KubeConfig } from '@kubernetes/client-node';
import type { KeyInput, TrustedKeys } from '@pteronimbus/sdk';
import { startHttpServer } from './http/server.ts';
import { OperatorMetrics } from './http/metrics.ts';
import { KubeClient, type KubeClientOptions } from './kube/client.ts';
import { LeaderElector } from './leader/lease.ts';
import { LEASE_NAME, SYSTEM_NAMESPACE } from './names.ts';
import { silentLogger, type Logger } from './logger.ts';
import { GameServerReconciler } from './reconciler/controller.ts';
import type { WorkloadSecurity } from './security.ts';

/** Options of {@link startOperator}. */
export interface OperatorOptions {
  kubeConfig: KubeConfig;
  /** Core's key, or its keys by id (a ring the link keeps current after a rotation). */
  publicKey: KeyInput | TrustedKeys;
  clusterId: string;
  /** This replica's name in the leader lease. */
  identity: string;
  /** Namespace of the lease. Default `pteronimbus-system`. */
  namespace?: string;
  /** Port of `/healthz`, `/readyz`, `/metrics`; `false` for none. Default 8080. */
  httpPort?: number | false;
  httpHost?: string;
  client?: KubeClientOptions;
  leaseDurationMs?: number;
  retryPeriodMs?: number;
  concurrency?: number;
  resyncMs?: number;
  silenceMs?: number;
  log?: Logger;
  /** The operator's own image, which patches config files in game pods. */
  operatorImage?: string;
  /** Runtime class and install deadline of game pods and install Jobs. */
  workloadSecurity?: WorkloadSecurity;
  /** Collect Node's default process metrics. Default true. */
  defaultMetrics?: boolean;
  /**
   * Work that runs only on the leader next to the reconciler (the link to core): started on
   * taking the lease, stopped on losing it. A failure to start is logged, not fatal.
   */
  whileLeading?: () => Promise<{ stop(): Promise<void> }>;
}

/** A running operator replica. */
export interface OperatorHandle {
  readonly client: KubeClient;
  readonly metrics: OperatorMetrics;
  readonly elector: LeaderElector;
  /** The reconciler while this replica leads. */
  readonly reconciler: GameServerReconciler | undefined;
  /** Base URL of the probe server, when it runs. */
  readonly url: string | undefined;
  /** Graceful shutdown: stop reconciling, release the lease, close the probe server. */
  stop(): Promise<void>;
}

/**
 * Starts one operator replica: a probe and metrics server at once, then leader election; only
 * the leader runs the reconciler, so two replicas are safe and a standby takes over within one
 * lease duration.
 */
export async function startOperator(options: OperatorOptions): Promise<OperatorHandle> {
  const log = options.log ?? silentLogger;
  const client = new KubeClient(options.kubeConfig, options.client);
  const metrics = new OperatorMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  let reconciler: GameServerReconciler | undefined;
  let sidecar: { stop(): Promise<void> } | undefined;
  let transition: Promise<void> = Promise.resolve();

  const elector = new LeaderElector({
    client,
    namespace: options.namespace ?? SYSTEM_NAMESPACE,
    name: LEASE_NAME,
    identity: options.identity,
    ...(options.leaseDurationMs ? { leaseDurationMs: options.leaseDurationMs } : {}),
    ...(options.retryPeriodMs ? { retryPeriodMs: options.retryPeriodMs } : {}),
    onStartedLeading: () => {
      transition = transition.then(async () => {
        log.info({ identity: options.identity }, 'leading: starting the reconciler');
        metrics.leader.set(1);
        const next = new GameServerReconciler({
          kubeConfig: options.kubeConfig,
          client,
          publicKey: options.publicKey,
          clusterId: options.clusterId,
          log,
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
          ...(options.resyncMs ? { resyncMs: options.resyncMs } : {}),
          ...(options.silenceMs ? { silenceMs: options.silenceMs } : {}),
          ...(options.operatorImage ? { operatorImage: options.operatorImage } : {}),
          ...(options.workloadSecurity ? { workloadSecurity: options.workloadSecurity } : {}),
          ...(options.namespace ? { operatorNamespace: options.namespace } : {}),
          onReconciled: (ms, error) => {
            metrics.observeReconcile(ms, error);
            metrics.queueDepth.set(next.queue.length);
          },
          onInformerRestart: (kind, why) => metrics.informerRestarts.inc({ kind, cause: why }),
        });
        reconciler = next;
        await next.start();
        if (options.whileLeading) {
          try {
            sidecar = await options.whileLeading();
          } catch (error) {
            const e = error as { code?: string; message?: string };
            log.error(
              { code: e.code, err: error },
              'could not start the work that runs on the leader',
            );
          }
        }
      });
      return transition;
    },
    onStoppedLeading: () => {
      transition = transition.then(async () => {
        log.warn({ identity: options.identity }, 'lost the lease: stopping the reconciler');
        metrics.leader.set(0);
        const current = reconciler;
        reconciler = undefined;
        const running = sidecar;
        sidecar = undefined;
        await running?.stop();
        await current?.stop();
      });
      return transition;
    },
    onError: (error) => log.warn({ err: error }, 'leader election failed'),
  });

  const http =
    options.httpPort === false
      ? undefined
      : await startHttpServer(
          {
            live: () => true,
            // A standby is ready (it serves probes and waits); a leader once its caches are full.
            ready: () => !elector.isLeader || (reconciler?.synced ?? false),
          },
          metrics,
          {
            port: options.httpPort ?? 8080,
            ...(options.httpHost ? { host: options.httpHost } : {}),
          },
        );
  await elector.start();

  return {
    client,
    metrics,
    elector,
    get reconciler() {
      return reconciler;
    },
    url: http?.url,
    async stop() {
      await elector.stop();
      await transition;
      await http?.close();
      await client.close();
    },
  };
}
