import type { KubeClient, KubeObject } from '../src/kube/client.ts';
import { LABEL_MANAGED_BY, MANAGED_BY } from '../src/names.ts';

interface StatefulSet extends KubeObject {
  spec: {
    replicas: number;
    template: { metadata: { labels: Record<string, string> }; spec: unknown };
  };
}

/**
 * Plays the StatefulSet controller and the kubelet, which the test cluster does not run: a
 * StatefulSet of one replica gets its pod `<name>-0`, marked Ready when `ready(name)` says so; a
 * StatefulSet scaled to zero loses its pod.
 */
export function fakeKubelet(
  client: KubeClient,
  options: { ready?: (sts: string) => boolean; intervalMs?: number } = {},
): { stop(): void; tick(): Promise<void> } {
  const ready = options.ready ?? (() => true);
  let stopped = false;
  const tick = async (): Promise<void> => {
    const list = await client.list<StatefulSet>(
      'StatefulSet',
      undefined,
      `${LABEL_MANAGED_BY}=${MANAGED_BY}`,
    );
    for (const sts of list.items) {
      const { name, namespace, uid } = sts.metadata as {
        name: string;
        namespace: string;
        uid: string;
      };
      const podName = `${name}-0`;
      const pod = await client.get('Pod', namespace, podName);
      if (sts.spec.replicas === 0) {
        if (pod) await client.delete('Pod', namespace, podName);
        continue;
      }
      if (!pod) {
        await client.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: podName,
            namespace,
            labels: sts.spec.template.metadata.labels,
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'StatefulSet', name, uid, controller: true },
            ],
          },
          spec: sts.spec.template.spec,
        });
        continue;
      }
      const isReady = ready(name);
      const current = (
        pod.status as { conditions?: { type: string; status: string }[] } | undefined
      )?.conditions;
      const readyNow = current?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      if (readyNow === isReady && current) continue;
      const now = new Date().toISOString();
      await client.mergePatch(
        'Pod',
        namespace,
        podName,
        {
          status: {
            phase: 'Running',
            conditions: [
              { type: 'Ready', status: isReady ? 'True' : 'False', lastTransitionTime: now },
            ],
            containerStatuses: [
              {
                name: 'game',
                ready: isReady,
                restartCount: 0,
                image: 'game',
                imageID: '',
                state: { running: { startedAt: now } },
              },
            ],
          },
        },
        'status',
      );
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await tick().catch(() => undefined);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 300));
    }
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
    },
    tick,
  };
}

/** Ends a Job as the Job controller would: `Complete` or `Failed`. */
export async function finishJob(
  client: KubeClient,
  namespace: string,
  name: string,
  outcome: 'Complete' | 'Failed',
): Promise<void> {
  const now = new Date().toISOString();
  const cond = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    reason,
    message,
    lastProbeTime: now,
    lastTransitionTime: now,
  });
  const status =
    outcome === 'Complete'
      ? {
          startTime: now,
          completionTime: now,
          succeeded: 1,
          conditions: [
            cond('SuccessCriteriaMet', 'CompletionsReached', 'done'),
            cond('Complete', 'CompletionsReached', 'done'),
          ],
        }
      : {
          startTime: now,
          failed: 1,
          conditions: [
            cond(
              'FailureTarget',
              'BackoffLimitExceeded',
              'Job has reached the specified backoff limit',
            ),
            cond('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
          ],
        };
  await client.mergePatch('Job', namespace, name, { status }, 'status');
}
