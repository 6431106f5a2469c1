import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import { createApiClient } from './client.ts';
import { ApiError, clientErrorCodes, toApiError } from './errors.ts';

function clientAnswering(answer: () => Promise<Response>) {
  const fetch = vi.fn(answer);
  return { client: createApiClient({ fetch }), fetch };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api client', () => {
  it('reads the registry from /api/v1/registry as JSON', async () => {
    const { client, fetch } = clientAnswering(async () => jsonResponse(registryWithPlugins));
    await expect(client.getRegistry()).resolves.toEqual(registryWithPlugins);
    expect(fetch).toHaveBeenCalledWith(
      '/api/v1/registry',
      expect.objectContaining({ method: 'GET', headers: { accept: 'application/json' } }),
    );
  });

  it('prefixes the base URL', async () => {
    const fetch = vi.fn(async (_input: string, _init?: RequestInit) =>
      jsonResponse(registryWithPlugins),
    );
    await createApiClient({ baseUrl: 'http://core:3000', fetch }).getRegistry();
    expect(fetch.mock.calls[0]?.[0]).toBe('http://core:3000/api/v1/registry');
  });

  it('surfaces a coded core error with its request id and details', async () => {
    const { client } = clientAnswering(async () =>
      jsonResponse(
        {
          error: {
            code: 'PN_REGISTRY_UNAVAILABLE',
            message: 'Plugins are loading.',
            details: { retryIn: 2 },
          },
        },
        503,
        'req-42',
      ),
    );
    const error = await failure(client.getRegistry());
    expect(error).toMatchObject({
      code: 'PN_REGISTRY_UNAVAILABLE',
      message: 'Plugins are loading.',
      status: 503,
      requestId: 'req-42',
      details: { retryIn: 2 },
    });
  });

  it('codes an error response that is not core JSON as a bad response', async () => {
    const { client } = clientAnswering(
      async () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          headers: { 'x-request-id': 'r1' },
        }),
    );
    const error = await failure(client.getRegistry());
    expect(error).toMatchObject({
      code: clientErrorCodes.badResponse,
      status: 502,
      requestId: 'r1',
    });
  });

  it('codes a success that is not JSON as a bad response', async () => {
    const { client } = clientAnswering(async () => new Response('', { status: 200 }));
    expect((await failure(client.getRegistry())).code).toBe(clientErrorCodes.badResponse);
  });

  it('refuses a registry without core or plugins', async () => {
    const { client } = clientAnswering(async () => jsonResponse({ core: {} }));
    expect((await failure(client.getRegistry())).code).toBe(clientErrorCodes.badResponse);
  });

  it('codes a request that never reached core as a network error', async () => {
    const { client } = clientAnswering(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await failure(client.getRegistry());
    expect(error).toMatchObject({
      code: clientErrorCodes.network,
      status: 0,
      requestId: undefined,
    });
  });

  it('codes a cancelled request as aborted', async () => {
    const { client } = clientAnswering(async () => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    expect((await failure(client.getRegistry())).code).toBe(clientErrorCodes.aborted);
  });

  it('uses the global fetch when none is given', async () => {
    const fetch = vi.fn(async () => jsonResponse(registryWithPlugins));
    vi.stubGlobal('fetch', fetch);
    await createApiClient().getRegistry();
    expect(fetch).toHaveBeenCalledOnce();
  });
});

describe('toApiError', () => {
  it('keeps an ApiError and wraps anything else', () => {
    const original = new ApiError({ code: 'PN_X', message: 'x', status: 400 });
    expect(toApiError(original)).toBe(original);
    expect(toApiError(new Error('boom'))).toMatchObject({
      code: clientErrorCodes.badResponse,
      message: 'boom',
    });
    expect(toApiError('text')).toMatchObject({ message: 'text' });
  });
});
