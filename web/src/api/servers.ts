import { api, type ApiClient, type RequestOptions } from './client.ts';

/** The phases the operator reports (`status.phase`); `null` until its first report. */
export const serverPhases = [
  'Installing',
  'Starting',
  'Running',
  'Stopping',
  'Stopped',
  'Failed',
] as const;
/** See {@link serverPhases}. */
export type ServerPhase = (typeof serverPhases)[number];

/** How players reach a server. */
export const portExposures = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
/** See {@link portExposures}. */
export type PortExposure = (typeof portExposures)[number];

/** What the server should be doing. */
export type DesiredState = 'Running' | 'Stopped';

/** The actions of `POST /servers/:serverId/actions/:action`. */
export const serverActions = ['start', 'stop', 'restart', 'kill', 'reinstall'] as const;
/** See {@link serverActions}. */
export type ServerAction = (typeof serverActions)[number];

/** The permission each action needs (core's `ACTION_PERMISSIONS`). */
export const actionPermissions: Record<ServerAction, string> = {
  start: 'server.start',
  stop: 'server.stop',
  restart: 'server.restart',
  kill: 'server.stop',
  reinstall: 'server.update',
};

/** A typed parameter value; `null` means the template's default. */
export type ParameterValue = string | number | boolean | null;

/** CPU in millicores, memory and disk in MiB. */
export interface ServerResources {
  cpu: number;
  memory: number;
  disk: number;
}

/** One port of a running server. */
export interface ServerPort {
  name: string;
  port: number;
  protocol: string;
  nodePort?: number;
}

/** A Kubernetes-style condition of the GameServer. */
export interface ServerCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** What the operator last reported; never a guess. */
export interface ServerStatus {
  /** A {@link ServerPhase}, or `null` before the first report. */
  phase: ServerPhase | null;
  message: string | null;
  address: string | null;
  ports: ServerPort[];
  conditions: ServerCondition[];
  restartCount: number | null;
  observedGeneration: number | null;
  reportedAt: string | null;
  /** Seconds since `reportedAt`, when the answer was made. */
  ageSeconds: number | null;
  /** The cluster's operator link has been down for over a minute: the status may be old. */
  stale: boolean;
}

