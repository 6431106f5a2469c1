export { serverRoutes, ACTION_PERMISSIONS } from './routes.ts';
export { ServersService } from './service.ts';
export type { ServersOptions } from './service.ts';
export { DEFAULT_SERVER_TIMING, SERVER_ACTIONS } from './types.ts';
export { SAMPLE_JOB } from './metrics.ts';
export type {
  AcceptedChange,
  Actor,
  CreateServerInput,
  MetricsScope,
  ServerAction,
  ServerCurrentView,
  ServerListItemView,
  ServerStatusView,
  ServerTiming,
  ServerView,
  UpdateServerInput,
} from './types.ts';
export { IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_MS } from './idempotency.ts';
