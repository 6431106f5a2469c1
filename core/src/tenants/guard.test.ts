import { describe, expect, it } from 'vitest';
import type { DiscordService, EventBus, Logger, Principal } from '@pteronimbus/sdk';
import { TenantDirectory } from './directory.ts';
import { tenantGuard, unavailableTenantGuard } from './guard.ts';
import type { Tenant, TenantStore } from './store.ts';

const member: Principal = {
  userId: 'u1',
  discordId: '200000000000000001',
  name: 'ann',
  superAdmin: false,
};
const root: Principal = { ...member, userId: 'root', superAdmin: true };

const tenantRow = (id: string): Tenant => ({
  id,
  name: 'Guild',
  icon: null,
  ownerId: member.discordId,
  installedAt: new Date(0),
  installedBy: null,
  uninstalledAt: null,
  settings: {},
});

function directory(options: { maxTenants?: number; negativeTtlMs?: number } = {}) {
  const asked: string[] = [];
  let now = 0;
  const store = {
    get: async (id: string) => {
      asked.push(id);
      return id === '100000000000000001' ? tenantRow(id) : null;
    },
  } as unknown as TenantStore;
  const silent = { warn() {}, info() {}, error() {}, debug() {} } as unknown as Logger;
  const dir = new TenantDirectory({
    store,
    discord: {} as DiscordService,
    events: {} as EventBus,
    logger: silent,
    now: () => now,
    ...options,
  });
  return { dir, asked, tick: (ms: number) => (now += ms) };
}

describe('tenant guard', () => {
  it('refuses an id that cannot be a guild before looking anything up', async () => {
    const { dir, asked } = directory();
    const guard = tenantGuard(dir);
    for (const id of ['t1', '../x', '1'.repeat(40), 'abc123456789'])
      await expect(guard(member, id)).rejects.toMatchObject({ code: 'PN_TENANT_NOT_FOUND' });
    expect(asked).toEqual([]);
    expect(dir.cachedTenants).toBe(0);
    await expect(guard(member, '100000000000000001')).resolves.toBe('member');
  });

  it('keeps a bounded number of tenant answers and forgets unknown ids soon', async () => {
    const { dir, asked, tick } = directory({ maxTenants: 3, negativeTtlMs: 1_000 });
    for (let i = 0; i < 50; i++) await dir.tenant(`90000000000000${1000 + i}`);
    expect(dir.cachedTenants).toBe(3);
    asked.length = 0;
    await dir.tenant('900000000000001049');
    expect(asked).toEqual([]);
    tick(1_001);
    await dir.tenant('900000000000001049');
    expect(asked).toEqual(['900000000000001049']);
  });

  it('without a bot token refuses members with a coded 503, and lets super admins override', async () => {
    const guard = unavailableTenantGuard();
    await expect(guard(member, '100000000000000001')).rejects.toMatchObject({
      code: 'PN_TENANT_CHECK_UNAVAILABLE',
      statusCode: 503,
    });
    await expect(guard(root, '100000000000000001')).resolves.toBe('override');
    await expect(guard(root, 'not-a-guild')).rejects.toMatchObject({
      code: 'PN_TENANT_NOT_FOUND',
    });
  });
});
