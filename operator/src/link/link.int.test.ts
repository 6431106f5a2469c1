import { KubeConfig } from '@kubernetes/client-node';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import {
  LINK_ANNOTATIONS,
  LINK_FIELD_MANAGER,
  TENANT_LABEL,
  tenantNamespace,
  keyId,
  verifyDocument,
  type BusEvent,
  type DocumentMessage,
} from '@pteronimbus/sdk';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_SECRET } from '../config.ts';
import { installCrds } from '../crds/install.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import { API_VERSION, QUOTA_NAME, SYSTEM_NAMESPACE } from '../names.ts';
import { identityFixture, ROOT, serverSpec, TENANT, tenantSpec } from './__fixtures__/core.ts';
import { DEFAULT_TENANT_SECURITY } from '../security.ts';
import { NETWORK_POLICY_NAME, egressRules } from './apply.ts';
import { runJoinCommand } from './cli.ts';
import { LINK_KEYS_CONFIGMAP } from './config.ts';
import { LINK_STATE_CONFIGMAP } from './revisions.ts';
import { startLink, type LinkHandle } from './runtime.ts';

const NS = tenantNamespace(TENANT);
const TIMING = { initialBackoffMs: 50, maxBackoffMs: 400, heartbeatTimeoutMs: 60_000 };

