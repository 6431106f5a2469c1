export * from './names.ts';
export * from './errors.ts';
export * from './crds/index.ts';
export { KubeClient, hasStatus, type KubeClientOptions, type KubeObject } from './kube/client.ts';
export { TokenBucket } from './kube/rate-limit.ts';
export { WatchedInformer, type WatchedInformerOptions } from './kube/informer.ts';
export { LeaderElector, type LeaderElectorOptions } from './leader/lease.ts';
export { OperatorMetrics } from './http/metrics.ts';
export { startHttpServer, type HealthSource } from './http/server.ts';
export { GameServerReconciler, type ReconcilerOptions } from './reconciler/controller.ts';
export {
  createLogger,
  loadLogLevel,
  silentLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger.ts';
export { childName } from './reconciler/children.ts';
export { decide, type Decision, type Observation } from './reconciler/phase.ts';
export { WorkQueue, backoffDelay } from './reconciler/queue.ts';
export { startOperator, type OperatorHandle, type OperatorOptions } from './operator.ts';
export {
  CONFIG_SECRET,
  loadKubeConfig,
  loadOperatorConfig,
  type OperatorConfig,
} from './config.ts';
export {
  KubeRelay,
  runJoinCommand,
  startLink,
  type JoinOutcome,
  type LinkHandle,
  type StartLinkOptions,
} from './link/index.ts';
