// The Helm chart, rendered and installed by the real `helm` (built from source into the harness
// cache by build.sh) against the real apiserver: every object must pass the apiserver's
// validation and admission, and the operator's service account must get what it needs.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { requireKubeBinary, startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { generateSigningKeyPair } from '@pteronimbus/sdk';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { serverSpec, signedServer, signedTemplate, templateSpec } from '../../test/fixtures.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import { CONFIG_SECRET } from '../config.ts';
import {
  FINALIZER,
  LABEL_SERVER,
  LABEL_TENANT,
  LEASE_NAME,
  SYSTEM_NAMESPACE,
  TENANT_SECRETS_BINDING,
  TENANT_SECRETS_ROLE,
} from '../names.ts';
import { hasStatus } from '../kube/client.ts';
import { createLogger } from '../logger.ts';
import { startOperator } from '../operator.ts';

const CHART = fileURLToPath(new URL('../../../charts/pteronimbus', import.meta.url));
const run = promisify(execFile);

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  livenessProbe?: { httpGet: { path: string } };
  readinessProbe?: { httpGet: { path: string } };
  securityContext?: Record<string, unknown>;
  resources?: unknown;
}
type Workload = KubeObject & {
  spec: {
    replicas?: number;
    template: {
      spec: {
        serviceAccountName: string;
        containers: Container[];
        nodeSelector?: Record<string, string>;
        tolerations?: unknown[];
      };
    };
  };
};

