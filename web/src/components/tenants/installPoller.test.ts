import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import type { Tenant } from '../../api/tenants.ts';
import { pollInstall } from './installPoller.ts';

const tenant: Tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

const botMissing = () =>
  new ApiError({ code: 'PN_TENANT_BOT_MISSING', message: 'not yet', status: 409 });

afterEach(() => {
  vi.useRealTimers();
});

describe('pollInstall', () => {
  it('keeps confirming while the bot is missing and answers the tenant', async () => {
    vi.useFakeTimers();
    const confirm = vi
      .fn<(signal: AbortSignal) => Promise<Tenant>>()
      .mockRejectedValueOnce(botMissing())
      .mockRejectedValueOnce(botMissing())
      .mockResolvedValueOnce(tenant);
    const attempts: number[] = [];
    const result = pollInstall({
      confirm,
      intervalMs: 1000,
      onAttempt: (n) => attempts.push(n),
    });
    await vi.advanceTimersByTimeAsync(2500);
    await expect(result).resolves.toEqual(tenant);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up with a coded timeout', async () => {
    vi.useFakeTimers();
    const confirm = vi.fn(() => Promise.reject(botMissing()));
    const result = pollInstall({
      confirm,
      intervalMs: 1000,
      timeoutMs: 3000,
      now: () => Date.now(),
    });
    const settled = expect(result).rejects.toMatchObject({ code: 'PN_WEB_INSTALL_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(5000);
    await settled;
    expect(confirm.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(confirm.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('stops at once on another failure', async () => {
    const refused = new ApiError({ code: 'PN_FORBIDDEN', message: 'no', status: 403 });
    const confirm = vi.fn(() => Promise.reject(refused));
    await expect(pollInstall({ confirm, intervalMs: 10 })).rejects.toBe(refused);
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('stops waiting when cancelled', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const confirm = vi.fn(() => Promise.reject(botMissing()));
    const result = pollInstall({ confirm, intervalMs: 1000, signal: controller.signal });
    const settled = expect(result).rejects.toMatchObject({ code: 'PN_WEB_ABORTED' });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await settled;
    expect(confirm).toHaveBeenCalledTimes(1);
  });
});
