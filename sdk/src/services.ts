/**
 * The services core hands to every plugin. Each is an interface so that core can back it with
 * Redis and PostgreSQL in production and with in-process implementations in single-node mode.
 */

/** Structured logger (pino-compatible subset). Never pass secrets: redaction is a safety net. */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  fatal(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Key-value store with per-key expiry. Keys are namespaced per plugin (`pn:<pluginId>:`). */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Stores `value`; with `ttlMs` the key disappears after that many milliseconds. */
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Stores only if the key does not exist; returns whether it was stored. */
  setIfAbsent(key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
  /** Atomically reads and deletes a key; returns the value it had. */
  take(key: string): Promise<string | null>;
  delete(key: string): Promise<boolean>;
  /** Adds `by` (default 1) to an integer value, creating it at 0; returns the new value. */
  increment(key: string, by?: number, options?: { ttlMs?: number }): Promise<number>;
  /** Remaining lifetime in ms, `null` when the key has no expiry or does not exist. */
  ttl(key: string): Promise<number | null>;
}

/** An event published on the bus. */
export interface BusEvent<T = unknown> {
  /** Topic, e.g. `server.status` or `tenant.123.events`. */
  topic: string;
  payload: T;
  /** Unix epoch milliseconds when published. */
  at: number;
}

/** Publish/subscribe between all core replicas. Delivery is at most once, in order per topic. */
export interface EventBus {
  publish<T>(topic: string, payload: T): Promise<void>;
  /**
   * Calls `handler` for every event on `topic` (an exact topic, or a prefix ending in `*`).
   * Returns an unsubscribe function.
   */
  subscribe<T>(topic: string, handler: (event: BusEvent<T>) => void): Promise<() => Promise<void>>;
}

/** Options for one job. */
export interface JobOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Total attempts including the first (default 1). */
  attempts?: number;
  /** Base delay between attempts, doubled after each failure (default 1000). */
  backoffMs?: number;
  /** A job with the same id that is still queued or running is not added again. */
  jobId?: string;
}

/** A job as seen by its handler. */
export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** 1 for the first attempt. */
  attempt: number;
}

/** A durable-enough background job queue (Redis in production, in-process in single-node mode). */
export interface JobQueue {
  add<T>(name: string, data: T, options?: JobOptions): Promise<string>;
  /** Registers the handler for jobs called `name`; `concurrency` jobs run at once (default 1). */
  process<T>(
    name: string,
    handler: (job: Job<T>) => Promise<void>,
    options?: { concurrency?: number },
  ): void;
}

/** The outcome of consuming from a rate limit. */
export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Fixed-window counters shared between replicas. */
export interface RateLimiter {
  consume(key: string, limit: number, windowMs: number, cost?: number): Promise<RateLimitResult>;
}

/** Who did something. */
export type AuditActor =
  | { type: 'user'; id: string; name?: string }
  | { type: 'bot'; id: string; name?: string }
  | { type: 'system'; id?: string; name?: string };

/** Where a change came from. */
export type AuditSource = 'web' | 'bot' | 'api' | 'system' | 'operator';

/** One entry in the audit log. */
export interface AuditEntryInput {
  tenantId?: string | null;
  actor: AuditActor;
  /** Dotted verb, e.g. `server.create`. */
  action: string;
  target?: { type: string; id: string; name?: string };
  /** A summary of the change; never secrets. */
  changes?: Record<string, unknown>;
  source: AuditSource;
  requestId?: string;
  /** Set when a super admin acted outside their own permissions. */
  override?: boolean;
}

/** The audit log every change is written to. */
export interface AuditLog {
  record(entry: AuditEntryInput): Promise<void>;
}

/** Effective permissions of a principal in a tenant. */
export interface PermissionService {
  /** Whether the principal holds `permission` in `tenantId` (optionally on one server). */
  has(
    principal: Principal,
    tenantId: string,
    permission: string,
    scope?: { serverId?: string },
  ): Promise<boolean>;
  /**
   * Where the principal holds `permission` in `tenantId`: `'all'` when tenant-wide, else the ids
   * of the servers their grants are narrowed to (possibly none). Lets a list route show a member
   * the part they may see. Optional: without it only tenant-wide grants open such a route.
   */
  serversWith?(
    principal: Principal,
    tenantId: string,
    permission: string,
  ): Promise<'all' | readonly string[]>;
}

/** The authenticated caller of a request. */
export interface Principal {
  /** Internal user id. */
  userId: string;
  /** Discord user id (snowflake). */
  discordId: string;
  name: string;
  /** Listed in `PTERONIMBUS_SUPER_ADMINS`. */
  superAdmin: boolean;
  /** Session family the access token belongs to, when it came from a browser session. */
  sessionId?: string;
  /**
   * How the caller reached core, as the audit log records it: `web` for the panel's session
   * cookie, `api` for a bearer token, `bot` for the Discord bot. Absent means `api`.
   */
  source?: 'web' | 'api' | 'bot';
}

/** The audit source of a request made by `principal` (`api` when the authenticator did not say). */
export function auditSourceOf(
  principal: Pick<Principal, 'source'> | null | undefined,
): AuditSource {
  return principal?.source ?? 'api';
}

/** Key material derived from the installation's secret key (`PTERONIMBUS_SECRET_KEY`). */
export interface SecretService {
  /**
   * A key for one purpose (HKDF-SHA256 over the secret, bound to the plugin and `purpose`): the
   * same inputs give the same key on every replica and after restarts. Never log it.
   */
  derive(purpose: string, length?: number): Buffer;
}
