import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server as NetServer, type Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { generateSigningKeyPair, type GameServerStatus } from '@pteronimbus/sdk';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { serverSpec, signedServer, signedTemplate, templateSpec } from '../../test/fixtures.ts';
import { installCrds } from '../crds/install.ts';
import { createLogger } from '../logger.ts';
import { LABEL_TENANT } from '../names.ts';
import { GameServerReconciler } from '../reconciler/controller.ts';
import { KubeClient, type KubeObject } from './client.ts';

const TENANT = 'wd';
const NS = `pn-${TENANT}`;
const { privateKey, publicKey } = generateSigningKeyPair();
/** The client's own inactivity timeout on a watch: a dead watch is noticed by it after this. */
const CLIENT_WATCH_TIMEOUT_MS = 30_000;

/**
 * A TCP relay in front of the apiserver that can freeze every connection it holds: bytes stop
 * flowing both ways but no connection is closed, as when a NAT or load balancer silently drops a
 * long-lived stream. Connections opened after a freeze work normally.
 */
async function startFreezableProxy(target: number) {
  const open = new Set<{ client: Socket; upstream: Socket }>();
  const server: NetServer = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    const pair = { client, upstream };
    open.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const frozen: Socket[] = [];
  return {
    port: (server.address() as { port: number }).port,
    /** Stops every current connection in place; returns how many were frozen. */
    freeze(): number {
      const count = open.size;
      for (const { client, upstream } of open) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        client.removeAllListeners('close');
        upstream.removeAllListeners('close');
        frozen.push(client, upstream);
      }
      open.clear();
      return count;
    },
    async close() {
      for (const s of frozen) s.destroy();
      for (const { client, upstream } of open) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const testLog = createLogger({ stream: process.stderr });

type GameServerObject = KubeObject & { status?: GameServerStatus };

describe('informer watchdog on a real apiserver', () => {
  let kube: KubeHandle;
  let admin: KubeClient;
  let operatorClient: KubeClient;
  let proxy: Awaited<ReturnType<typeof startFreezableProxy>>;
  let reconciler: GameServerReconciler;

  beforeAll(async () => {
    kube = await startKube();
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'pteronimbus-link' });
    operatorClient = new KubeClient(kc);
    await installCrds(admin);
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { [LABEL_TENANT]: TENANT } },
    });
    await admin.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pn-quota', namespace: NS },
      spec: { hard: { 'limits.cpu': '4', 'limits.memory': '8Gi', 'requests.storage': '40Gi' } },
    });
    await vi.waitFor(
      () =>
        admin.apply(
          signedTemplate(privateKey, TENANT, NS, 'paper', templateSpec(), '1', 'watchdog'),
        ),
      converge,
    );
    // Only the watches go through the relay: lists and writes use the direct client, so freezing
    // the relay silences exactly the watch streams.
    proxy = await startFreezableProxy(kube.ports.apiserver);
    const watchKc = new KubeConfig();
    watchKc.loadFromString(
      readFileSync(kube.kubeconfigPath, 'utf8').replaceAll(
        kube.server,
        `https://127.0.0.1:${proxy.port}`,
      ),
    );
    reconciler = new GameServerReconciler({
      kubeConfig: watchKc,
      client: operatorClient,
      publicKey,
      clusterId: 'watchdog',
      silenceMs: 4_000,
      // No periodic resync can stand in for the watch during the test.
      resyncMs: 3_600_000,
      ...(process.env.PN_TEST_LOG ? { log: testLog } : {}),
    });
    await reconciler.start();
  });
  afterAll(async () => {
    await reconciler?.stop();
    await proxy?.close();
    await operatorClient?.close();
    await admin?.close();
    await kube?.stop();
  });

  const phaseOf = (name: string) =>
    admin.get<GameServerObject>('GameServer', NS, name).then((s) => s?.status?.phase);

  it('restarts a watch gone silent, and reconciliation resumes before the client would notice', async () => {
    await admin.apply(
      signedServer(privateKey, NS, 'before', serverSpec(TENANT), 1, TENANT, 'watchdog'),
    );
    await vi.waitFor(async () => expect(await phaseOf('before')).toBe('Installing'), {
      ...converge,
      timeout: 60_000,
    });

    const silenceBefore = reconciler.servers.restarts.silence;
    const errorsBefore = reconciler.servers.restarts.error;
    expect(proxy.freeze()).toBeGreaterThan(0);
    const frozenAt = Date.now();
    // Written straight to the apiserver: the frozen watch never delivers it.
    await admin.apply(
      signedServer(privateKey, NS, 'after', serverSpec(TENANT), 1, TENANT, 'watchdog'),
    );

    await vi.waitFor(async () => expect(await phaseOf('after')).toBe('Installing'), {
      ...converge,
      timeout: 60_000,
    });
    const elapsed = Date.now() - frozenAt;
    // Only the watchdog can explain it: no resync is due, and the client's own inactivity timeout
    // on the frozen watch has not run out yet.
    expect(elapsed).toBeLessThan(CLIENT_WATCH_TIMEOUT_MS - 5_000);
    expect(reconciler.servers.restarts.silence).toBeGreaterThan(silenceBefore);
    // A restart stops the old watch; its abort is not mistaken for a failure.
    expect(reconciler.servers.restarts.error).toBe(errorsBefore);
    // The children of the new server were made from the restarted caches.
    expect(await admin.get('Service', NS, 'after')).toBeTruthy();
  });
});
