import { describe, expect, it } from 'vitest';
import { TENANT_LABEL, type DocumentMessage, type TenantSpec } from '@pteronimbus/sdk';
import { loadTenantSecurity } from '../security.ts';
import { NETWORK_POLICY_NAME, tenantObjects } from './apply.ts';

const doc: DocumentMessage & { spec: TenantSpec } = {
  type: 'document',
  revision: 3,
  kind: 'Tenant',
  tenantId: '42',
  namespace: 'pn-42',
  name: '42',
  spec: {
    quota: { cpu: 2000, memory: 4096, disk: 10240, servers: 2 },
    gamePorts: [{ protocol: 'UDP', port: 27015, endPort: 27020 }],
  },
  deleted: false,
  signature: 'sig',
  kid: 'k1',
};

type Policy = { spec: { ingress: unknown[]; egress: unknown[]; policyTypes: string[] } };
const policyOf = (security = loadTenantSecurity({})) =>
  tenantObjects(doc, security).find((o) => o.kind === 'NetworkPolicy') as unknown as Policy;

describe('tenant namespace objects', () => {
  it('deny egress but DNS, the namespace itself and the internet without private and metadata ranges', () => {
    const policy = policyOf();
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
      { to: [{ podSelector: {} }] },
      {
        to: [
          {
            ipBlock: {
              cidr: '0.0.0.0/0',
              except: [
                '10.0.0.0/8',
                '172.16.0.0/12',
                '192.168.0.0/16',
                '169.254.0.0/16',
                '100.64.0.0/10',
                '127.0.0.0/8',
              ],
            },
          },
          { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10', '::1/128'] } },
        ],
      },
    ]);
    // Nothing allows every destination any more.
    expect(policy.spec.egress).not.toContainEqual({});
  });

  it('deny the cluster ranges too, open the allow-list, and can close the internet', () => {
    const open = policyOf(
      loadTenantSecurity({
        PTERONIMBUS_CLUSTER_CIDRS: '198.18.0.0/16,fd00:96::/112',
        PTERONIMBUS_EGRESS_ALLOW_CIDRS: '10.0.0.53/32',
      }),
    );
    const internet = open.spec.egress[2] as { to: { ipBlock: { except: string[] } }[] };
    expect(internet.to[0]!.ipBlock.except).toContain('198.18.0.0/16');
    expect(internet.to[1]!.ipBlock.except).toContain('fd00:96::/112');
    expect(open.spec.egress[3]).toEqual({ to: [{ ipBlock: { cidr: '10.0.0.53/32' } }] });

    const closed = policyOf(loadTenantSecurity({ PTERONIMBUS_EGRESS_INTERNET: 'false' }));
    expect(closed.spec.egress).toHaveLength(2);
    expect(JSON.stringify(closed.spec.egress)).not.toContain('ipBlock');
  });

  it('keep ingress to the namespace and the game ports', () => {
    expect(policyOf().spec.ingress).toEqual([
      { from: [{ podSelector: {} }] },
      { ports: [{ protocol: 'UDP', port: 27015, endPort: 27020 }] },
    ]);
    expect(policyOf().spec).toMatchObject({ podSelector: {} });
    expect(tenantObjects(doc).find((o) => o.kind === 'NetworkPolicy')?.metadata?.name).toBe(
      NETWORK_POLICY_NAME,
    );
  });

  it('label the namespace for Pod Security admission: baseline enforced, restricted warned and audited', () => {
    const ns = tenantObjects(doc).find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata?.labels).toEqual({
      [TENANT_LABEL]: '42',
      'app.kubernetes.io/managed-by': 'pteronimbus-link',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
    });
    const strict = tenantObjects(
      doc,
      loadTenantSecurity({
        PTERONIMBUS_POD_SECURITY_ENFORCE: 'restricted',
        PTERONIMBUS_POD_SECURITY_VERSION: 'v1.36',
      }),
    ).find((o) => o.kind === 'Namespace')!;
    expect(strict.metadata?.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.36',
    });
  });
});
