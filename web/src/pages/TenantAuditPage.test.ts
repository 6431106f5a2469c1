import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubIntersectionObserver } from '../__fixtures__/intersection.ts';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { answerAsMember, type FetchHandler } from '../__fixtures__/tenant.ts';
import TenantAuditPage from './TenantAuditPage.vue';

function entry(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    tenantId: '100',
    actor: { type: 'user', id: '1', name: 'alice' },
    action: 'rbac.mapping.update',
    target: { type: 'role', id: '200', name: 'Moderators' },
    changes: null,
    source: 'web',
    requestId: 'req-1',
    override: false,
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    ...overrides,
  };
}

const answer = (handler: FetchHandler, permissions = ['audit.read']) =>
  answerAsMember(handler, { permissions });

const auditCalls = (fetch: ReturnType<typeof answer>) =>
  fetch.mock.calls
    .map(([input]) => new URL(input, 'http://panel.test'))
    .filter((url) => url.pathname === '/api/v1/tenants/100/audit');

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('tenant audit page', () => {
  it('shows a skeleton while the log loads', async () => {
    answer((url) =>
      url.pathname.endsWith('/audit') ? new Promise<Response>(() => undefined) : undefined,
    );
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    expect(wrapper.get('[data-testid="state-loading"]').attributes('role')).toBe('status');
  });

  it('shows who did what to which target, when, from where, and overrides', async () => {
    answer((url) =>
      url.pathname.endsWith('/audit')
        ? jsonResponse({
            items: [
              entry('1'),
              entry('2', {
                actor: { type: 'system', id: null, name: null },
                action: 'access.override',
                source: 'api',
                override: true,
              }),
            ],
            nextCursor: null,
          })
        : undefined,
    );
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    const [first, second] = wrapper.findAll('[data-testid="entry"]');
    expect(first?.get('[data-testid="entry-actor"]').text()).toBe('alice');
    expect(first?.get('[data-testid="entry-action"]').text()).toBe('rbac.mapping.update');
    expect(first?.get('[data-testid="entry-target"]').text()).toBe('role Moderators');
    expect(first?.get('time').text()).toBe('5 minutes ago');
    expect(first?.get('[data-testid="entry-source"]').text()).toBe('web panel');
    expect(first?.find('[data-testid="entry-override"]').exists()).toBe(false);
    expect(second?.get('[data-testid="entry-actor"]').text()).toBe('Pteronimbus');
    expect(second?.get('[data-testid="entry-override"]').text()).toBe('Super admin override');
    expect(wrapper.find('[data-testid="load-more"]').exists()).toBe(false);
  });

  it('reads filters from the query string and writes applied ones back to it', async () => {
    const fetch = answer((url) =>
      url.pathname.endsWith('/audit') ? jsonResponse({ items: [], nextCursor: null }) : undefined,
    );
    const { wrapper, router } = await mountPageInPanel(TenantAuditPage, {
      path: '/t/100/audit?action=rbac.*',
    });
    await flushPromises();
    expect(auditCalls(fetch)[0]?.searchParams.get('action')).toBe('rbac.*');
    expect(wrapper.get('[data-testid="state-empty"]').text()).toContain('No entry matches');

    await wrapper.get('[data-testid="filter-actor"]').setValue('42');
    await wrapper.get('[data-testid="filter-from"]').setValue('2026-03-01T10:00');
    await wrapper.get('[data-testid="filters"]').trigger('submit');
    await flushPromises();
    const expectedFrom = new Date('2026-03-01T10:00').toISOString();
    expect(router.currentRoute.value.query).toEqual({
      actor: '42',
      action: 'rbac.*',
      from: expectedFrom,
    });
    const last = auditCalls(fetch).at(-1);
    expect(last?.searchParams.get('actor')).toBe('42');
    expect(last?.searchParams.get('from')).toBe(expectedFrom);
    expect(last?.searchParams.has('cursor')).toBe(false);

    await wrapper.get('[data-testid="reset"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({});
    expect(auditCalls(fetch).at(-1)?.search).toBe('?limit=50');
  });

  it('loads more with the cursor and appends', async () => {
    const fetch = answer((url) => {
      if (!url.pathname.endsWith('/audit')) return undefined;
      return url.searchParams.get('cursor') === 'c2'
        ? jsonResponse({ items: [entry('3')], nextCursor: null })
        : jsonResponse({ items: [entry('1'), entry('2')], nextCursor: 'c2' });
    });
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    await wrapper.get('[data-testid="load-more"]').trigger('click');
    await flushPromises();
    expect(auditCalls(fetch).at(-1)?.searchParams.get('cursor')).toBe('c2');
    expect(wrapper.findAll('[data-testid="entry"]')).toHaveLength(3);
    expect(wrapper.find('[data-testid="load-more"]').exists()).toBe(false);
  });

  it('loads the next pages on its own while the end of the list is in view, and stops at a failure', async () => {
    const viewport = stubIntersectionObserver();
    let failThird = true;
    const fetch = answer((url) => {
      if (!url.pathname.endsWith('/audit')) return undefined;
      const cursor = url.searchParams.get('cursor');
      if (cursor === null)
        return jsonResponse({ items: [entry('1'), entry('2')], nextCursor: 'c2' });
      if (cursor === 'c2') return jsonResponse({ items: [entry('3')], nextCursor: 'c3' });
      if (failThird) {
        failThird = false;
        return jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Broken' } }, 500);
      }
      return jsonResponse({ items: [entry('4')], nextCursor: null });
    });
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    expect(viewport.watched()).toBe(1);
    expect(auditCalls(fetch)).toHaveLength(1);

    // Scrolled to the end: page two arrives, the end is still in view, page three is asked for
    // and fails; nothing more is asked until the reader retries.
    viewport.scrollIntoView(true);
    await flushPromises();
    expect(auditCalls(fetch).map((url) => url.searchParams.get('cursor'))).toEqual([
      null,
      'c2',
      'c3',
    ]);
    expect(wrapper.findAll('[data-testid="entry"]')).toHaveLength(3);
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_INTERNAL');
    await flushPromises();
    expect(auditCalls(fetch)).toHaveLength(3);

    await wrapper.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="entry"]')).toHaveLength(4);
    expect(wrapper.find('[data-testid="state-error"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="load-more"]').exists()).toBe(false);
    expect(viewport.watched()).toBe(0);
  });

  it('waits for the reader while the end of the list is out of view', async () => {
    const viewport = stubIntersectionObserver();
    const fetch = answer((url) =>
      url.pathname.endsWith('/audit')
        ? jsonResponse({ items: [entry('1')], nextCursor: 'c2' })
        : undefined,
    );
    await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    viewport.scrollIntoView(false);
    await flushPromises();
    expect(auditCalls(fetch)).toHaveLength(1);
  });

  it('says when nothing is recorded yet', async () => {
    answer((url) =>
      url.pathname.endsWith('/audit') ? jsonResponse({ items: [], nextCursor: null }) : undefined,
    );
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    expect(wrapper.get('[data-testid="state-empty"]').text()).toContain('Nothing recorded yet');
  });

  it('shows a failure with its code', async () => {
    answer((url) =>
      url.pathname.endsWith('/audit')
        ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Broken' } }, 500)
        : undefined,
    );
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_INTERNAL');
  });

  it('shows the forbidden state without audit.read', async () => {
    answer(
      (url) =>
        url.pathname.endsWith('/audit')
          ? jsonResponse({ error: { code: 'PN_FORBIDDEN', message: 'no' } }, 403)
          : undefined,
      [],
    );
    const { wrapper } = await mountPageInPanel(TenantAuditPage, { path: '/t/100/audit' });
    await flushPromises();
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('audit.read');
    expect(wrapper.find('[data-testid="filters"]').exists()).toBe(false);
  });
});
