import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyRegistry, jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import { useRegistryStore } from './registry.ts';

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('registry store', () => {
  it('starts idle and becomes ready with the registry', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(registryWithPlugins)),
    );
    const store = useRegistryStore();
    expect(store.status).toBe('idle');
    const loading = store.load();
    expect(store.status).toBe('loading');
    await loading;
    expect(store.status).toBe('ready');
    expect(store.plugins.map((plugin) => plugin.name)).toEqual([
      'auth-discord',
      'backups',
      'game-minecraft',
    ]);
    expect(store.loadedAt).toBeInstanceOf(Date);
  });

  it('keeps the coded error and request id when loading fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Boom.' } }, 500, 'req-9'),
      ),
    );
    const store = useRegistryStore();
    await store.load();
    expect(store.status).toBe('error');
    expect(store.error).toMatchObject({ code: 'PN_INTERNAL', requestId: 'req-9' });
  });

  it('lets the latest of two overlapping loads win', async () => {
    const answers = [
      () =>
        new Promise<Response>((resolve) =>
          setTimeout(() => resolve(jsonResponse(registryWithPlugins)), 20),
        ),
      async () => jsonResponse(emptyRegistry),
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init?: RequestInit) => {
        const answer = answers.shift();
        if (answer === undefined) throw new Error('unexpected call');
        // The first request honours its abort signal like a real fetch.
        return new Promise<Response>((resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('Aborted', 'AbortError')),
          );
          void answer().then(resolve);
        });
      }),
    );
    const store = useRegistryStore();
    const first = store.load();
    const second = store.load();
    await Promise.all([first, second]);
    expect(store.status).toBe('ready');
    expect(store.plugins).toEqual([]);
  });

  it('loads only once through ensureLoaded', async () => {
    const fetch = vi.fn(async () => jsonResponse(emptyRegistry));
    vi.stubGlobal('fetch', fetch);
    const store = useRegistryStore();
    await store.ensureLoaded();
    await store.ensureLoaded();
    expect(fetch).toHaveBeenCalledOnce();
  });
});
