import { describe, expect, it } from 'vitest';
import { maskSecrets, redactUrl } from './logging.ts';

describe('log masking', () => {
  it('masks secret-looking keys at any depth and copies only what it changes', () => {
    const kept = { name: 'op', nested: { phase: 'Running' } };
    const obj = {
      kept,
      Authorization: 'Bearer x',
      body: { password: 'pw', list: [{ refresh_token: 'r', ok: 1 }] },
      credential: 'c',
      err: { token: 'left to its serializer' },
    };
    const masked = maskSecrets(obj);
    expect(masked).toEqual({
      kept,
      Authorization: '***',
      body: { password: '***', list: [{ refresh_token: '***', ok: 1 }] },
      credential: '***',
      err: { token: 'left to its serializer' },
    });
    expect(masked.kept).toBe(kept);
    expect(obj.body.password).toBe('pw');
    const clean = { a: 1 };
    expect(maskSecrets(clean)).toBe(clean);
  });

  it('masks credential-bearing query values and URL passwords', () => {
    expect(redactUrl('/cb?code=1&x=2&token=3')).toBe('/cb?code=***&x=2&token=***');
    expect(redactUrl('redis://u:pw@host:6379')).toBe('redis://***@host:6379');
  });
});
