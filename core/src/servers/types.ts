import type {
  AuditSource,
  GameServerSpec,
  ParameterValue,
  PortExposure,
  Principal,
  TemplateResources,
} from '@pteronimbus/sdk';

/** Timing of the servers module, given at construction. */
export interface ServerTiming {
  /** A cluster that sent nothing (and whose link is down) this long makes its servers stale. */
  staleAfterMs: number;
  /** Period of metrics samples (player query and usage) of a running server. */
  sampleIntervalMs: number;
  /** How long a console command or a log request waits for the operator. */
  relayTimeoutMs: number;
  /** A log download ends once the operator has been quiet this long. */
  logsQuietMs: number;
  /** Give up a player query after this long. */
  playerQueryTimeoutMs: number;
}

/** Defaults of {@link ServerTiming}. */
export const DEFAULT_SERVER_TIMING: ServerTiming = Object.freeze({
  staleAfterMs: 60_000,
  sampleIntervalMs: 60_000,
  relayTimeoutMs: 5_000,
  logsQuietMs: 1_000,
  playerQueryTimeoutMs: 3_000,
});

/**
 * Which parameters a caller deals with: `all`, or as a `member` without `template.manage`, who
 * neither sees parameters the template marks `userViewable: false` nor changes those it marks
 * `userEditable: false` (or not viewable).
 */
export type ParameterAccess = 'all' | 'member';

/** Who asks for a change, for the audit log. */
export interface Actor {
  principal: Principal | null;
  /** Default `all` (the system, template managers, super admins). */
  parameterAccess?: ParameterAccess;
  requestId?: string;
  source: AuditSource;
}

/** The actions of `POST /servers/:serverId/actions/:action`. */
export const SERVER_ACTIONS = ['start', 'stop', 'restart', 'kill', 'reinstall'] as const;
/** See {@link SERVER_ACTIONS}. */
export type ServerAction = (typeof SERVER_ACTIONS)[number];

/** A new server as asked for. */
export interface CreateServerInput {
  name: string;
  templateId: string;
  templateVersion?: number | undefined;
  parameters?: Record<string, unknown> | undefined;
  resources?: Partial<TemplateResources> | undefined;
  exposure?: PortExposure | undefined;
  clusterId?: string | undefined;
  /** Start once installed (default true). */
  start?: boolean | undefined;
}

/** A change of settings: `null` parameter values go back to the default. */
export interface UpdateServerInput {
  name?: string | undefined;
  parameters?: Record<string, unknown> | undefined;
  resources?: Partial<TemplateResources> | undefined;
  exposure?: PortExposure | undefined;
}

/** What the API shows of a server's reported status. */
export interface ServerStatusView {
  /** Last phase the operator reported; `null` before its first report. */
  phase: string | null;
  message: string | null;
  address: string | null;
  ports: unknown[];
  conditions: unknown[];
  restartCount: number | null;
  observedGeneration: number | null;
  /** When the operator last reported. */
  reportedAt: string | null;
  /** Seconds since `reportedAt`. */
  ageSeconds: number | null;
  /** The cluster stopped reporting: what is shown may be out of date. */
  stale: boolean;
}

/** A server as the API shows it. */
export interface ServerView {
  id: string;
  tenantId: string;
  name: string;
  clusterId: string;
  template: { id: string; version: number };
  gameId: string;
  parameters: Record<string, ParameterValue>;
  resources: TemplateResources;
  exposure: PortExposure;
  desiredState: string;
  installGeneration: number;
  pendingAction: string | null;
  revision: number;
  linkRevision: number | null;
  status: ServerStatusView;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A listed server's latest metrics sample, so a list shows players and usage without asking for
 * each server's metrics. `null` fields were not measured (never zero).
 */
export interface ServerCurrentView {
  /** When the sample was taken. */
  sampledAt: string;
  playersOnline: number | null;
  playersMax: number | null;
  /** Millicores. */
  cpu: number | null;
  /** MiB. */
  memory: number | null;
}

/**
 * A server as the list shows it: with `current`, its latest sample when one was taken within the
 * last three sample periods (else `null`), present only for a caller holding
 * `server.metrics.read` on that server.
 */
export interface ServerListItemView extends ServerView {
  current?: ServerCurrentView | null;
}

/** Which listed servers' samples a caller may see: all, or only these ids. */
export type MetricsScope = 'all' | readonly string[];

/** The answer of every change: the desired state as accepted, at its new revision. */
export interface AcceptedChange {
  revision: number;
  server: ServerView;
  desired: GameServerSpec;
}
