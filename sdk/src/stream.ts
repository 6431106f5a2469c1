import { createExtensionPoint } from './extension-points.ts';
import type { EventBus, Principal } from './services.ts';

/** Where a browser opens its one real-time WebSocket. */
export const STREAM_PATH = '/api/v1/stream';

/** Where a client that cannot send cookies gets a one-time ticket for {@link STREAM_PATH}. */
export const STREAM_TICKET_PATH = '/api/v1/stream/ticket';

/** Every stream topic travels on the event bus under this prefix: `stream.<topic>`. */
export const STREAM_BUS_PREFIX = 'stream.';

/**
 * The bus topic the permission resolver (e.g. the RBAC plugin) publishes a
 * {@link PermissionsChanged} on; every replica re-checks the stream subscriptions it holds.
 */
export const PERMISSIONS_CHANGED_TOPIC = 'permissions.changed';

/** What changed permissions in a tenant: for some users, or (without `userIds`) for everyone. */
export interface PermissionsChanged {
  tenantId: string;
  userIds?: string[];
}

/**
 * The bus topic an authenticator publishes a {@link SessionEnded} on when a session ends (logout,
 * revocation, token reuse): every replica closes that session's stream sockets at once.
 */
export const SESSION_ENDED_TOPIC = 'sessions.ended';

/** A session that ended: its access tokens and stream sockets no longer count. */
export interface SessionEnded {
  sessionId: string;
  userId?: string;
}

/** Values of a topic's `:name` segments, e.g. `{ tenantId: 't1', serverId: 's1' }`. */
export type StreamTopicParams = Readonly<Record<string, string>>;

/** What {@link StreamTopicFamily.resolve} learns about a topic's resource. */
export interface StreamTopicResolution {
  /** Narrows the permission check (defaults to the topic's `serverId`, when it has one). */
  scope?: { serverId?: string };
}

/**
 * A family of topics a client may subscribe to, declared by core or a plugin on
 * {@link streamTopicsExtensionPoint}. Topics nobody declared are refused.
 */
export interface StreamTopicFamily {
  /**
   * Slash-separated segments: literals (`[a-z][a-z0-9-]*`) and `:name` parameters, one of which
   * must be `:tenantId`, e.g. `server/:tenantId/:serverId/status`.
   */
  pattern: string;
  /**
   * Needed in the topic's tenant (scoped to `:serverId` when the pattern has one); `null` lets any
   * member of the tenant subscribe. Membership is always checked first, as for HTTP routes.
   */
  permission: string | null;
  /**
   * Confirms the resource exists in that tenant (asked after the membership check); `null`
   * answers the subscriber `PN_NOT_FOUND`.
   */
  resolve?(
    params: StreamTopicParams,
    principal: Principal,
  ): Promise<StreamTopicResolution | null> | StreamTopicResolution | null;
  /**
   * What came before, for a replica that starts following the topic (nobody here watched it):
   * payloads held as its first events, so a subscriber asking `since: 0` sees them — a console's
   * last lines, say. Asked once per replica and topic, after the permission check; live events
   * that arrive meanwhile follow them in order. A failure holds nothing and is logged.
   */
  prime?(params: StreamTopicParams): Promise<readonly unknown[]>;
}

/** Core and plugins declare the topic families clients may subscribe to here. */
export const streamTopicsExtensionPoint = createExtensionPoint<StreamTopicFamily>('stream.topics');

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** The longest topic a client may name. */
export const STREAM_TOPIC_MAX_LENGTH = 256;

/**
 * Whether `topic` is well formed: slash-separated segments of letters, digits, `_` and `-`
 * (so no bus wildcard can sneak in).
 */
export function isStreamTopic(topic: string): boolean {
  return (
    topic.length > 0 &&
    topic.length <= STREAM_TOPIC_MAX_LENGTH &&
    topic.split('/').every((s) => SEGMENT.test(s))
  );
}

/** A malformed topic is a programming error on the publishing side, never a user's. */
function assertTopic(topic: string): void {
  if (!isStreamTopic(topic)) throw new TypeError(`${topic} is not a valid stream topic`);
}

/**
 * Sends `payload` to every subscriber of `topic` on every replica. Delivery is at most once; a
 * subscriber that reconnects may catch up with `since` while the replica still holds the event.
 *
 * @example
 * await publishToStream(services.events, streamTopics.serverStatus(tenantId, serverId), { phase: 'Running' });
 */
