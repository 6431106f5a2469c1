import type { KubeClient } from '../kube/client.ts';
import { API_VERSION, FIELD_MANAGER } from '../names.ts';
import type { GameServer } from './types.ts';

/** Records Kubernetes Events on GameServers, so `kubectl describe` shows each step. */
export class EventRecorder {
  readonly #client: KubeClient;
  readonly #onError: (error: unknown) => void;

  constructor(client: KubeClient, onError: (error: unknown) => void = () => {}) {
    this.#client = client;
    this.#onError = onError;
  }

  /** Records one event; failures are reported but never fail a reconcile. */
  async record(
    server: GameServer,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    const now = new Date().toISOString();
    try {
      await this.#client.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          generateName: `${server.metadata.name}.`,
          namespace: server.metadata.namespace,
        },
        involvedObject: {
          apiVersion: API_VERSION,
          kind: 'GameServer',
          name: server.metadata.name,
          namespace: server.metadata.namespace,
          uid: server.metadata.uid,
        },
        type,
        reason,
        message,
        source: { component: FIELD_MANAGER },
        reportingComponent: FIELD_MANAGER,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
    } catch (err) {
      this.#onError(err);
    }
  }
}
