import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, shallowRef } from 'vue';
import { mountInPanel } from '../__fixtures__/mount.ts';
import { answerAsMember } from '../__fixtures__/tenant.ts';
import { ApiError, clientErrorCodes } from '../api/errors.ts';
import { useTenantStore } from '../stores/tenant.ts';
import { useTenantPage, type TenantPage, type TenantPageOptions } from './useTenantPage.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

/** A page using the ladder; the test reads what the composable hands back. */
async function mountPage<T>(
  options: Omit<TenantPageOptions<T>, 'permission'> & { permission?: string },
  path = '/t/100/servers',
) {
  let page: TenantPage<T> | undefined;
  const host = defineComponent({
    setup() {
      page = useTenantPage<T>({ permission: 'server.read', ...options });
      return () => h('div');
    },
  });
  const mounted = await mountInPanel(host, { path });
  await flushPromises();
  return { ...mounted, page: page! };
}

const refusal = (details?: unknown) =>
  new ApiError({
    code: 'PN_FORBIDDEN',
    message: 'no',
    status: 403,
    requestId: 'req-7',
    details,
  });

describe('useTenantPage', () => {
  it('opens the tenant of the route and loads the page for it', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const load = vi.fn(async (tenantId: string) => `data of ${tenantId}`);
    const { page, pinia } = await mountPage({ load });

    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0]?.[0]).toBe('100');
    expect(page.tenantId.value).toBe('100');
    expect(page.data.value).toBe('data of 100');
    expect(page.forbidden.value).toBe(false);
    expect(page.tenantReady.value).toBe(true);
    expect(useTenantStore(pinia).currentId).toBe('100');
  });

  it('says forbidden before asking core when the caller lacks the permission', async () => {
    answerAsMember(() => undefined, { permissions: ['audit.read'] });
    const { page } = await mountPage({ load: async () => 'x' });

    expect(page.forbidden.value).toBe(true);
    expect(page.missingPermission.value).toBe('server.read');
    expect(page.forbiddenRequestId.value).toBeUndefined();
  });

  it('leaves the decision to a check of its own', async () => {
    answerAsMember(() => undefined, { permissions: [] });
    const { page } = await mountPage({ allowed: () => true, load: async () => 'x' });
    expect(page.forbidden.value).toBe(false);
  });

  it("keeps core's refusal apart from errors, naming the permission core says is missing", async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const { page } = await mountPage({
      load: async () => {
        throw refusal({ permission: 'server.metrics.read' });
      },
    });

    expect(page.forbidden.value).toBe(true);
    expect(page.error.value).toBeNull();
    expect(page.missingPermission.value).toBe('server.metrics.read');
    expect(page.forbiddenRequestId.value).toBe('req-7');
  });

  it("names the page's permission when core's refusal does not say", async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const { page } = await mountPage({
      load: async () => {
        throw refusal();
      },
    });
    expect(page.missingPermission.value).toBe('server.read');
  });

  it('shows a refusal seen by a loader of the page its own', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const denied = shallowRef<ApiError | null>(null);
    const { page } = await mountPage({ denied });
    expect(page.forbidden.value).toBe(false);

    denied.value = refusal({ permission: 'audit.read' });
    expect(page.forbidden.value).toBe(true);
    expect(page.missingPermission.value).toBe('audit.read');
  });

  it('reports an error and loads again on retry, opening the tenant again if that failed', async () => {
    let tenantFails = true;
    const fetch = answerAsMember(
      (url) =>
        tenantFails && url.pathname === '/api/v1/tenants/100'
          ? new Response(JSON.stringify({ error: { code: 'PN_BOOM', message: 'boom' } }), {
              status: 500,
              headers: { 'content-type': 'application/json' },
            })
          : undefined,
      { permissions: ['server.read'] },
    );
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new ApiError({ code: 'PN_BOOM', message: 'boom', status: 500 });
      return 'fine';
    });
    const { page, pinia } = await mountPage({ load });
    expect(page.error.value?.code).toBe('PN_BOOM');
    expect(page.forbidden.value).toBe(false);
    expect(useTenantStore(pinia).status).toBe('error');

    fail = false;
    tenantFails = false;
    page.retry();
    await flushPromises();
    expect(page.error.value).toBeNull();
    expect(page.data.value).toBe('fine');
    expect(useTenantStore(pinia).status).toBe('ready');
    const tenantCalls = fetch.mock.calls.filter(
      ([input]) => new URL(input, 'http://panel.test').pathname === '/api/v1/tenants/100',
    );
    expect(tenantCalls).toHaveLength(2);
  });

  it('follows the route: another tenant opens it and reloads, other state reloads only', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const enter = vi.fn();
    const load = vi.fn(async (tenantId: string) => tenantId);
    const search = shallowRef('');
    const { page, router, pinia } = await mountPage({ load, enter, reloadOn: [search] });
    const open = vi.spyOn(useTenantStore(pinia), 'open');
    expect(enter).toHaveBeenLastCalledWith('100', true);

    search.value = 'x';
    await flushPromises();
    expect(enter).toHaveBeenLastCalledWith('100', false);
    expect(load).toHaveBeenCalledTimes(2);
    expect(open).not.toHaveBeenCalled();

    await router.replace('/t/200/servers');
    await flushPromises();
    expect(enter).toHaveBeenLastCalledWith('200', true);
    expect(open).toHaveBeenCalledWith('200');
    expect(load).toHaveBeenLastCalledWith('200', expect.any(AbortSignal));
    expect(page.tenantId.value).toBe('200');
  });

  it('lets the latest load win: an older answer is dropped and its request aborted', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const pending: Array<{ signal: AbortSignal; resolve: (value: string) => void }> = [];
    const loaded = vi.fn();
    const { page } = await mountPage<string>({
      load: (_id, signal) => new Promise((resolve) => pending.push({ signal, resolve })),
      loaded,
    });
    void page.load();
    expect(pending).toHaveLength(2);
    expect(pending[0]?.signal.aborted).toBe(true);

    pending[1]?.resolve('new');
    pending[0]?.resolve('old');
    await flushPromises();
    expect(page.data.value).toBe('new');
    expect(loaded).toHaveBeenCalledTimes(1);
    expect(loaded).toHaveBeenCalledWith('new', '100');
  });

  it('ignores an aborted request instead of reporting it', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const { page } = await mountPage({
      load: async () => {
        throw new ApiError({ code: clientErrorCodes.aborted, message: 'aborted', status: 0 });
      },
    });
    expect(page.error.value).toBeNull();
    expect(page.forbidden.value).toBe(false);
  });

  it('keeps what is shown during a quiet load, and clears it otherwise', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    let answer = 'first';
    let release: () => void = () => undefined;
    const { page } = await mountPage({
      load: () =>
        new Promise<string>((resolve) => {
          release = () => resolve(answer);
          if (answer === 'first') release();
        }),
    });
    expect(page.data.value).toBe('first');

    answer = 'second';
    void page.load({ quiet: true });
    expect(page.data.value).toBe('first');
    release();
    await flushPromises();
    expect(page.data.value).toBe('second');

    answer = 'third';
    void page.load();
    expect(page.data.value).toBeNull();
    release();
    await flushPromises();
    expect(page.data.value).toBe('third');
  });

  it('waits for what the route must name besides the tenant', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    const load = vi.fn(async () => 'x');
    await mountPage({ load, when: () => false });
    expect(load).not.toHaveBeenCalled();
  });

  it('aborts a load on its way when the page goes away', async () => {
    answerAsMember(() => undefined, { permissions: ['server.read'] });
    let signal: AbortSignal | undefined;
    const { wrapper } = await mountPage({
      load: (_id, given) => {
        signal = given;
        return new Promise<string>(() => undefined);
      },
    });
    expect(signal?.aborted).toBe(false);
    wrapper.unmount();
    expect(signal?.aborted).toBe(true);
  });
});
