import { KubeConfig } from '@kubernetes/client-node';
import type { OperatorMessage } from '@pteronimbus/sdk';
import { startKube, startKubelet, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { KubeClient } from '../kube/client.ts';
import {
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_SERVER,
  LABEL_TENANT,
  MANAGED_BY,
} from '../names.ts';
import { InstallLogRelay } from './install.ts';

const TENANT = 'i1';
const NS = `pn-${TENANT}`;

/** The link as far as the relay uses it: frames are recorded while it is up. */
function recordingLink() {
  const sent: OperatorMessage[] = [];
  const listeners: Array<() => void> = [];
  const link = {
    up: false,
    sent,
    send(message: OperatorMessage) {
      if (!link.up) return false;
      sent.push(message);
      return true;
    },
    onConnected(fn: () => void) {
      listeners.push(fn);
      if (link.up) fn();
    },
    connect() {
      link.up = true;
      for (const fn of listeners) fn();
    },
  };
  return link;
}

describe('install log relay on a real apiserver', () => {
  let kube: KubeHandle;
  let kc: KubeConfig;
  let admin: KubeClient;
  let relay: InstallLogRelay;
  const link = recordingLink();

  /** Plays the kubelet: the state of the pod's install container. */
  const setState = (pod: string, state: Record<string, unknown>) =>
    admin.mergePatch(
      'Pod',
      NS,
      pod,
      {
        status: {
          containerStatuses: [
            {
              name: 'install',
              ready: false,
              restartCount: 0,
              image: 'installer',
              imageID: '',
              state,
            },
          ],
        },
      },
      'status',
    );

  const installPod = async (server: string, state: Record<string, unknown>) => {
    const name = `${server}-install-0-abcde`;
    await admin.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: NS,
        labels: {
          [LABEL_MANAGED_BY]: MANAGED_BY,
          [LABEL_SERVER]: server,
          [LABEL_TENANT]: TENANT,
          [LABEL_COMPONENT]: 'install',
          'batch.kubernetes.io/job-name': `${server}-install-0`,
        },
      },
      spec: { restartPolicy: 'Never', containers: [{ name: 'install', image: 'installer' }] },
    });
    await setState(name, state);
    return name;
  };

  beforeAll(async () => {
    kube = await startKube({ gc: false });
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'test-admin' });
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { [LABEL_TENANT]: TENANT } },
    });
    relay = new InstallLogRelay({ kubeConfig: kc, client: admin, link });
    await relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await admin?.close();
    await kube?.stop();
  });

  it('leaves an install that has not started alone', async () => {
    link.connect();
    await installPod('waiting', { waiting: { reason: 'ContainerCreating' } });
    // Give the watch time to deliver it; nothing may be sent for it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(link.sent).toEqual([]);
  });

  it('ends a log it cannot read with the reason, delivered once the link is up, and does not retry it', async () => {
    link.up = false;
    // No kubelet runs this pod: the apiserver cannot serve its log.
    const pod = await installPod('s1', { running: { startedAt: new Date().toISOString() } });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The link was down: nothing was delivered, so nothing is marked done.
    expect(link.sent).toEqual([]);

    link.connect();
    const end = await vi.waitFor(() => {
      expect(link.sent).toHaveLength(1);
      return link.sent[0]!;
    }, converge);
    expect(end).toMatchObject({
      type: 'install.end',
      tenantId: TENANT,
      namespace: NS,
      name: 's1',
      job: 's1-install-0',
      error: { code: 'PN_LINK_LOGS_FAILED' },
    });

    // The pod changes (it finishes): not tried again, so a broken kubelet is no loop.
    await setState(pod, { terminated: { exitCode: 0, finishedAt: new Date().toISOString() } });
    link.connect();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(link.sent).toHaveLength(1);
  });

  it('relays an install as it prints, through the kubelet, and ends it with the log', async () => {
    link.connect();
    const from = link.sent.length;
    const labels = {
      [LABEL_MANAGED_BY]: MANAGED_BY,
      [LABEL_SERVER]: 's2',
      [LABEL_TENANT]: TENANT,
      [LABEL_COMPONENT]: 'install',
    };
    const kubelet = await startKubelet(kube, {
      selector: `${LABEL_SERVER}=s2`,
      boot: () => ['Downloading server.jar'],
      jobOutcome: () => null,
    });
    try {
      await admin.create({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 's2-install-0', namespace: NS, labels },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: { labels },
            spec: { restartPolicy: 'Never', containers: [{ name: 'install', image: 'installer' }] },
          },
        },
      });
      const base = { tenantId: TENANT, namespace: NS, name: 's2', job: 's2-install-0' };
      await vi.waitFor(
        () =>
          expect(link.sent.slice(from)).toEqual([
            { type: 'install.output', ...base, data: 'Downloading server.jar\n', restart: true },
          ]),
        converge,
      );
      kubelet.print({ namespace: NS, pod: 's2-install-0-pod', container: 'install' }, 'Done');
      await vi.waitFor(
        () =>
          expect(link.sent.slice(from + 1)).toEqual([
            { type: 'install.output', ...base, data: 'Done\n' },
          ]),
        converge,
      );

      // The link drops while the install prints: once it is back, the log is sent again from
      // its start, marked so that core replaces what it kept.
      link.up = false;
      kubelet.print({ namespace: NS, pod: 's2-install-0-pod', container: 'install' }, 'Unpacking');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const back = link.sent.length;
      link.connect();
      await vi.waitFor(() => {
        const again = link.sent.slice(back) as Array<{ data?: string; restart?: boolean }>;
        expect(again[0]?.restart).toBe(true);
        expect(again.map((m) => m.data).join('')).toBe('Downloading server.jar\nDone\nUnpacking\n');
      }, converge);
    } finally {
      // The kubelet going away ends the followed log.
      await kubelet.stop();
    }
    await vi.waitFor(
      () =>
        expect(link.sent.at(-1)).toEqual({
          type: 'install.end',
          tenantId: TENANT,
          namespace: NS,
          name: 's2',
          job: 's2-install-0',
        }),
      converge,
    );
  });
});
