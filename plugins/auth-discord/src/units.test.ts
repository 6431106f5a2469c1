import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { hashToken, open, randomToken, seal } from './crypto.ts';
import { assertSameOrigin, readCookie, safeReturnTo } from './http.ts';

const key = Buffer.alloc(32, 7);
const req = (method: string, headers: Record<string, string>) =>
  ({ method, headers }) as unknown as FastifyRequest;

describe('sealing', () => {
  it('round-trips and binds the context', () => {
    const sealed = seal(key, 'discord-token', 'session:1:access');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('discord-token');
    expect(open(key, sealed, 'session:1:access')).toBe('discord-token');
    expect(seal(key, 'discord-token', 'session:1:access')).not.toBe(sealed);
    expect(() => open(key, sealed, 'session:2:access')).toThrow();
    expect(() => open(Buffer.alloc(32, 8), sealed, 'session:1:access')).toThrow();
    expect(() => open(key, 'v2.abc', 'x')).toThrow(/format/);
    expect(() => open(key, 'v1.abc', 'x')).toThrow(/short/);
  });

  it('hashes and generates opaque tokens', () => {
    expect(hashToken('a')).toHaveLength(64);
    expect(randomToken()).toMatch(/^[\w-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
  });
});

describe('request helpers', () => {
  it('keeps returnTo on this site', () => {
    expect(safeReturnTo('/tenants/1?x=y')).toBe('/tenants/1?x=y');
    for (const bad of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'relative',
      '/a b',
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });

  it('reads cookies from the raw header', () => {
    const r = req('GET', { cookie: 'a=1; pn_access=tok%2Fen; b=2' });
    expect(readCookie(r, 'pn_access')).toBe('tok/en');
    expect(readCookie(r, 'missing')).toBeUndefined();
    expect(readCookie(req('GET', { cookie: 'pn_access=%E0%A4%A' }), 'pn_access')).toBeUndefined();
    expect(readCookie(req('GET', {}), 'pn_access')).toBeUndefined();
  });

  it('accepts only same-origin state changes', () => {
    const origin = 'https://panel.example';
    expect(() =>
      assertSameOrigin(req('GET', { 'sec-fetch-site': 'cross-site' }), origin),
    ).not.toThrow();
    expect(() =>
      assertSameOrigin(req('POST', { 'sec-fetch-site': 'same-origin' }), origin),
    ).not.toThrow();
    expect(() => assertSameOrigin(req('POST', { origin }), origin)).not.toThrow();
    const refused: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'none' },
      { origin: 'https://evil.example' },
      {},
    ];
    for (const headers of refused) {
      expect(() => assertSameOrigin(req('DELETE', headers), origin)).toThrow(
        expect.objectContaining({ code: 'PN_AUTH_CSRF_REJECTED' }),
      );
    }
  });
});
