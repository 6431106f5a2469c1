import type { ApiErrorBody, Registry } from './types.ts';
import { ApiError, clientErrorCodes } from './errors.ts';

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

const requestIdHeader = 'x-request-id';

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

/**
 * Creates the one typed client through which the panel talks to core. Every failure becomes an
 * {@link ApiError} with a code and, when core answered, the request id.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';

  async function request<T>(method: string, path: string, init: RequestOptions = {}): Promise<T> {
    const doFetch = options.fetch ?? ((input, reqInit) => globalThis.fetch(input, reqInit));
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: init.signal ?? null,
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

  return {
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
  };
}

/** The client type, for injection and stubbing. */
export type ApiClient = ReturnType<typeof createApiClient>;

/** The client the panel uses: same origin as the page. */
export const api: ApiClient = createApiClient();
