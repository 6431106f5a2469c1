import { describe, expect, it } from 'vitest';
import { redactPath, RequestLog } from './request-log.ts';

describe('redactPath', () => {
  it('hides tokens in interaction and webhook paths and sensitive query values', () => {
    expect(redactPath('/api/v10/interactions/1/tok/callback')).toBe(
      '/api/v10/interactions/1/[redacted]/callback',
    );
    expect(redactPath('/api/v10/webhooks/2/tok/messages/@original')).toBe(
      '/api/v10/webhooks/2/[redacted]/messages/@original',
    );
    expect(redactPath('/cb?code=abc&state=s')).toBe('/cb?code=%5Bredacted%5D&state=s');
    expect(redactPath('/api/v10/users/@me')).toBe('/api/v10/users/@me');
  });
});

describe('RequestLog', () => {
  it('filters and keeps only the newest entries', () => {
    const log = new RequestLog(2);
    const entry = {
      at: '',
      route: null,
      status: 200,
      auth: 'none' as const,
      userId: null,
      fault: null,
      rateLimited: false,
    };
    log.add({ ...entry, method: 'GET', path: '/a' });
    log.add({ ...entry, method: 'POST', path: '/b' });
    log.add({ ...entry, method: 'GET', path: '/c' });
    expect(log.list().map((e) => e.path)).toEqual(['/b', '/c']);
    expect(log.list({ method: 'get' }).map((e) => e.seq)).toEqual([3]);
    expect(log.list({ since: 2 }).map((e) => e.path)).toEqual(['/c']);
  });
});