describe('Helm chart on a real apiserver', () => {
  let kube: KubeHandle;
  let admin: KubeClient;
  let objects: KubernetesObjectApi;
  let helm: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    kube = await startKube();
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'test-admin' });
    objects = KubernetesObjectApi.makeApiClient(kc);
    const bin = await requireKubeBinary('helm');
    const home = mkdtempSync(join(tmpdir(), 'helm-'));
    helm = async (...args) =>
      (
        await run(bin, args, {
          env: {
            PATH: process.env.PATH,
            KUBECONFIG: kube.kubeconfigPath,
            // Without a home, client-go's discovery cache lands in the working directory.
            HOME: home,
            HELM_CACHE_HOME: join(home, 'cache'),
            HELM_CONFIG_HOME: join(home, 'config'),
            HELM_DATA_HOME: join(home, 'data'),
          },
          maxBuffer: 16 * 1024 * 1024,
        })
      ).stdout;
  });
  afterAll(async () => {
    await admin?.close();
    await kube?.stop();
  });

  const can = async (verb: string, resource: string, extra: Record<string, string> = {}) => {
    const review = await admin.request<{ status: { allowed: boolean } }>(
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: `system:serviceaccount:${SYSTEM_NAMESPACE}:pteronimbus-operator`,
            resourceAttributes: { verb, resource, ...extra },
          },
        },
      },
    );
    return review.status.allowed;
  };

  /** `helm template` with `--set` values, as the objects it renders. */
  const template = async (...set: string[]): Promise<KubeObject[]> =>
    parseAllDocuments(
      await helm(
        'template',
        'pn',
        CHART,
        '--namespace',
        SYSTEM_NAMESPACE,
        '--kube-version',
        '1.36.3',
        ...set.flatMap((v) => ['--set', v]),
      ),
    )
      .map((d) => d.toJS() as KubeObject | null)
      .filter((d): d is KubeObject => d !== null);

  /**
   * Every object passes validation and admission: server-side apply with dry run, so nothing is
   * stored, and objects an earlier install made are checked as an upgrade would change them.
   */
  const dryRunApply = async (docs: KubeObject[]) => {
    for (const doc of docs) {
      await expect(
        objects.patch(
          doc as KubernetesObject,
          undefined,
          'All',
          'chart-test',
          true,
          PatchStrategy.ServerSideApply,
        ),
        `${doc.kind}/${doc.metadata?.name}`,
      ).resolves.toBeTruthy();
    }
  };

  it('passes helm lint --strict, with and without the join values', async () => {
    await expect(helm('lint', CHART, '--strict')).resolves.toContain('0 chart(s) failed');
    await expect(
      helm('lint', CHART, '--strict', '--set', 'join.panelUrl=https://p,join.tokenSecret.name=t'),
    ).resolves.toContain('0 chart(s) failed');
  });

  it('installs with its defaults: two probed, locked-down replicas, CRDs, RBAC and the config Secret', async () => {
    const out = await helm(
      'install',
      'pn',
      CHART,
      '--namespace',
      SYSTEM_NAMESPACE,
      '--create-namespace',
    );
    expect(out).toContain('STATUS: deployed');
    expect(out).toContain('The cluster has not joined a panel yet');

    const crd = await admin.request(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gameservers.pteronimbus.io',
    );
    expect(crd).toBeTruthy();

    const deployment = await admin.request<Workload>(
      'GET',
      `/apis/apps/v1/namespaces/${SYSTEM_NAMESPACE}/deployments/pteronimbus-operator`,
    );
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('pteronimbus-operator');
    const [operator] = pod.containers;
    expect(operator!.image).toBe('ghcr.io/pteronimbus/operator:0.1.0');
    expect(operator!.livenessProbe?.httpGet.path).toBe('/healthz');
    expect(operator!.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(operator!.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const env = Object.fromEntries((operator!.env ?? []).map((e) => [e.name, e]));
    // The game pods' config step runs the image the operator itself runs.
    expect(env.PTERONIMBUS_OPERATOR_IMAGE?.value).toBe(operator!.image);
    expect(env.POD_NAME?.valueFrom).toEqual({
      fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' },
    });
    expect(
      await admin.request(
        'GET',
        `/apis/policy/v1/namespaces/${SYSTEM_NAMESPACE}/poddisruptionbudgets/pteronimbus-operator`,
      ),
    ).toMatchObject({ spec: { minAvailable: 1 } });
    const secret = await admin.get('Secret', SYSTEM_NAMESPACE, CONFIG_SECRET);
    expect(secret?.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');

    // What the operator does, as its service account.
    expect(await can('watch', 'gameservers', { group: 'pteronimbus.io' })).toBe(true);
    expect(
      await can('patch', 'gameservers', { group: 'pteronimbus.io', subresource: 'status' }),
    ).toBe(true);
    expect(await can('create', 'statefulsets', { group: 'apps', namespace: 'pn-t1' })).toBe(true);
    expect(await can('create', 'pods', { subresource: 'attach', namespace: 'pn-t1' })).toBe(true);
    expect(
      await can('update', 'leases', {
        group: 'coordination.k8s.io',
        namespace: SYSTEM_NAMESPACE,
        name: LEASE_NAME,
      }),
    ).toBe(true);
    expect(
      await can('patch', 'secrets', { namespace: SYSTEM_NAMESPACE, name: CONFIG_SECRET }),
    ).toBe(true);
    // ... and nothing beyond it.
    expect(await can('list', 'pods', { group: 'metrics.k8s.io', namespace: 'pn-t1' })).toBe(true);
    // The kubelet's endpoints only when asked for (operator.rbac.kubeletStats).
    expect(await can('get', 'nodes', { subresource: 'proxy', name: 'n1' })).toBe(false);
    // Pods are the StatefulSets' and Jobs' to make; the operator only reads them.
    expect(await can('create', 'pods', { namespace: 'pn-t1' })).toBe(false);
    expect(await can('create', 'clusterrolebindings', { group: 'rbac.authorization.k8s.io' })).toBe(
      false,
    );
    expect(
      await can('create', 'customresourcedefinitions', { group: 'apiextensions.k8s.io' }),
    ).toBe(false);
    expect(await can('delete', 'namespaces')).toBe(false);
    // Secrets: the config Secret by name, and no other Secret anywhere until the operator binds
    // the tenant role in a tenant namespace.
    expect(await can('get', 'secrets', { namespace: SYSTEM_NAMESPACE, name: 'other' })).toBe(false);
    expect(await can('list', 'secrets')).toBe(false);
    expect(await can('watch', 'secrets')).toBe(false);
    expect(await can('get', 'secrets', { namespace: 'kube-system', name: 'any' })).toBe(false);
    expect(await can('list', 'secrets', { namespace: 'pn-t1' })).toBe(false);
    const rbac = { group: 'rbac.authorization.k8s.io' };
    expect(await can('bind', 'clusterroles', { ...rbac, name: TENANT_SECRETS_ROLE })).toBe(true);
    expect(await can('bind', 'clusterroles', { ...rbac, name: 'cluster-admin' })).toBe(false);
    expect(await can('escalate', 'clusterroles', rbac)).toBe(false);
    expect(await can('delete', 'rolebindings', { ...rbac, namespace: 'pn-t1' })).toBe(false);
  });

  it("grants what the operator needs: it reconciles a server with the chart's service account", async () => {
    // Runs after the install above. A token of the chart's service account, as a pod would get.
    const tokenRequest = await admin.request<{ status: { token: string } }>(
      'POST',
      `/api/v1/namespaces/${SYSTEM_NAMESPACE}/serviceaccounts/pteronimbus-operator/token`,
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: 3600 },
        },
      },
    );
    const asOperator = new KubeConfig();
    asOperator.loadFromOptions({
      clusters: [{ name: 'test', server: kube.server, caFile: kube.caCertPath }],
      users: [{ name: 'operator', token: tokenRequest.status.token }],
      contexts: [{ name: 'operator', cluster: 'test', user: 'operator' }],
      currentContext: 'operator',
    });
    const tenant = 'rbac';
    const ns = `pn-${tenant}`;
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { [LABEL_TENANT]: tenant } },
    });
    await admin.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pn-quota', namespace: ns },
      spec: { hard: { 'limits.cpu': '4', 'limits.memory': '8Gi', 'requests.storage': '40Gi' } },
    });
    const { privateKey, publicKey } = generateSigningKeyPair();
    const link = new KubeClient(asOperator, { fieldManager: 'pteronimbus-link' });
    // The admission policy takes effect a moment after its install: the operator must work
    // under it, so wait until it holds.
    await vi.waitFor(async () => {
      const outside = await link
        .request('POST', '/api/v1/namespaces', {
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'not-a-tenant' } },
          query: { dryRun: 'All' },
        })
        .then(
          () => 'admitted',
          (err: Error) => err.message,
        );
      expect(outside).toMatch(/tenant namespaces/);
    }, converge);
    const warnings: string[] = [];
    const operator = await startOperator({
      kubeConfig: asOperator,
      publicKey,
      clusterId: 'chart',
      identity: 'chart-op',
      namespace: SYSTEM_NAMESPACE,
      httpPort: false,
      leaseDurationMs: 4_000,
      retryPeriodMs: 500,
      defaultMetrics: false,
      // What went wrong, should the wait below time out.
      log: createLogger({
        level: 'warn',
        stream: new Writable({
          write(line: Buffer, _encoding, done) {
            warnings.push(line.toString('utf8'));
            done();
          },
        }),
      }),
    });
    try {
      // What the link writes, with the same account.
      await link.apply(
        signedTemplate(privateKey, tenant, ns, 'paper', templateSpec(), '1', 'chart'),
      );
      await link.apply(signedServer(privateKey, ns, 's1', serverSpec(tenant), 1, tenant, 'chart'));
      // Installing is also the phase while the template is not seen yet: wait for the Job.
      await vi.waitFor(
        async () => {
          const s = await admin.get<
            KubeObject & { status?: { phase?: string; installJob?: string } }
          >('GameServer', ns, 's1');
          expect(s?.status?.phase).toBe('Installing');
          expect(s?.status?.installJob, warnings.slice(-5).join('\n')).toBe('s1-install-0');
          expect(s?.metadata?.finalizers).toContain(FINALIZER);
        },
        { ...converge, timeout: 90_000 },
      );
      // Children with owner references that block deletion, and an event.
      await vi.waitFor(async () => {
        for (const kind of ['StatefulSet', 'Service', 'PersistentVolumeClaim', 'Job', 'Secret']) {
          expect((await admin.list(kind, ns, `${LABEL_SERVER}=s1`)).items, kind).toHaveLength(1);
        }
        expect((await admin.list('Event', ns)).items.length).toBeGreaterThan(0);
      }, converge);
      const lease = await admin.request<{ spec: { holderIdentity: string } }>(
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/${SYSTEM_NAMESPACE}/leases/${LEASE_NAME}`,
      );
      expect(lease.spec.holderIdentity).toBe('chart-op');

      // The env Secret was written through the binding the operator made in the tenant namespace.
      expect(await admin.get('RoleBinding', ns, TENANT_SECRETS_BINDING)).toMatchObject({
        roleRef: { kind: 'ClusterRole', name: TENANT_SECRETS_ROLE },
      });
      // Outside tenant namespaces, a Secret stays unreadable to the operator's account ...
      await admin.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'outside', namespace: 'default' },
        stringData: { password: 'not-for-tenants' },
      });
      const forbidden = async (call: Promise<unknown>) => {
        const err = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(hasStatus(err, 403), String((err as Error | undefined)?.message)).toBe(true);
        return String((err as Error).message);
      };
      await forbidden(link.get('Secret', 'default', 'outside'));
      await forbidden(link.list('Secret'));
      await forbidden(link.get('Secret', 'kube-system', 'anything'));
      // ... and it cannot grant itself more: binding the role elsewhere, binding it to someone
      // else, or starting a pod that would mount a Secret outside tenant namespaces.
      const binding = (namespace: string, subject = 'pteronimbus-operator') => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'steal', namespace },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: TENANT_SECRETS_ROLE,
        },
        subjects: [{ kind: 'ServiceAccount', name: subject, namespace: SYSTEM_NAMESPACE }],
      });
      expect(await forbidden(link.apply(binding('default')))).toMatch(/tenant namespaces/);
      expect(await forbidden(link.apply(binding(ns, 'default')))).toMatch(/only to itself/);
      expect(
        await forbidden(
          link.create({
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: 'mount-secret', namespace: 'default' },
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'c', image: 'busybox' }],
                  volumes: [{ name: 's', secret: { secretName: 'outside' } }],
                },
              },
            },
          }),
        ),
      ).toMatch(/tenant namespaces/);
      expect(
        await forbidden(
          link.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'not-a-tenant' } }),
        ),
      ).toMatch(/tenant namespaces/);
      // A binding removed by hand comes back with the next Secret the operator writes.
      await admin.delete('RoleBinding', ns, TENANT_SECRETS_BINDING);
      await link.apply(signedServer(privateKey, ns, 's2', serverSpec(tenant), 1, tenant, 'chart'));
      await vi.waitFor(
        async () => {
          expect(await admin.get('Secret', ns, 's2-env')).toBeDefined();
          expect(await admin.get('RoleBinding', ns, TENANT_SECRETS_BINDING)).toBeDefined();
        },
        { ...converge, timeout: 60_000 },
      );
      // Attaching to a pod's console outside tenant namespaces is refused before any pod is looked up.
      expect(
        await forbidden(
          link.request('POST', '/api/v1/namespaces/kube-system/pods/any/attach', {
            query: { stdin: 'true', stdout: 'true' },
          }),
        ),
      ).toMatch(/tenant namespaces/);
    } finally {
      await operator.stop();
      await link.close();
    }
  });

  it('renders the join Job, scheduling values and one replica, all accepted by the apiserver', async () => {
    const docs = await template(
      'operator.replicas=1',
      'operator.image.tag=1.2.3',
      'operator.installCrds=true',
      'operator.rbac.kubeletStats=true',
      'join.panelUrl=https://panel.example.com',
      'join.tokenSecret.name=pn-join',
      'operator.nodeSelector.pool=system',
      'operator.tolerations[0].key=dedicated,operator.tolerations[0].operator=Exists',
    );
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
    expect(byKind('PodDisruptionBudget')).toEqual([]);
    const [job] = byKind('Job') as Workload[];
    const join_ = job!.spec.template.spec.containers[0]!;
    expect(join_.args).toEqual(['join']);
    expect(join_.image).toBe('ghcr.io/pteronimbus/operator:1.2.3');
    expect(join_.env).toContainEqual({
      name: 'PTERONIMBUS_JOIN_TOKEN',
      valueFrom: { secretKeyRef: { name: 'pn-join', key: 'token' } },
    });
    const [deployment] = byKind('Deployment') as Workload[];
    expect(deployment!.spec.replicas).toBe(1);
    expect(deployment!.spec.template.spec.nodeSelector).toEqual({ pool: 'system' });
    expect(deployment!.spec.template.spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Exists' },
    ]);
    const clusterRole = byKind('ClusterRole')[0] as { rules: { resources: string[] }[] };
    for (const granted of ['customresourcedefinitions', 'nodes/proxy']) {
      expect(
        clusterRole.rules.some((r) => r.resources.includes(granted)),
        granted,
      ).toBe(true);
    }

    await dryRunApply(docs);
    // Nothing was stored: the Job exists only in the dry run.
    expect(
      await admin.request('GET', `/apis/batch/v1/namespaces/${SYSTEM_NAMESPACE}/jobs`),
    ).toMatchObject({ items: [] });
  });

  it('adds the panel only when enabled, with its required values, and refuses replicas it cannot run', async () => {
    const panelOnly = (docs: KubeObject[]) =>
      docs.filter((d) => d.metadata?.name?.startsWith('pteronimbus-panel'));
    expect(panelOnly(await template())).toEqual([]);
    await expect(template('panel.enabled=true')).rejects.toThrow(/panel.publicUrl is required/);
    const required =
      'panel.enabled=true,panel.publicUrl=https://panel.example.com,panel.superAdmins=123456,panel.existingSecret=pn-panel';
    await expect(template(required, 'panel.replicas=2')).rejects.toThrow(/external PostgreSQL/);

    const docs = panelOnly(await template(required));
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'Deployment',
      'PersistentVolumeClaim',
      'Service',
    ]);
    const deployment = docs.find((d) => d.kind === 'Deployment') as Workload;
    const panel = deployment.spec.template.spec.containers[0]!;
    expect(panel.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(Object.fromEntries((panel.env ?? []).map((e) => [e.name, e.value]))).toMatchObject({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://panel.example.com',
      PTERONIMBUS_SUPER_ADMINS: '123456',
      PTERONIMBUS_DATA_DIR: '/data',
    });
    await dryRunApply(docs);
    // With external services, several replicas and no volume.
    const scaled = panelOnly(
      await template(required, 'panel.replicas=3,panel.persistence.enabled=false'),
    );
    expect(scaled.map((d) => d.kind).sort()).toEqual(['Deployment', 'Service']);
  });
});
