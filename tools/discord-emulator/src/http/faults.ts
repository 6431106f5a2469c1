import { createError, EmulatorErrorCodes } from '../errors.ts';

/** Which requests a fault applies to; both parts optional. */
export interface FaultMatch {
  /** HTTP method, e.g. `GET`. */
  method?: string;
  /**
   * Path to match, e.g. `/api/v10/users/@me`. `:name` matches one segment and a trailing `*`
   * matches any rest, so `/api/v10/guilds/:guild_id/*` covers every guild sub-route.
   */
  path?: string;
}

/** A fault to inject into the next `count` matching requests (default 1). */
export type FaultSpec = FaultMatch & { count?: number } & (
    | { kind: 'status'; status: 500 | 502 | 503 }
    | { kind: 'delay'; ms: number }
    | { kind: 'drop' }
    /**
     * A 429 as Discord sends it, whatever the bucket's count: `retry_after` in the body and
     * `Retry-After`, scope `global` (with `X-RateLimit-Global`) or `user`.
     */
    | { kind: 'rateLimit'; retryAfterMs: number; global?: boolean }
  );

/** A fault with what remains of its count. */
export type ActiveFault = FaultSpec & { remaining: number };

function pathMatcher(pattern: string): RegExp {
  const wildcard = pattern.endsWith('*');
  const body = (wildcard ? pattern.slice(0, -1) : pattern)
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${body}${wildcard ? '.*' : ''}$`);
}

/** Checks a fault spec and fails with a coded error on nonsense. */
export function validateFault(spec: FaultSpec): void {
  const bad = (message: string) =>
    createError(EmulatorErrorCodes.invalidArgument, `Invalid fault: ${message}`, 400);
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1))
    throw bad('count must be >= 1');
  switch (spec.kind) {
    case 'status':
      if (![500, 502, 503].includes(spec.status)) throw bad('status must be 500, 502 or 503');
      return;
    case 'delay':
      if (!Number.isInteger(spec.ms) || spec.ms < 0 || spec.ms > 120_000)
        throw bad('ms must be 0..120000');
      return;
    case 'drop':
      return;
    case 'rateLimit':
      if (
        !Number.isInteger(spec.retryAfterMs) ||
        spec.retryAfterMs < 1 ||
        spec.retryAfterMs > 60_000
      )
        throw bad('retryAfterMs must be 1..60000');
      return;
    default:
      throw bad(`unknown kind ${String((spec as { kind: unknown }).kind)}`);
  }
}

/** Faults queued through the control API, consumed by matching requests in order. */
export class FaultInjector {
  private faults: { fault: ActiveFault; path: RegExp | undefined }[] = [];

  set(specs: FaultSpec[]): void {
    specs.forEach(validateFault);
    this.faults = specs.map((spec) => ({
      fault: { ...spec, remaining: spec.count ?? 1 },
      path: spec.path === undefined ? undefined : pathMatcher(spec.path),
    }));
  }

  add(spec: FaultSpec): void {
    validateFault(spec);
    this.faults.push({
      fault: { ...spec, remaining: spec.count ?? 1 },
      path: spec.path === undefined ? undefined : pathMatcher(spec.path),
    });
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f.fault }));
  }

  /** Takes one use of the first fault matching the request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const at = this.faults.findIndex(
      ({ fault, path: matcher }) =>
        (fault.method === undefined || fault.method.toUpperCase() === method) &&
        (matcher === undefined || matcher.test(path)),
    );
    if (at < 0) return undefined;
    const entry = this.faults[at]!;
    entry.fault.remaining--;
    if (entry.fault.remaining <= 0) this.faults.splice(at, 1);
    return entry.fault;
  }
}
