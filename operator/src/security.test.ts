import { describe, expect, it } from 'vitest';
import {
  ALWAYS_DENIED_CIDRS,
  DEFAULT_TENANT_SECURITY,
  canonicalCidr,
  loadTenantSecurity,
  loadWorkloadSecurity,
} from './security.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('tenant security settings', () => {
  it('default to internet without private, metadata, CGNAT and loopback ranges, baseline enforced', () => {
    const security = loadTenantSecurity({});
    expect(security).toEqual(DEFAULT_TENANT_SECURITY);
    expect(security.egress.internet).toBe(true);
    expect(security.egress.denyCidrs).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '169.254.0.0/16',
      '100.64.0.0/10',
      '127.0.0.0/8',
      'fc00::/7',
      'fe80::/10',
      '::1/128',
    ]);
    expect(security.egress.allowCidrs).toEqual([]);
    expect(security.podSecurity).toEqual({
      enforce: 'baseline',
      warn: 'restricted',
      audit: 'restricted',
      version: 'latest',
    });
  });

  it('add the cluster ranges and extra denied ranges, and read the allow-list and DNS', () => {
    const security = loadTenantSecurity({
      PTERONIMBUS_CLUSTER_CIDRS: '10.244.0.0/16, 198.18.0.0/15,fd00:10:96::/112',
      PTERONIMBUS_EGRESS_DENY_CIDRS: '203.0.113.0/24,10.0.0.0/8',
      PTERONIMBUS_EGRESS_ALLOW_CIDRS: '169.254.20.10/32,2001:DB8::/32',
      PTERONIMBUS_EGRESS_INTERNET: 'false',
      PTERONIMBUS_DNS_NAMESPACE: 'dns',
      PTERONIMBUS_DNS_POD_LABELS: 'app=coredns,tier=dns',
      PTERONIMBUS_POD_SECURITY_ENFORCE: 'restricted',
      PTERONIMBUS_POD_SECURITY_WARN: 'privileged',
      PTERONIMBUS_POD_SECURITY_VERSION: 'v1.36',
    });
    expect(security.egress.denyCidrs).toEqual([
      ...ALWAYS_DENIED_CIDRS,
      '10.244.0.0/16',
      '198.18.0.0/15',
      'fd00:10:96::/112',
      '203.0.113.0/24',
    ]);
    expect(security.egress.allowCidrs).toEqual(['169.254.20.10/32', '2001:db8::/32']);
    expect(security.egress.internet).toBe(false);
    expect(security.egress.dnsNamespace).toBe('dns');
    expect(security.egress.dnsPodLabels).toEqual({ app: 'coredns', tier: 'dns' });
    expect(security.podSecurity).toEqual({
      enforce: 'restricted',
      warn: 'privileged',
      audit: 'restricted',
      version: 'v1.36',
    });
  });

  it('refuse malformed ranges, ranges with host bits, and denying a whole family', () => {
    expect(
      refusal(() => loadTenantSecurity({ PTERONIMBUS_CLUSTER_CIDRS: '10.244.0.0' })),
    ).toMatchObject({
      code: 'PN_OPERATOR_CONFIG_INVALID',
      message: expect.stringContaining('PTERONIMBUS_CLUSTER_CIDRS'),
    });
    expect(
      refusal(() => loadTenantSecurity({ PTERONIMBUS_EGRESS_DENY_CIDRS: '10.1.2.3/8' })).message,
    ).toContain('10.0.0.0/8');
    expect(
      refusal(() => loadTenantSecurity({ PTERONIMBUS_EGRESS_DENY_CIDRS: '::/0' })).message,
    ).toContain('PTERONIMBUS_EGRESS_INTERNET');
    expect(
      refusal(() => loadTenantSecurity({ PTERONIMBUS_EGRESS_ALLOW_CIDRS: 'example.com/32' }))
        .message,
    ).toContain('PTERONIMBUS_EGRESS_ALLOW_CIDRS');
    expect(canonicalCidr(' fe80::/10 ')).toBe('fe80::/10');
  });

  it('never enforce less than baseline, and refuse unknown levels, versions and flags', () => {
    for (const env of [
      { PTERONIMBUS_POD_SECURITY_ENFORCE: 'privileged' },
      { PTERONIMBUS_POD_SECURITY_AUDIT: 'strict' },
      { PTERONIMBUS_POD_SECURITY_VERSION: '1.36' },
      { PTERONIMBUS_EGRESS_INTERNET: 'yes' },
      { PTERONIMBUS_DNS_POD_LABELS: 'k8s-app' },
    ]) {
      expect(
        refusal(() => loadTenantSecurity(env)),
        JSON.stringify(env),
      ).toMatchObject({
        code: 'PN_OPERATOR_CONFIG_INVALID',
        message: expect.stringContaining(Object.keys(env)[0]!),
      });
    }
  });
});

describe('workload security settings', () => {
  it('default to no runtime class and a 30-minute install deadline', () => {
    expect(loadWorkloadSecurity({})).toEqual({ installDeadlineSeconds: 1800 });
    expect(
      loadWorkloadSecurity({
        PTERONIMBUS_RUNTIME_CLASS: 'gvisor',
        PTERONIMBUS_INSTALL_DEADLINE_SECONDS: '600',
        PTERONIMBUS_USER_NAMESPACES: 'true',
      }),
    ).toEqual({ runtimeClassName: 'gvisor', installDeadlineSeconds: 600, userNamespaces: true });
  });

  it('refuse a runtime class that is no name, and deadlines out of range', () => {
    for (const env of [
      { PTERONIMBUS_RUNTIME_CLASS: 'Not A Name' },
      { PTERONIMBUS_INSTALL_DEADLINE_SECONDS: '0' },
      { PTERONIMBUS_INSTALL_DEADLINE_SECONDS: '1e9' },
      { PTERONIMBUS_INSTALL_DEADLINE_SECONDS: '90.5' },
      { PTERONIMBUS_USER_NAMESPACES: 'yes' },
    ]) {
      expect(refusal(() => loadWorkloadSecurity(env)).message).toContain(Object.keys(env)[0]!);
    }
  });
});
