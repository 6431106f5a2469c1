import { describe, expect, it } from 'vitest';
import { queryTarget } from './query-target.ts';

const resolveTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address }));

describe('player query targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::5',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
  ])('refuses the internal address %s', async (host) => {
    expect(await queryTarget(host, [])).toEqual({ ok: false, reason: 'internal' });
  });

  it('takes public addresses as they are', async () => {
    expect(await queryTarget('8.8.8.8', [])).toEqual({ ok: true, address: '8.8.8.8' });
    expect(await queryTarget('[2606:4700::1111]', [])).toEqual({
      ok: true,
      address: '2606:4700::1111',
    });
  });

  it("takes an internal address in one of the cluster's expected networks, and only there", async () => {
    const networks = ['10.96.0.0/12', 'fd00:10::/64'];
    expect(await queryTarget('10.96.4.2', networks)).toEqual({ ok: true, address: '10.96.4.2' });
    expect(await queryTarget('fd00:10::7', networks)).toEqual({ ok: true, address: 'fd00:10::7' });
    expect(await queryTarget('10.0.0.1', networks)).toMatchObject({ ok: false });
    expect(await queryTarget('127.0.0.1', networks)).toMatchObject({ ok: false });
  });

  it('resolves a name, refuses it when any of its addresses is internal, and answers the checked IP', async () => {
    expect(await queryTarget('lb.example.com', [], resolveTo('203.0.113.9'))).toEqual({
      ok: true,
      address: '203.0.113.9',
    });
    expect(await queryTarget('lb.example.com', [], resolveTo('203.0.113.9', '127.0.0.1'))).toEqual({
      ok: false,
      reason: 'internal',
    });
    expect(
      await queryTarget('gone.example.com', [], async () => {
        throw new Error('ENOTFOUND');
      }),
    ).toEqual({ ok: false, reason: 'unresolvable' });
    expect(await queryTarget('empty.example.com', [], resolveTo())).toEqual({
      ok: false,
      reason: 'unresolvable',
    });
  });
});
