import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthCsrfRejected } from './errors.ts';

/** The access token cookie: sent with every request to the panel. */
export const ACCESS_COOKIE = 'pn_access';
/** The refresh token cookie: over http only sent to `/auth`, where refresh and logout live. */
export const REFRESH_COOKIE = 'pn_refresh';
export const REFRESH_PATH = '/auth';
/**
 * The prefix of both cookies on an https panel. Browsers accept a `__Host-` cookie only when it
 * is Secure, has Path=/ and no Domain, and only from the host itself: a sibling subdomain cannot
 * plant or overwrite one (cookie tossing, login fixation). Path=/ is what it costs the refresh
 * cookie: it then travels with every request to the panel (still httpOnly, Secure, SameSite).
 */
export const HOST_PREFIX = '__Host-';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie names and attributes for one panel. */
export class SessionCookies {
  readonly #secure: boolean;
  /** The access cookie's name (`__Host-pn_access` over https). */
  readonly access: string;
  /** The refresh cookie's name (`__Host-pn_refresh` over https). */
  readonly refresh: string;
  readonly #refreshPath: string;

  constructor(publicUrl: string) {
    this.#secure = publicUrl.startsWith('https://');
    const prefix = this.#secure ? HOST_PREFIX : '';
    this.access = prefix + ACCESS_COOKIE;
    this.refresh = prefix + REFRESH_COOKIE;
    this.#refreshPath = this.#secure ? '/' : REFRESH_PATH;
  }

  get secure(): boolean {
    return this.#secure;
  }

  set(
    reply: FastifyReply,
    session: {
      accessToken: string;
      accessExpiresAt: number;
      refreshToken: string;
      sessionExpiresAt: number;
    },
  ): void {
    const base = { httpOnly: true, secure: this.#secure, sameSite: 'lax' as const };
    reply.setCookie(this.access, session.accessToken, {
      ...base,
      path: '/',
      maxAge: Math.max(1, Math.floor((session.accessExpiresAt - Date.now()) / 1000)),
    });
    reply.setCookie(this.refresh, session.refreshToken, {
      ...base,
      path: this.#refreshPath,
      maxAge: Math.max(1, Math.floor((session.sessionExpiresAt - Date.now()) / 1000)),
    });
  }

  clear(reply: FastifyReply): void {
    const base = { httpOnly: true, secure: this.#secure, sameSite: 'lax' as const };
    reply.clearCookie(this.access, { ...base, path: '/' });
    reply.clearCookie(this.refresh, { ...base, path: this.#refreshPath });
  }
}

/** Reads one cookie from the raw header (core's access hook runs outside this plugin's scope). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const parsed = (request as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed) return parsed[name];
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * CSRF defence for cookie-authenticated, state-changing requests: the browser must say the
 * request comes from the panel's own origin. `Sec-Fetch-Site` (sent by every current browser)
 * must be `same-origin`; without it, `Origin` must equal the panel's origin; a request with
 * neither is refused. Bearer-token callers are not affected: a browser never adds that header
 * on its own.
 */
export function assertSameOrigin(request: FastifyRequest, publicOrigin: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin') return;
    throw AuthCsrfRejected({ reason: `sec-fetch-site: ${site}` });
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin === publicOrigin) return;
  throw AuthCsrfRejected({ reason: origin ? 'foreign origin' : 'no origin' });
}

/** Only a path on this panel: no scheme, no host, no `//` or `/\` tricks. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return '/';
  return value;
}
