import type { ApiErrorBody, Me, Registry, SessionUser } from './types.ts';
import { ApiError, clientErrorCodes, toApiError } from './errors.ts';

/** The `fetch` signature the client needs; tests pass a stub. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Options for {@link createApiClient}. */
export interface ApiClientOptions {
  /** Prefix for every path; empty means same origin, which is how core serves the panel. */
  baseUrl?: string;
  /** Defaults to the global `fetch`, looked up at call time so tests can replace it. */
  fetch?: FetchLike;
}

/** Per-call options. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** Options of {@link ApiClient.request}. */
export interface RawRequestOptions extends RequestOptions {
  /** Query parameters; `undefined` and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Extra request headers, e.g. `idempotency-key`. */
  headers?: Record<string, string>;
}

/** What `POST /auth/refresh` answers. */
export interface SessionRefresh {
  user: SessionUser;
  accessTokenExpiresAt: string;
  sessionExpiresAt: string;
}

const requestIdHeader = 'x-request-id';
const unauthenticatedCode = 'PN_UNAUTHENTICATED';
const refreshPath = '/auth/refresh';

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

// Core validates its own responses; this only guards against answers from something else
// (a proxy's error page served as JSON, an older core).
function looksLikeRegistry(value: unknown): value is Registry {
  if (typeof value !== 'object' || value === null) return false;
  const { core, plugins } = value as Partial<Registry>;
  return typeof core === 'object' && core !== null && Array.isArray(plugins);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function withQuery(path: string, query: RawRequestOptions['query']): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/**
 * Creates the one typed client through which the panel talks to core. Every failure becomes an
 * {@link ApiError} with a code and, when core answered, the request id.
 *
 * The session lives in HttpOnly cookies the panel never reads. When core answers
 * `401 PN_UNAUTHENTICATED`, the access token has expired: the client refreshes it once (one
 * refresh in flight, shared by every caller that hit the same expiry) and repeats the request.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const refreshedListeners = new Set<(session: SessionRefresh) => void>();
  const lostListeners = new Set<(error: ApiError) => void>();
  let refreshing: Promise<SessionRefresh> | null = null;

  async function send<T>(method: string, path: string, init: RawRequestOptions): Promise<T> {
    const doFetch = options.fetch ?? ((input, reqInit) => globalThis.fetch(input, reqInit));
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${withQuery(path, init.query)}`, {
        method,
        headers,
        credentials: 'same-origin',
        signal: init.signal ?? null,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (cause) {
      const aborted = cause instanceof DOMException && cause.name === 'AbortError';
      throw new ApiError({
        code: aborted ? clientErrorCodes.aborted : clientErrorCodes.network,
        message: cause instanceof Error ? cause.message : String(cause),
        status: 0,
        cause,
      });
    }

    const requestId = response.headers.get(requestIdHeader) ?? undefined;
    const body = await readJson(response);

    if (!response.ok) {
      if (isApiErrorBody(body)) {
        throw new ApiError({
          code: body.error.code,
          message: body.error.message,
          status: response.status,
          requestId,
          details: body.error.details,
        });
      }
      throw new ApiError({
        code: clientErrorCodes.badResponse,
        message: `HTTP ${response.status}`,
        status: response.status,
        requestId,
      });
    }
    // 204 No Content (logout, delete) has nothing to read.
    if (response.status === 204) return undefined as T;
    if (body === undefined) {
      throw new ApiError({
        code: clientErrorCodes.badResponse,
        message: 'The response was not JSON.',
        status: response.status,
        requestId,
      });
    }
    return body as T;
  }

  /**
   * `POST /auth/refresh`, at most one at a time: concurrent callers share the refresh in flight,
   * as a second refresh would present a token the first one just rotated away.
   */
  function refreshSession(): Promise<SessionRefresh> {
    refreshing ??= send<SessionRefresh>('POST', refreshPath, {})
      .then((session) => {
        for (const listener of refreshedListeners) listener(session);
        return session;
      })
      .catch((cause: unknown) => {
        const error = toApiError(cause);
        if (error.status === 401) for (const listener of lostListeners) listener(error);
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function request<T>(
    method: string,
    path: string,
    init: RawRequestOptions = {},
  ): Promise<T> {
    try {
      return await send<T>(method, path, init);
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.code !== unauthenticatedCode) throw cause;
      try {
        await refreshSession();
      } catch {
        // The session is gone; the caller sees the original 401, listeners were told.
        throw cause;
      }
      return send<T>(method, path, init);
    }
  }

  return {
    /** Any core route, with the refresh-and-retry behaviour described above. */
    request,
    refreshSession,
    /** Called with each new session after a refresh (silent or after a 401). */
    onSessionRefreshed(listener: (session: SessionRefresh) => void): () => void {
      refreshedListeners.add(listener);
      return () => refreshedListeners.delete(listener);
    },
    /** Called when a refresh answered 401: the session has ended and the user must sign in. */
    onSessionLost(listener: (error: ApiError) => void): () => void {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },

    /** `GET /api/v1/registry`: core's identity and the plugins it loaded. */
    async getRegistry(init?: RequestOptions): Promise<Registry> {
      const body = await request<unknown>('GET', '/api/v1/registry', init);
      if (!looksLikeRegistry(body)) {
        throw new ApiError({
          code: clientErrorCodes.badResponse,
          message: 'The registry response is missing core or plugins.',
          status: 200,
        });
      }
      return body;
    },

    /** `GET /auth/me`: who is signed in. */
    getMe(init?: RequestOptions): Promise<Me> {
      return request<Me>('GET', '/auth/me', init);
    },

    /** `POST /auth/logout`: ends the session here and at Discord. */
    async logout(): Promise<void> {
      await send<undefined>('POST', '/auth/logout', {});
    },
  };
}

/** The client type, for injection and stubbing. */
export type ApiClient = ReturnType<typeof createApiClient>;

/** The client the panel uses: same origin as the page. */
export const api: ApiClient = createApiClient();
