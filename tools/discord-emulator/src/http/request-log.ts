/** One request as the emulator saw it, with every credential redacted. */
export interface RequestLogEntry {
  seq: number;
  /** ISO time on the emulator's clock. */
  at: string;
  method: string;
  /** Path and query, with interaction and webhook tokens replaced by `[redacted]`. */
  path: string;
  /** Route template below `/api/v10` (or the OAuth2 page path); `null` when no route matched. */
  route: string | null;
  status: number;
  /** `bot`, `bearer`, or `none`: the kind of Authorization header sent, never its value. */
  auth: 'bot' | 'bearer' | 'none';
  /** The user a valid Bearer token belongs to, or the bot's user id. */
  userId: string | null;
  /** `drop`, `delay` or `status` when a fault was injected. */
  fault: string | null;
  rateLimited: boolean;
}

/** Filter of {@link RequestLog.list}. */
export interface RequestLogFilter {
  method?: string;
  /** Substring the logged path must contain. */
  path?: string;
  /** Only entries with a sequence number greater than this. */
  since?: number;
}

const SENSITIVE_QUERY = new Set([
  'code',
  'token',
  'client_secret',
  'refresh_token',
  'code_verifier',
]);

/** Replaces tokens that travel in paths or queries. */
export function redactPath(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const redacted = path
    .replace(/^(\/api\/v10\/interactions\/[^/]+\/)[^/]+/, '$1[redacted]')
    .replace(/^(\/api\/v10\/webhooks\/[^/]+\/)[^/]+/, '$1[redacted]');
  if (query === undefined) return redacted;
  const params = new URLSearchParams(query);
  for (const key of [...params.keys()]) if (SENSITIVE_QUERY.has(key)) params.set(key, '[redacted]');
  return `${redacted}?${params.toString()}`;
}

/** A bounded in-memory log; the oldest entries go first. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;
  private readonly capacity: number;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || e.path.includes(filter.path)) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
