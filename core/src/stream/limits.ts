/** The bounds of the real-time stream. Defaults suit a browser tab; tests shrink them. */
export interface StreamLimits {
  /** Subscriptions one socket may hold at once. */
  maxSubscriptions: number;
  /**
   * Largest client message, in bytes; a larger one closes the socket (1009). The socket's frame
   * reader enforces it too, so a larger frame is refused from its header, before it is buffered.
   */
  maxMessageBytes: number;
  /** Stream sockets one user may hold open on one replica; the next is closed (4009). */
  maxSocketsPerUser: number;
  /** Client messages per second, sustained (token bucket refill). */
  messagesPerSecond: number;
  /** Client messages allowed in a burst (token bucket size). */
  messageBurst: number;
  /** Messages written to a socket but not yet taken by its peer before it counts as too slow. */
  maxQueuedMessages: number;
  /** Bytes waiting in a socket's buffers before it counts as too slow. */
  maxQueuedBytes: number;
  /** Events held per topic for `since` replays. */
  bufferEvents: number;
  /** Bytes held per topic for replays (the oldest go first). */
  bufferBytes: number;
  /** How often the server pings each socket. */
  heartbeatMs: number;
  /** Pings in a row left unanswered before the socket is closed. */
  missedPongs: number;
  /** How long a ticket from `POST /api/v1/stream/ticket` stays usable. */
  ticketTtlMs: number;
  /** How long a topic's bus subscription and buffer outlive its last subscriber (for resumes). */
  lingerMs: number;
  /** How long a closed socket may take to finish its close handshake before it is cut. */
  closeGraceMs: number;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = Object.freeze({
  maxSubscriptions: 100,
  maxMessageBytes: 4096,
  // A tab holds one; several tabs and windows stay well under it.
  maxSocketsPerUser: 20,
  messagesPerSecond: 20,
  messageBurst: 100,
  // Above the replay of a full buffer, so that catching up never counts as falling behind.
  maxQueuedMessages: 2000,
  maxQueuedBytes: 1024 * 1024,
  bufferEvents: 1000,
  bufferBytes: 512 * 1024,
  heartbeatMs: 20_000,
  missedPongs: 2,
  ticketTtlMs: 30_000,
  lingerMs: 30_000,
  closeGraceMs: 5_000,
});