describe('operator link end to end: core ↔ link ↔ a real apiserver', () => {
  let kube: KubeHandle;
  let core: TestCore;
  let kc: KubeConfig;
  let client: KubeClient;
  let clusterId: string;
  let handle: LinkHandle | undefined;
  const applied: number[] = [];

  const gateway = () => core.app.pn.operatorGateway;
  const watch = (h: LinkHandle) =>
    h.link.on('applied', (d: DocumentMessage) => applied.push(d.revision));

  beforeAll(async () => {
    [kube, core] = await Promise.all([
      startKube(),
      startTestCore({ plugins: [identityFixture], listen: true }),
    ]);
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    client = new KubeClient(kc, { fieldManager: LINK_FIELD_MANAGER });
    await installCrds(client);
    await client.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: SYSTEM_NAMESPACE },
    });
  }, 300_000);

  afterAll(async () => {
    await handle?.stop();
    await client?.close();
    await core?.close();
    await kube?.stop();
  });

  it('joins with a one-time token and keeps the credential in the Secret', async () => {
    const token = await core.inject({
      method: 'POST',
      url: '/api/v1/admin/cluster-join-tokens',
      headers: ROOT,
      payload: { name: 'harness' },
    });
    // The harness's core speaks plain http: refused unless allowed, before the token is sent.
    await expect(
      runJoinCommand(['--url', core.baseUrl!, '--token', token.json().token], {}, kc, '0.1.0'),
    ).rejects.toMatchObject({ code: 'PN_LINK_JOIN_INSECURE' });
    await expect(
      runJoinCommand(
        ['--url', core.baseUrl!.replace('http:', 'ftp:'), '--token', token.json().token],
        { PTERONIMBUS_INSECURE_HTTP: 'true' },
        kc,
        '0.1.0',
      ),
    ).rejects.toMatchObject({ code: 'PN_LINK_JOIN_INSECURE' });
    const outcome = await runJoinCommand(
      ['--url', core.baseUrl!, '--token', token.json().token],
      { PTERONIMBUS_INSECURE_HTTP: 'true' },
      kc,
      '0.1.0',
    );
    clusterId = outcome.clusterId;
    const secret = await client.get<{ data: Record<string, string> }>(
      'Secret',
      SYSTEM_NAMESPACE,
      CONFIG_SECRET,
    );
    const data = Object.fromEntries(
      Object.entries(secret!.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
    expect(data).toMatchObject({
      coreUrl: core.baseUrl,
      clusterId,
      coreSigningKey: gateway().publicKey,
    });
    expect(data.credential).toMatch(/^pnc_/);
    // The token is spent.
    await expect(
      runJoinCommand(
        ['--url', core.baseUrl!, '--token', token.json().token, '--insecure-http'],
        {},
        kc,
        '0.1.0',
      ),
    ).rejects.toMatchObject({
      code: 'PN_LINK_JOIN_FAILED',
      details: { status: 401, code: 'PN_JOIN_TOKEN_INVALID' },
    });
  });

  it('links once approved and turns a Tenant document into namespace, quota and policy', async () => {
    handle = await startLink({ kubeConfig: kc, operatorVersion: '0.1.0', timing: TIMING });
    watch(handle);
    // Pending: core refuses the link until a super admin approves the cluster.
    await new Promise((resolve) => handle!.link.once('refused', resolve));
    const welcomed = new Promise((resolve) => handle!.link.once('welcome', resolve));
    await core.inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${clusterId}/approve`,
      headers: ROOT,
    });
    await welcomed;
    await gateway().publish(clusterId, { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec });

    await expect
      .poll(() => client.get('Namespace', undefined, NS), { timeout: 20_000 })
      .toBeDefined();
    const ns = (await client.get('Namespace', undefined, NS))!;
    expect(ns.metadata?.labels?.[TENANT_LABEL]).toBe(TENANT);
    expect(JSON.parse(ns.metadata!.annotations![LINK_ANNOTATIONS.tenantSpec]!)).toEqual(tenantSpec);
    const quota = await client.get<{ spec: { hard: Record<string, string> } }>(
      'ResourceQuota',
      NS,
      QUOTA_NAME,
    );
    expect(quota!.spec.hard).toEqual({
      'limits.cpu': '4',
      'limits.memory': '8Gi',
      'requests.storage': '20Gi',
      'count/gameservers.pteronimbus.io': '3',
    });
    const policy = await client.get<{ spec: Record<string, unknown> }>(
      'NetworkPolicy',
      NS,
      NETWORK_POLICY_NAME,
    );
    expect(policy!.spec).toMatchObject({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ podSelector: {} }] },
        {
          ports: [
            { protocol: 'TCP', port: 25565 },
            { protocol: 'UDP', port: 27015, endPort: 27020 },
          ],
        },
      ],
      // Egress denied but DNS, the namespace and the public internet (see apply.test.ts).
      egress: egressRules(DEFAULT_TENANT_SECURITY.egress),
    });
    const cluster = await gateway().getCluster(clusterId);
    expect(cluster.kubernetesVersion).toBe('v1.36.3');
  });

  it('writes a GameServer document as a custom resource carrying a valid signature', async () => {
    const { revision } = await gateway().publish(clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'survival',
      spec: serverSpec(),
    });
    await expect
      .poll(() => client.get('GameServer', NS, 'survival'), { timeout: 20_000 })
      .toBeDefined();
    const object = (await client.get<KubeObject & { spec: Record<string, unknown> }>(
      'GameServer',
      NS,
      'survival',
    ))!;
    expect(object.apiVersion).toBe(API_VERSION);
    expect(object.spec).toEqual(serverSpec());
    const annotations = object.metadata!.annotations!;
    expect(annotations[LINK_ANNOTATIONS.revision]).toBe(String(revision));
    expect(annotations[LINK_ANNOTATIONS.keyId]).toBe(keyId(gateway().publicKey));
    const signed = {
      clusterId,
      revision,
      kid: annotations[LINK_ANNOTATIONS.keyId]!,
      kind: 'GameServer' as const,
      tenantId: TENANT,
      namespace: NS,
      name: 'survival',
      spec: object.spec,
      deleted: false,
    };
    expect(
      verifyDocument(signed, annotations[LINK_ANNOTATIONS.signature], gateway().publicKey),
    ).toBe(true);
    // Bound to this cluster and revision.
    expect(
      verifyDocument(
        { ...signed, clusterId: 'cl_other' },
        annotations[LINK_ANNOTATIONS.signature],
        gateway().publicKey,
      ),
    ).toBe(false);
    await expect
      .poll(async () => (await gateway().getCluster(clusterId)).appliedRevision)
      .toBe(revision);
  });

  it('resumes after a dropped connection and after a restart, with nothing lost or applied twice', async () => {
    const before = applied.length;
    const disconnected = new Promise((resolve) => handle!.link.once('disconnected', resolve));
    handle!.link.dropConnection();
    await disconnected;
    // Published while the link is down.
    await gateway().publish(clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'creative',
      spec: serverSpec(),
    });
    await gateway().publish(clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'survival',
      spec: serverSpec({ desiredState: 'Stopped' }),
    });
    const head = (await gateway().getCluster(clusterId)).headRevision;
    await expect.poll(() => applied.at(-1), { timeout: 20_000 }).toBe(head);
    expect(applied.slice(before)).toEqual([head - 1, head]);
    expect(new Set(applied).size).toBe(applied.length);
    expect(
      (await client.get<{ spec: { desiredState: string } }>('GameServer', NS, 'survival'))!.spec
        .desiredState,
    ).toBe('Stopped');
    expect(await client.get('GameServer', NS, 'creative')).toBeDefined();
    const state = await client.get<{ data: { lastRevision: string } }>(
      'ConfigMap',
      SYSTEM_NAMESPACE,
      LINK_STATE_CONFIGMAP,
    );
    expect(state!.data.lastRevision).toBe(String(head));

    // A restarted operator resumes from the persisted revision: nothing is applied again.
    await handle!.stop();
    const restartedAt = applied.length;
    handle = await startLink({ kubeConfig: kc, operatorVersion: '0.1.0', timing: TIMING });
    watch(handle);
    const welcome = await new Promise<{ lastRevision: number }>((resolve) =>
      handle!.link.once('welcome', resolve),
    );
    expect(welcome.lastRevision).toBe(head);
    const { revision } = await gateway().publish(clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'creative',
      deleted: true,
    });
    await expect
      .poll(() => client.get('GameServer', NS, 'creative'), { timeout: 20_000 })
      .toBeUndefined();
    expect(applied.slice(restartedAt)).toEqual([revision]);
  });

  it('reports GameServer status to core and answers console input with the attach error (no kubelet here)', async () => {
    const status = { phase: 'Running', restartCount: 0, address: '10.0.0.7' };
    await client.mergePatch('GameServer', NS, 'survival', { status }, 'status');
    await expect
      .poll(
        async () => (await gateway().statusOf(clusterId, 'GameServer', NS, 'survival'))?.status,
        { timeout: 20_000 },
      )
      .toEqual(status);

    const results: BusEvent<Record<string, unknown>>[] = [];
    const off = await core.app.pn.shared.events.subscribe<Record<string, unknown>>(
      `cluster.${clusterId}.console`,
      (e) => results.push(e),
    );
    await gateway().relay(clusterId, {
      type: 'console.input',
      requestId: 'r1',
      namespace: NS,
      name: 'survival',
      data: 'say hi\n',
    });
    await expect.poll(() => results.length, { timeout: 20_000 }).toBe(1);
    // The reconciler is not running in this test, so there is no pod: the attach cannot even start.
    expect(results[0]!.payload).toMatchObject({
      type: 'console.result',
      requestId: 'r1',
      ok: false,
      error: { code: 'PN_LINK_ATTACH_FAILED' },
    });
    await off();

    const logs: BusEvent<Record<string, unknown>>[] = [];
    const offLogs = await core.app.pn.shared.events.subscribe<Record<string, unknown>>(
      `cluster.${clusterId}.logs`,
      (e) => logs.push(e),
    );
    await gateway().relay(clusterId, {
      type: 'logs.follow',
      streamId: 'l1',
      namespace: NS,
      name: 'survival',
      tailLines: 10,
    });
    await expect.poll(() => logs.length, { timeout: 20_000 }).toBe(1);
    expect(logs[0]!.payload).toMatchObject({
      type: 'logs.end',
      streamId: 'l1',
      error: { code: 'PN_LINK_LOGS_FAILED' },
    });
    await gateway().relay(clusterId, { type: 'logs.stop', streamId: 'l1' });
    await offLogs();
  });

  it('refuses replayed older revisions of an object even after its own progress was lost', async () => {
    const survivalBefore = (await client.get<KubeObject>('GameServer', NS, 'survival'))!;
    const current = Number(survivalBefore.metadata!.annotations![LINK_ANNOTATIONS.revision]);
    await handle!.stop();
    // The link's progress is gone (the ConfigMap reset): core sends the whole log again.
    await client.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: LINK_STATE_CONFIGMAP, namespace: SYSTEM_NAMESPACE },
      data: { lastRevision: '0' },
    });
    const replayed: Array<[number, string]> = [];
    handle = await startLink({ kubeConfig: kc, operatorVersion: '0.1.0', timing: TIMING });
    watch(handle);
    handle.link.on('rejected', (d, reason) => replayed.push([d.revision, reason]));
    const head = (await gateway().getCluster(clusterId)).headRevision;
    await expect
      .poll(async () => (await gateway().getCluster(clusterId)).appliedRevision, {
        timeout: 20_000,
      })
      .toBe(head);
    await expect
      .poll(
        async () =>
          Number(
            (await client.get<{ data: { lastRevision: string } }>(
              'ConfigMap',
              SYSTEM_NAMESPACE,
              LINK_STATE_CONFIGMAP,
            ))!.data.lastRevision,
          ),
        { timeout: 20_000 },
      )
      .toBe(head);
    // The first, Running, document of `survival` was refused: the object stays as last signed.
    expect(replayed).toContainEqual([current - 2, 'RevisionReplayed']);
    const survival = (await client.get<KubeObject & { spec: { desiredState: string } }>(
      'GameServer',
      NS,
      'survival',
    ))!;
    expect(survival.spec.desiredState).toBe('Stopped');
    expect(survival.metadata!.annotations![LINK_ANNOTATIONS.revision]).toBe(String(current));
  });

  it('keeps a linked operator working across a key rotation, and after a restart', async () => {
    const rotated = await gateway().rotateKeys(null);
    expect(rotated.kid).not.toBe(keyId(gateway().publicKey));
    // Live objects are signed again with the new key, which the link took from the old one.
    await expect
      .poll(
        async () =>
          (await client.get<KubeObject>('GameServer', NS, 'survival'))!.metadata!.annotations![
            LINK_ANNOTATIONS.keyId
          ],
        { timeout: 20_000 },
      )
      .toBe(rotated.kid);
    const stored = await client.get<{ data: { keySet: string } }>(
      'ConfigMap',
      SYSTEM_NAMESPACE,
      LINK_KEYS_CONFIGMAP,
    );
    expect(
      (JSON.parse(stored!.data.keySet) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid),
    ).toEqual(rotated.keys.map((k) => k.kid));
    // A restarted operator trusts the stored keys, not only the one it joined with.
    await handle!.stop();
    handle = await startLink({ kubeConfig: kc, operatorVersion: '0.1.0', timing: TIMING });
    watch(handle);
    const before = applied.length;
    const { revision } = await gateway().publish(clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'rotated',
      spec: serverSpec(),
    });
    await expect.poll(() => applied.slice(before), { timeout: 20_000 }).toEqual([revision]);
    const object = (await client.get<KubeObject>('GameServer', NS, 'rotated'))!;
    expect(object.metadata!.annotations![LINK_ANNOTATIONS.keyId]).toBe(rotated.kid);
  });

  it('is cut at once by a revocation and refused afterwards', async () => {
    const disconnected = new Promise<{ code: number }>((resolve) =>
      handle!.link.once('disconnected', resolve),
    );
    await core.inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${clusterId}/revoke`,
      headers: ROOT,
    });
    expect((await disconnected).code).toBe(4403);
    const refused = await new Promise<{ status: number }>((resolve) =>
      handle!.link.once('refused', resolve),
    );
    expect(refused.status).toBe(403);
    expect(handle!.link.connected).toBe(false);
  });
});
