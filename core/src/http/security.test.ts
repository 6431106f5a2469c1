import { describe, expect, it } from 'vitest';
import { apiSecurityHeaderSet, securityHeaderSet } from './security.ts';

describe('securityHeaderSet', () => {
  it('forbids inline and foreign scripts and framing', () => {
    const h = securityHeaderSet('http://localhost:8080');
    expect(h['content-security-policy']).toContain("script-src 'self'");
    expect(h['content-security-policy']).not.toMatch(/script-src[^;]*unsafe/);
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['x-powered-by']).toBeUndefined();
  });

  it('sends HSTS and upgrades requests only over https', () => {
    expect(securityHeaderSet('http://localhost:8080')['strict-transport-security']).toBeUndefined();
    const https = securityHeaderSet('https://panel.example.com');
    expect(https['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(https['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('lets pages connect only to their own origin and its own WebSocket origin', () => {
    const csp = (url: string) =>
      /connect-src ([^;]*)/
        .exec(securityHeaderSet(url)['content-security-policy']!)![1]!
        .split(' ');
    expect(csp('https://panel.example.com')).toEqual(["'self'", 'wss://panel.example.com']);
    expect(csp('http://localhost:8080')).toEqual(["'self'", 'ws://localhost:8080']);
    for (const url of ['https://panel.example.com', 'http://localhost:8080'])
      expect(csp(url)).not.toEqual(expect.arrayContaining(['ws:', 'wss:']));
  });

  it('gives API answers a set that lets nothing load or frame them', () => {
    const api = apiSecurityHeaderSet(false);
    expect(api['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api['x-content-type-options']).toBe('nosniff');
    expect(api['x-frame-options']).toBe('DENY');
    expect(api['strict-transport-security']).toBeUndefined();
    expect(apiSecurityHeaderSet(true)['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
});