export async function publishToStream<T>(events: EventBus, topic: string, payload: T) {
  assertTopic(topic);
  await events.publish(STREAM_BUS_PREFIX + topic, payload);
}

/** Builds a topic from its parts, checking each (an id with a slash must not add a segment). */
function topicOf(...parts: string[]): string {
  const topic = parts.join('/');
  if (!parts.every((p) => SEGMENT.test(p)))
    throw new TypeError(`${topic} is not a valid stream topic`);
  return topic;
}

/** The topics core declares, as builders for the publishing side. */
export const streamTopics = Object.freeze({
  /** Tenant-wide events (server created, deleted, status, ...); tenant-wide `server.read`. */
  tenantEvents: (tenantId: string) => topicOf('tenant', tenantId, 'events'),
  /** A server's status changes; `server.read` on that server. */
  serverStatus: (tenantId: string, serverId: string) =>
    topicOf('server', tenantId, serverId, 'status'),
  /** A server's console output; `server.console.read` on that server. */
  serverConsole: (tenantId: string, serverId: string) =>
    topicOf('server', tenantId, serverId, 'console'),
  /** A server's install progress; `server.read` on that server. */
  serverInstall: (tenantId: string, serverId: string) =>
    topicOf('server', tenantId, serverId, 'install'),
});

/** The families behind {@link streamTopics}; core offers them on the extension point. */
export const CORE_STREAM_TOPICS: readonly StreamTopicFamily[] = Object.freeze([
  // Its events are about servers (created, deleted, status, operator events): tenant-wide
  // `server.read` is what reading them takes.
  { pattern: 'tenant/:tenantId/events', permission: 'server.read' },
  { pattern: 'server/:tenantId/:serverId/status', permission: 'server.read' },
  { pattern: 'server/:tenantId/:serverId/console', permission: 'server.console.read' },
  { pattern: 'server/:tenantId/:serverId/install', permission: 'server.read' },
]);

/** Close codes the stream ends a socket with (besides the standard 1000, 1001 and 1009). */
export const StreamCloseCode = Object.freeze({
  /** The client answered no heartbeat ping twice in a row. */
  HEARTBEAT_TIMEOUT: 4000,
  /** The client read too slowly: its send queue went over the limit. */
  TOO_SLOW: 4008,
  /** The client sent messages faster than allowed. */
  RATE_LIMITED: 4029,
  /** The session the socket was opened with ended (logout, revocation): sign in again. */
  SESSION_ENDED: 4001,
  /** The user already holds as many stream sockets as allowed: close another tab first. */
  TOO_MANY_SOCKETS: 4009,
});

/** Messages a client sends. `id` is echoed in the answer to match it. */
export type StreamClientMessage =
  | {
      id: string | number;
      type: 'subscribe';
      topic: string;
      /** Replay the events after this `seq` that the server still holds. */
      since?: number;
      /** The `epoch` the `since` belongs to (from an earlier `subscribed`). */
      epoch?: string;
    }
  | { id: string | number; type: 'unsubscribe'; topic: string }
  | { id?: string | number; type: 'ping' };

/** A coded failure inside a stream message. */
export interface StreamError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** One event on a subscribed topic. */
export interface StreamEventMessage<T = unknown> {
  type: 'event';
  topic: string;
  payload: T;
  /** Unix epoch milliseconds when published. */
  at: number;
  /** Per topic, increasing by one within an `epoch`. */
  seq: number;
}

/** Messages the server sends. */
export type StreamServerMessage =
  | {
      id: string | number;
      type: 'subscribed';
      topic: string;
      /** Identifies the sequence `seq` counts in; another epoch means start afresh. */
      epoch: string;
      /** The last `seq` of the topic at the time of subscribing. */
      seq: number;
      /** How many held events follow this message. */
      replayed: number;
      /**
       * `since` could not be honoured (another epoch, or events were lost in between): the events
       * that follow are everything held, and the client should drop what it showed before.
       */
      reset: boolean;
    }
  | { id: string | number; type: 'unsubscribed'; topic: string }
  | {
      /** Absent when the server ends a subscription on its own (permission revoked). */
      id?: string | number;
      type: 'error';
      topic?: string;
      error: StreamError;
    }
  | StreamEventMessage
  | { id?: string | number; type: 'pong' };
