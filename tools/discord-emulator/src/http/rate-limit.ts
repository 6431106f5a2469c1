import { createHash } from 'node:crypto';
import type { RateLimitConfig, RateLimitWindow, RouteRateLimit } from '../seed/schema.ts';

/** Complete rate-limit settings after defaults are applied. */
export interface RateLimitSettings {
  global: RateLimitWindow;
  defaultRoute: RateLimitWindow;
  routes: RouteRateLimit[];
}

/**
 * Discord-like defaults. Discord does not publish its per-route numbers and changes them; these
 * follow what clients commonly observe, tight where Discord is known to be tight.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  global: { limit: 50, windowMs: 1000 },
  defaultRoute: { limit: 10, windowMs: 1000 },
  routes: [
    { method: 'POST', route: '/channels/:channel_id/messages', limit: 5, windowMs: 5000 },
    { method: 'GET', route: '/guilds/:guild_id/members', limit: 10, windowMs: 10000 },
    { method: 'GET', route: '/users/@me/guilds/:guild_id/member', limit: 5, windowMs: 5000 },
    { method: 'PUT', route: '/applications/:application_id/commands', limit: 2, windowMs: 1000 },
    {
      method: 'PUT',
      route: '/applications/:application_id/guilds/:guild_id/commands',
      limit: 2,
      windowMs: 1000,
    },
  ],
};

/** Applies a partial config over settings; route rules replace those with the same method and route. */
export function mergeRateLimits(
  base: RateLimitSettings,
  patch: RateLimitConfig | undefined,
): RateLimitSettings {
  if (!patch) return base;
  const routes = [...base.routes];
  for (const rule of patch.routes ?? []) {
    const at = routes.findIndex((r) => r.route === rule.route && r.method === rule.method);
    if (at >= 0) routes[at] = rule;
    else routes.push(rule);
  }
  return {
    global: patch.global ?? base.global,
    defaultRoute: patch.defaultRoute ?? base.defaultRoute,
    routes,
  };
}

/** What one request is checked against. */
export interface RateLimitRequest {
  /** Who is asking: a digest of the Authorization header, or the client address. */
  identity: string;
  method: string;
  /** Route template below `/api/v10`, e.g. `/guilds/:guild_id/members`. */
  route: string;
  params: Record<string, string | undefined>;
  /** Interaction callbacks and interaction webhooks are outside the global limit. */
  exemptFromGlobal: boolean;
}

export type RateLimitDecision =
  | { allowed: true; headers: Record<string, string> }
  | {
      allowed: false;
      headers: Record<string, string>;
      body: { message: string; retry_after: number; global: boolean };
    };

interface Window {
  remaining: number;
  resetAt: number;
}

/** Discord counts per top-level resource: guild, channel, or webhook id plus token. */
function majorParameter(route: string, params: RateLimitRequest['params']): string {
  if (route.startsWith('/guilds/:guild_id')) return `g${params.guild_id}`;
  if (route.startsWith('/channels/:channel_id')) return `c${params.channel_id}`;
  if (route.startsWith('/webhooks/')) return `w${params.application_id}:${params.webhook_token}`;
  if (route.startsWith('/interactions/'))
    return `i${params.interaction_id}:${params.interaction_token}`;
  return '';
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** Fixed-window counters per identity, bucket and major parameter, plus a global one per identity. */
export class RateLimiter {
  settings: RateLimitSettings;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(settings: RateLimitSettings, now: () => number) {
    this.settings = settings;
    this.now = now;
  }

  reset(): void {
    this.windows.clear();
  }

  private take(key: string, rule: RateLimitWindow): { window: Window; allowed: boolean } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { remaining: rule.limit, resetAt: now + rule.windowMs };
      this.windows.set(key, window);
    }
    if (window.remaining <= 0) return { window, allowed: false };
    window.remaining--;
    return { window, allowed: true };
  }

  private ruleFor(
    method: string,
    route: string,
  ): { rule: RateLimitWindow; scope: 'user' | 'shared'; bucket: string } {
    const match = this.settings.routes.find(
      (r) => r.route === route && (r.method ?? method) === method,
    );
    const name = match?.bucket ?? `${method} ${route}`;
    return {
      rule: match ?? this.settings.defaultRoute,
      scope: match?.scope ?? 'user',
      bucket: createHash('sha256').update(name).digest('hex').slice(0, 32),
    };
  }

  check(request: RateLimitRequest): RateLimitDecision {
    const now = this.now();
    if (!request.exemptFromGlobal) {
      const global = this.take(`global:${request.identity}`, this.settings.global);
      if (!global.allowed) {
        const wait = global.window.resetAt - now;
        return {
          allowed: false,
          headers: {
            'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
            'x-ratelimit-global': 'true',
            'x-ratelimit-scope': 'global',
          },
          body: {
            message: 'You are being rate limited.',
            retry_after: Number(seconds(wait)),
            global: true,
          },
        };
      }
    }
    const { rule, scope, bucket } = this.ruleFor(request.method, request.route);
    const owner = scope === 'shared' ? '*' : request.identity;
    const key = `route:${owner}:${bucket}:${majorParameter(request.route, request.params)}`;
    const { window, allowed } = this.take(key, rule);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(rule.limit),
      'x-ratelimit-remaining': String(window.remaining),
      'x-ratelimit-reset': seconds(window.resetAt),
      'x-ratelimit-reset-after': seconds(window.resetAt - now),
      'x-ratelimit-bucket': bucket,
    };
    if (allowed) return { allowed: true, headers };
    const wait = window.resetAt - now;
    headers['retry-after'] = String(Math.max(1, Math.ceil(wait / 1000)));
    headers['x-ratelimit-scope'] = scope;
    return {
      allowed: false,
      headers,
      body: {
        message: 'You are being rate limited.',
        retry_after: Number(seconds(wait)),
        global: false,
      },
    };
  }
}
