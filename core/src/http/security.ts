import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { RateLimiter } from '@pteronimbus/sdk';
import { RateLimited } from '../errors/codes.ts';

/**
 * The Content-Security-Policy of every page: no inline or eval'd scripts anywhere. `connect-src`
 * is completed by {@link connectSources}: the panel's own WebSocket origin, never any ws host.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'https://cdn.discordapp.com'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Where the panel's pages may connect: their own origin, and the WebSocket origin of the same
 * host (`ws://` for an http panel, `wss://` for an https one), derived from `PUBLIC_URL`. Not every
 * browser counts a same-host ws URL as `'self'`, and a bare `ws:`/`wss:` scheme would let an
 * injected script talk to any host.
 */
export function connectSources(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return ["'self'", ws];
}

/**
 * The security headers helmet computes for our options, computed once: they are the same for every
 * answer, and building them per request cost a noticeable share of each request's time.
 */
export function securityHeaderSet(publicUrl: string): Record<string, string> {
  const https = publicUrl.startsWith('https://');
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CONTENT_SECURITY_POLICY,
        connectSrc: connectSources(publicUrl),
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  middleware({} as never, res as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return headers;
}

/**
 * The headers of API answers (JSON, never rendered as a page), as OWASP's REST guidance has
 * them: nothing may load or frame it, no sniffing, no referrer. Shorter than the page set, which
 * matters on answers this small and this frequent.
 */
export function apiSecurityHeaderSet(https: boolean): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Strict security headers on every answer, and its request id: the page set for the panel and
 * everything else, the API set under `/api/`; HSTS only when the panel is served over https.
 */
export function securityHeaders(app: FastifyInstance, publicUrl: string): void {
  const https = publicUrl.startsWith('https://');
  const page = securityHeaderSet(publicUrl);
  const api = apiSecurityHeaderSet(https);
  // A plain callback hook: an async one costs a promise on every request for no waiting.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/') ? api : page);
    reply.header('x-request-id', request.id);
    done();
  });
}

/** Adapts the shared rate limiter so HTTP limits hold across every core replica. */
function storeFor(limiter: RateLimiter) {
  return class SharedRateLimitStore implements FastifyRateLimitStore {
    readonly #prefix: string;
    constructor(_options?: unknown, prefix = 'http:') {
      this.#prefix = prefix;
    }
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ) {
      limiter.consume(this.#prefix + key, max, timeWindow).then(
        (r) => callback(null, { current: r.allowed ? max - r.remaining : max + 1, ttl: r.resetMs }),
        (err: Error) => callback(err),
      );
    }
    child(routeOptions: { path: string; method?: string | string[] }) {
      return new SharedRateLimitStore(
        undefined,
        `http:${String(routeOptions.method)}:${routeOptions.path}:`,
      );
    }
  };
}

/** Per-IP request limits for the whole API (routes may set tighter ones). */
export async function rateLimits(
  app: FastifyInstance,
  limiter: RateLimiter,
  perMinute: number,
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    store: storeFor(limiter) as never,
    skipOnError: true,
    // Requests without a socket address (injected WebSocket upgrades) share one bucket.
    keyGenerator: (request) => request.ip ?? 'unknown',
    allowList: (request) =>
      ['/healthz', '/readyz', '/metrics'].includes(request.url.split('?')[0]!),
    errorResponseBuilder: (_request, context) =>
      RateLimited({ retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
}
