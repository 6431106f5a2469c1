import type {
  DesiredState,
  ParameterValue,
  PortExposure,
  TemplateResources,
} from '@pteronimbus/sdk';

/** Runs one SQL statement with `$1`, `$2`, … placeholders and returns its rows. */
export type Sql = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/** Something a server waits for before its next move: a restart stops first, then starts. */
export type PendingAction = 'restart';

/** A server as stored: its desired state and what its operator last reported. */
export interface ServerRecord {
  id: string;
  tenantId: string;
  clusterId: string;
  name: string;
  templateId: string;
  templateVersion: number;
  gameId: string;
  /** Typed values by parameter name, only those set explicitly (defaults apply to the rest). */
  parameters: Record<string, ParameterValue>;
  resources: TemplateResources;
  exposure: PortExposure;
  desiredState: DesiredState;
  installGeneration: number;
  stopGraceSeconds: number;
  pendingAction: PendingAction | null;
  /** Raised by every change of the desired state. */
  revision: number;
  /** The cluster log revision the last GameServer document went out at. */
  linkRevision: number | null;
  status: Record<string, unknown> | null;
  statusGeneration: number | null;
  statusAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A server as inserted: the store sets its revision, status and times. */
export type NewServer = Omit<
  ServerRecord,
  | 'revision'
  | 'linkRevision'
  | 'status'
  | 'statusGeneration'
  | 'statusAt'
  | 'createdAt'
  | 'updatedAt'
>;

/** What a change may set; the store raises the revision itself. */
export type ServerChange = Partial<
  Pick<
    ServerRecord,
    | 'name'
    | 'templateId'
    | 'templateVersion'
    | 'gameId'
    | 'parameters'
    | 'resources'
    | 'exposure'
    | 'desiredState'
    | 'installGeneration'
    | 'stopGraceSeconds'
    | 'pendingAction'
  >
>;

/** Filters of the server list. */
export interface ServerFilter {
  phase?: string | undefined;
  desiredState?: string | undefined;
  templateId?: string | undefined;
  clusterId?: string | undefined;
  /** The game the server's template runs. */
  gameId?: string | undefined;
  query?: string | undefined;
  /** Ids sort by creation; the page starts after this one. */
  after?: string | undefined;
  /** Only these servers (a member whose permission is narrowed to them). */
  ids?: readonly string[] | undefined;
  limit: number;
}

/** What a tenant's servers hold together, in the units of resources. */
export interface TenantUsage {
  servers: number;
  cpu: number;
  memory: number;
  disk: number;
}

/** One metrics sample; `null` where nothing was measured. */
export interface MetricsSample {
  at: Date;
  cpu: number | null;
  memory: number | null;
  disk: number | null;
  networkRx: number | null;
  networkTx: number | null;
  playersOnline: number | null;
  playersMax: number | null;
}

/** A listed server with its latest metrics sample (`null` when none is kept). */
export interface ListedServer extends ServerRecord {
  latest: Pick<MetricsSample, 'at' | 'cpu' | 'memory' | 'playersOnline' | 'playersMax'> | null;
}

/** A server row as PostgreSQL hands it back. */
export interface Row {
  id: string;
  tenant_id: string;
  cluster_id: string;
  name: string;
  template_id: string;
  template_version: number;
  game_id: string;
  parameters: Record<string, ParameterValue> | string;
  cpu: number;
  memory: number;
  disk: number;
  exposure: PortExposure;
  desired_state: DesiredState;
  install_generation: number;
  stop_grace_seconds: number;
  pending_action: PendingAction | null;
  revision: number;
  link_revision: string | number | null;
  status: Record<string, unknown> | string | null;
  status_generation: string | number | null;
  status_at: Date | string | null;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The latest sample's columns of a listed server's row. */
export interface LatestRow {
  m_at: Date | string | null;
  m_cpu: number | null;
  m_memory: number | null;
  m_players_online: number | null;
  m_players_max: number | null;
}

// Raw execution inside a transaction may hand jsonb back as text and timestamps as text.
export const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
export const num = (v: string | number | null) => (v === null ? null : Number(v));

/** A stored server from its row. */
export function toRecord(row: Row): ServerRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    clusterId: row.cluster_id,
    name: row.name,
    templateId: row.template_id,
    templateVersion: Number(row.template_version),
    gameId: row.game_id,
    parameters: json(row.parameters),
    resources: { cpu: Number(row.cpu), memory: Number(row.memory), disk: Number(row.disk) },
    exposure: row.exposure,
    desiredState: row.desired_state,
    installGeneration: Number(row.install_generation),
    stopGraceSeconds: Number(row.stop_grace_seconds),
    pendingAction: row.pending_action,
    revision: Number(row.revision),
    linkRevision: num(row.link_revision),
    status: row.status === null ? null : json(row.status),
    statusGeneration: num(row.status_generation),
    statusAt: row.status_at === null ? null : new Date(row.status_at),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Every column of a server row, in the order of {@link Row}. */
export const COLUMNS = `"id","tenant_id","cluster_id","name","template_id","template_version","game_id","parameters","cpu","memory","disk","exposure","desired_state","install_generation","stop_grace_seconds","pending_action","revision","link_revision","status","status_generation","status_at","created_by","created_at","updated_at"`;