/** A server as the API shows it. */
export interface Server {
  id: string;
  tenantId: string;
  name: string;
  clusterId: string;
  template: { id: string; version: number };
  gameId: string;
  /** Explicit values only; the template's defaults fill the rest. */
  parameters: Record<string, ParameterValue>;
  resources: ServerResources;
  exposure: PortExposure;
  desiredState: DesiredState;
  installGeneration: number;
  /** `"restart"` between the stop and the start of a restart. */
  pendingAction: string | null;
  revision: number;
  linkRevision: number | null;
  status: ServerStatus;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer of every change: the desired state as accepted, at its new revision. */
export interface AcceptedChange {
  revision: number;
  server: Server;
  /** The GameServer spec as sent to the operator. */
  desired: Record<string, unknown>;
}

/** `GET /servers` filters. */
export interface ServerListQuery {
  phase?: string;
  desiredState?: DesiredState;
  templateId?: string;
  clusterId?: string;
  /** Name contains. */
  q?: string;
  /** 1–200, default 50. */
  limit?: number;
  cursor?: string;
}

/**
 * A listed server's latest metrics sample (taken within the last three minutes); `null` fields
 * were not measured, never zero.
 */
export interface ServerCurrent {
  sampledAt: string;
  playersOnline: number | null;
  playersMax: number | null;
  /** Millicores. */
  cpu: number | null;
  /** MiB. */
  memory: number | null;
}

/** A server as the list answers it. */
export interface ServerListItem extends Server {
  /**
   * The latest recent sample, `null` when none; absent when the caller may not read this
   * server's metrics (`server.metrics.read`).
   */
  current?: ServerCurrent | null;
}

/** One page of servers, in creation order. */
export interface ServerPage {
  items: ServerListItem[];
  nextCursor: string | null;
}

/** `POST /servers`. */
export interface CreateServerBody {
  name: string;
  templateId: string;
  /** Default: the template's current version. */
  templateVersion?: number;
  parameters?: Record<string, unknown>;
  /** Default: the template's. */
  resources?: Partial<ServerResources>;
  /** Default ClusterIP. */
  exposure?: PortExposure;
  /** Default: the tenant's default cluster. */
  clusterId?: string;
  /** Start once installed (default true). */
  start?: boolean;
}

/** `PATCH /servers/:serverId`; `null` parameter values go back to the default. */
export interface UpdateServerBody {
  name?: string;
  parameters?: Record<string, unknown>;
  resources?: Partial<ServerResources>;
  exposure?: PortExposure;
}

/** A value a template move could not keep. */
export interface DroppedParameter {
  name: string;
  value: ParameterValue;
  reason: 'removed' | 'invalid';
  message: string;
}

/** `POST /servers/:serverId/template`. */
export interface MoveTemplateBody {
  /** Default: the template's current version. */
  version?: number;
  parameters?: Record<string, unknown>;
}

/** The answer of a template move. */
export interface TemplateMoved extends AcceptedChange {
  from: number;
  to: number;
  dropped: DroppedParameter[];
}

/** The answer of a template move with `dryRun: true`. */
export interface TemplateMovePreview {
  dryRun: true;
  from: number;
  to: number;
  kept: Record<string, ParameterValue>;
  dropped: DroppedParameter[];
}

/** `DELETE /servers/:serverId`. */
export interface ServerDeleted {
  deleted: true;
  serverId: string;
  keepData: boolean;
  linkRevision: number;
}

/** Ranges of `GET /servers/:serverId/metrics`. */
export const metricsRanges = ['1h', '6h', '24h'] as const;
/** See {@link metricsRanges}. */
export type MetricsRange = (typeof metricsRanges)[number];

/** One metrics sample; `null` is "not measured", never zero. */
export interface MetricsSample {
  at: string;
  /** Millicores. */
  cpu: number | null;
  /** MiB. */
  memory: number | null;
  /** MiB. */
  disk: number | null;
  /** Bytes per second. */
  networkRx: number | null;
  networkTx: number | null;
  playersOnline: number | null;
  playersMax: number | null;
}

/** `GET /servers/:serverId/metrics`. */
export interface ServerMetrics {
  range: MetricsRange;
  serverId: string;
  stepSeconds: number;
  current: Omit<MetricsSample, 'at'> & { reportedAt: string | null };
  series: MetricsSample[];
}

/** Options of a change: a retry with the same key cannot apply it twice. */
export interface ChangeOptions extends RequestOptions {
  /** Sent as `Idempotency-Key`; 1–255 visible ASCII characters. */
  idempotencyKey?: string;
}

/** Core's error codes the server pages react to. */
export const serverErrorCodes = {
  notFound: 'PN_SERVER_NOT_FOUND',
  parametersInvalid: 'PN_SERVER_PARAMETERS_INVALID',
  quotaExceeded: 'PN_QUOTA_EXCEEDED',
  templateNotFound: 'PN_SERVER_TEMPLATE_NOT_FOUND',
  clusterRequired: 'PN_SERVER_CLUSTER_REQUIRED',
  clusterUnavailable: 'PN_SERVER_CLUSTER_UNAVAILABLE',
  clusterOffline: 'PN_SERVER_CLUSTER_OFFLINE',
  idempotencyKeyReused: 'PN_IDEMPOTENCY_KEY_REUSED',
  idempotencyKeyInProgress: 'PN_IDEMPOTENCY_KEY_IN_PROGRESS',
} as const;

/** A fresh key for {@link ChangeOptions.idempotencyKey}. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** The API base of one tenant's servers. */
export function serversBase(tenantId: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenantId)}/servers`;
}

/**
 * The URL of a server's log download (`GET /servers/:serverId/logs`), for an `<a download>`:
 * the session cookie goes with it, and core answers it as an attachment.
 */
export function serverLogsUrl(tenantId: string, serverId: string, lines = 1000): string {
  return `${serversBase(tenantId)}/${encodeURIComponent(serverId)}/logs?lines=${lines}`;
}

function change(options: ChangeOptions) {
  const { idempotencyKey, ...init } = options;
  return idempotencyKey === undefined
    ? init
    : { ...init, headers: { 'idempotency-key': idempotencyKey } };
}

/** Typed calls for every route of one tenant's servers (docs/reference/servers.md). */
export function createServersApi(tenantId: string, client: ApiClient = api) {
  const base = serversBase(tenantId);
  const one = (serverId: string) => `${base}/${encodeURIComponent(serverId)}`;
  return {
    base,
    list(query: ServerListQuery = {}, init: RequestOptions = {}): Promise<ServerPage> {
      return client.request('GET', base, { ...init, query: { ...query } });
    },
    get(serverId: string, init: RequestOptions = {}): Promise<Server> {
      return client.request('GET', one(serverId), init);
    },
    create(body: CreateServerBody, options: ChangeOptions = {}): Promise<AcceptedChange> {
      return client.request('POST', base, { ...change(options), body });
    },
    update(
      serverId: string,
      body: UpdateServerBody,
      options: ChangeOptions = {},
    ): Promise<AcceptedChange> {
      return client.request('PATCH', one(serverId), { ...change(options), body });
    },
    remove(
      serverId: string,
      data: 'keep' | 'drop' = 'keep',
      options: ChangeOptions = {},
    ): Promise<ServerDeleted> {
      return client.request('DELETE', one(serverId), { ...change(options), query: { data } });
    },
    action(
      serverId: string,
      action: ServerAction,
      options: ChangeOptions = {},
    ): Promise<AcceptedChange> {
      return client.request('POST', `${one(serverId)}/actions/${action}`, change(options));
    },
    previewTemplateMove(
      serverId: string,
      body: MoveTemplateBody = {},
      init: RequestOptions = {},
    ): Promise<TemplateMovePreview> {
      return client.request('POST', `${one(serverId)}/template`, {
        ...init,
        body: { ...body, dryRun: true },
      });
    },
    moveTemplate(
      serverId: string,
      body: MoveTemplateBody = {},
      options: ChangeOptions = {},
    ): Promise<TemplateMoved> {
      return client.request('POST', `${one(serverId)}/template`, { ...change(options), body });
    },
    command(
      serverId: string,
      command: string,
      options: ChangeOptions = {},
    ): Promise<{ requestId: string }> {
      return client.request('POST', `${one(serverId)}/console`, {
        ...change(options),
        body: { command },
      });
    },
    metrics(
      serverId: string,
      range: MetricsRange = '1h',
      init: RequestOptions = {},
    ): Promise<ServerMetrics> {
      return client.request('GET', `${one(serverId)}/metrics`, { ...init, query: { range } });
    },
    logsUrl(serverId: string, lines = 1000): string {
      return serverLogsUrl(tenantId, serverId, lines);
    },
  };
}

/** See {@link createServersApi}. */
export type ServersApi = ReturnType<typeof createServersApi>;
