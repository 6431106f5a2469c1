export { serverRoutes, ACTION_PERMISSIONS } from './routes.ts';
export { DEFAULT_SERVER_TIMING, SAMPLE_JOB, SERVER_ACTIONS, ServersService } from './service.ts';
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
  ServersOptions,
  UpdateServerInput,
} from './service.ts';
export { IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_MS } from './idempotency.ts';
