import { KubeConfig } from '@kubernetes/client-node';
import { TENANT_LABEL, type OperatorMessage } from '@pteronimbus/sdk';
import { startKube, startKubelet, type KubeHandle, type Kubelet } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { serverSpec, signedServer } from '../../test/fixtures.ts';
import { installCrds } from '../crds/install.ts';
import { KubeClient } from '../kube/client.ts';
import { LABEL_COMPONENT, LABEL_SERVER } from '../names.ts';
import { GAME_CONTAINER, KubeRelay } from './relay.ts';

const NS = 'pn-relay';
/** Looks like a tenant namespace, but no tenant label: not one the operator manages. */
const ROGUE = 'pn-rogue';
const game = { namespace: NS, pod: 'alpha-0', container: GAME_CONTAINER };

describe('console and log relay through the apiserver to a (simulated) kubelet', () => {
  let kube: KubeHandle;
  let kubelet: Kubelet;
  let relay: KubeRelay;
  const sent: OperatorMessage[] = [];
  const send = (m: OperatorMessage) => sent.push(m);
  const dataOf = (streamId: string) =>
    sent
      .flatMap((m) => (m.type === 'logs.data' && m.streamId === streamId ? [m.data] : []))
      .join('');

  beforeAll(async () => {
    kube = await startKube();
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    const admin = new KubeClient(kc, { fieldManager: 'test-admin' });
    kubelet = await startKubelet(kube, {
      boot: () => ['[Server] Starting', '[Server] Done (1.2s)!'],
      onInput: (_ref, line) => [`[Server] Unknown command "${line}"`],
    });
    await installCrds(admin);
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { [TENANT_LABEL]: 'relay' } },
    });
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ROGUE } });
    // Game pods of `alpha` in both namespaces, and of `beta`, which has no GameServer.
    const gamePods = async (namespace: string, server: string) => {
      await vi.waitFor(
        async () => expect(await admin.get('ServiceAccount', namespace, 'default')).toBeTruthy(),
        converge,
      );
      const labels = { [LABEL_SERVER]: server, [LABEL_COMPONENT]: 'game' };
      await admin.create({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: server, namespace },
        spec: {
          replicas: 1,
          serviceName: server,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: GAME_CONTAINER, image: 'game:1', stdin: true }] },
          },
        },
      });
      await vi.waitFor(async () => {
        const pod = await admin.get<{ status?: { phase?: string } }>(
          'Pod',
          namespace,
          `${server}-0`,
        );
        expect(pod?.status?.phase).toBe('Running');
      }, converge);
    };
    await gamePods(NS, 'alpha');
    await gamePods(NS, 'beta');
    await gamePods(ROGUE, 'alpha');
    for (const name of ['alpha', 'ghost'])
      await admin.create(signedServer(undefined, NS, name, serverSpec('relay')));
    relay = new KubeRelay(kc, admin);
  });

  afterAll(async () => {
    relay?.stopAll();
    await kubelet?.stop();
    await kube?.stop();
  });

  it('follows the game log from its last lines, relays console input, and stops on request', async () => {
    relay.handle(
      { type: 'logs.follow', streamId: 'st1', namespace: NS, name: 'alpha', tailLines: 1 },
      send,
    );
    await vi.waitFor(
      async () => expect(dataOf('st1'), JSON.stringify(sent)).toBe('[Server] Done (1.2s)!\n'),
      converge,
    );

    relay.handle(
      { type: 'console.input', requestId: 'r1', namespace: NS, name: 'alpha', data: 'help\n' },
      send,
    );
    await vi.waitFor(
      async () =>
        expect(sent).toContainEqual({ type: 'console.result', requestId: 'r1', ok: true }),
      converge,
    );
    await vi.waitFor(
      async () =>
        expect(dataOf('st1')).toBe('[Server] Done (1.2s)!\n[Server] Unknown command "help"\n'),
      converge,
    );
    expect(kubelet.stdin(game)).toEqual(['help']);

    relay.handle({ type: 'logs.stop', streamId: 'st1' }, send);
    await new Promise((r) => setTimeout(r, 200));
    kubelet.print(game, 'after the stop');
    await new Promise((r) => setTimeout(r, 300));
    expect(dataOf('st1')).not.toContain('after the stop');
  });

  it('ends a follow the apiserver refuses with a coded logs.end', async () => {
    relay.handle(
      { type: 'logs.follow', streamId: 'st2', namespace: NS, name: 'alpha', container: 'nope' },
      send,
    );
    const end = await vi.waitFor(async () => {
      const found = sent.find((m) => m.type === 'logs.end' && m.streamId === 'st2');
      expect(found).toBeDefined();
      return found as Extract<OperatorMessage, { type: 'logs.end' }>;
    }, converge);
    // The apiserver refuses a container the pod does not have.
    expect(end.error?.code).toBe('PN_LINK_LOGS_FAILED');
  });

  it('refuses to relay for anything but a game server it manages in a tenant namespace', async () => {
    for (const [streamId, namespace, name] of [
      ['st4', ROGUE, 'alpha'],
      ['st5', NS, 'beta'],
      ['st6', 'kube-system', 'alpha'],
    ] as const) {
      relay.handle({ type: 'logs.follow', streamId, namespace, name }, send);
      relay.handle(
        { type: 'console.input', requestId: streamId, namespace, name, data: 'stop\n' },
        send,
      );
    }
    await vi.waitFor(async () => {
      for (const id of ['st4', 'st5', 'st6']) {
        expect(sent).toContainEqual({
          type: 'logs.end',
          streamId: id,
          error: expect.objectContaining({ code: 'PN_LINK_RELAY_REFUSED' }),
        });
        expect(sent).toContainEqual({
          type: 'console.result',
          requestId: id,
          ok: false,
          error: expect.objectContaining({ code: 'PN_LINK_RELAY_REFUSED' }),
        });
      }
    }, converge);
    // Nothing was read from or written to those pods.
    expect(sent.filter((m) => m.type === 'logs.data' && m.streamId !== 'st1')).toEqual([]);
    expect(kubelet.stdin({ namespace: ROGUE, pod: 'alpha-0', container: GAME_CONTAINER })).toEqual(
      [],
    );
    expect(kubelet.stdin({ namespace: NS, pod: 'beta-0', container: GAME_CONTAINER })).toEqual([]);
  });

  it('reports a server without a pod as a coded error, for logs and for console input', async () => {
    relay.handle({ type: 'logs.follow', streamId: 'st3', namespace: NS, name: 'ghost' }, send);
    relay.handle(
      { type: 'console.input', requestId: 'r2', namespace: NS, name: 'ghost', data: 'x\n' },
      send,
    );
    await vi.waitFor(async () => {
      expect(sent).toContainEqual(
        expect.objectContaining({
          type: 'logs.end',
          streamId: 'st3',
          error: expect.objectContaining({ code: 'PN_LINK_LOGS_FAILED' }),
        }),
      );
      expect(sent).toContainEqual(
        expect.objectContaining({
          type: 'console.result',
          requestId: 'r2',
          ok: false,
          error: expect.objectContaining({ code: 'PN_LINK_ATTACH_FAILED' }),
        }),
      );
    }, converge);
  });
});
