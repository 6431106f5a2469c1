import { PassThrough } from 'node:stream';
import { Attach, type KubeConfig } from '@kubernetes/client-node';
import {
  TENANT_LABEL,
  type ConsoleInputMessage,
  type LogsFollowMessage,
  type LogsStopMessage,
  type OperatorMessage,
} from '@pteronimbus/sdk';
import type { KubeClient } from '../kube/client.ts';
import { readPodLog, type PodLogStream } from '../kube/logs.ts';
import { LABEL_COMPONENT, LABEL_SERVER } from '../names.ts';
import { LinkAttachFailed, LinkLogsFailed, LinkRelayRefused } from './errors.ts';
import type { LinkRelayHandler } from './link.ts';

/** The container every game pod runs the game in. */
export const GAME_CONTAINER = 'game';

/** Tenant namespaces: `pn-` and the tenant id, a DNS label. */
const TENANT_NAMESPACE = /^pn-([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

type Relayed = ConsoleInputMessage | LogsFollowMessage | LogsStopMessage;

const errorInfo = (err: unknown) => ({
  code: (err as { code?: string }).code ?? 'PN_INTERNAL',
  message: (err as Error).message ?? String(err),
});

/**
 * Console input through the pod attach API and log relay through the pod log API. Both go
 * through the kubelet: with no kubelet (a bare control plane) they fail, and the failure is
 * reported to core as a coded error.
 */
export class KubeRelay implements LinkRelayHandler {
  readonly #kc: KubeConfig;
  readonly #client: KubeClient;
  readonly #streams = new Map<string, PodLogStream>();

  constructor(kc: KubeConfig, client: KubeClient) {
    this.#kc = kc;
    this.#client = client;
  }

  handle(message: Relayed, send: (m: OperatorMessage) => void): void {
    if (message.type === 'console.input') {
      this.consoleInput(message).then(
        () => send({ type: 'console.result', requestId: message.requestId, ok: true }),
        (err: unknown) =>
          send({
            type: 'console.result',
            requestId: message.requestId,
            ok: false,
            error: errorInfo(err),
          }),
      );
    } else if (message.type === 'logs.follow') {
      this.followLogs(message, send).catch((err: unknown) =>
        send({ type: 'logs.end', streamId: message.streamId, error: errorInfo(err) }),
      );
    } else {
      const stream = this.#streams.get(message.streamId);
      this.#streams.delete(message.streamId);
      stream?.stop();
    }
  }

  stopAll(): void {
    for (const stream of this.#streams.values()) stream.stop();
    this.#streams.clear();
  }

  /**
   * Refuses anything but a GameServer this operator manages: in a tenant namespace (`pn-<id>`,
   * labelled with that tenant), with the GameServer object present. Core never asks for another,
   * so a request that does is not followed into `kube-system` or anywhere else.
   */
  async managedServer(namespace: string, name: string): Promise<void> {
    const tenant = TENANT_NAMESPACE.exec(namespace)?.[1];
    if (!tenant) throw LinkRelayRefused(`${namespace} is not a tenant namespace`);
    const ns = await this.#client.get<{ metadata?: { labels?: Record<string, string> } }>(
      'Namespace',
      undefined,
      namespace,
    );
    if (ns?.metadata?.labels?.[TENANT_LABEL] !== tenant)
      throw LinkRelayRefused(`${namespace} is not a tenant namespace`);
    if (!(await this.#client.get('GameServer', namespace, name)))
      throw LinkRelayRefused(`${namespace}/${name} is not a game server`);
  }

  /** The pod running a server's game, preferring a running one. */
  async gamePod(namespace: string, name: string): Promise<string | undefined> {
    await this.managedServer(namespace, name);
    const pods = await this.#client.list<{
      metadata: { name: string };
      status?: { phase?: string };
    }>('Pod', namespace, `${LABEL_SERVER}=${name},${LABEL_COMPONENT}=game`);
    const running = pods.items.find((p) => p.status?.phase === 'Running') ?? pods.items[0];
    return running?.metadata.name;
  }

  /** Writes `data` to the game's stdin. */
  async consoleInput(message: ConsoleInputMessage): Promise<void> {
    const pod = await this.gamePod(message.namespace, message.name);
    if (!pod) throw LinkAttachFailed(`server ${message.namespace}/${message.name} has no pod`);
    const stdin = new PassThrough();
    try {
      const socket = await new Attach(this.#kc).attach(
        message.namespace,
        pod,
        GAME_CONTAINER,
        null,
        null,
        stdin,
        false,
      );
      stdin.end(message.data);
      // Give the frame time to leave before closing the attach session.
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.close();
    } catch (err) {
      throw LinkAttachFailed((err as Error).message ?? String(err));
    }
  }

  /** Streams the game's log as `logs.data` frames until stopped or the log ends. */
  async followLogs(message: LogsFollowMessage, send: (m: OperatorMessage) => void): Promise<void> {
    const pod = await this.gamePod(message.namespace, message.name);
    if (!pod) throw LinkLogsFailed(`server ${message.namespace}/${message.name} has no pod`);
    let stream: PodLogStream;
    try {
      stream = await readPodLog(
        this.#kc,
        {
          namespace: message.namespace,
          pod,
          container: message.container ?? GAME_CONTAINER,
          ...(message.tailLines === undefined ? {} : { tailLines: message.tailLines }),
        },
        (data) => send({ type: 'logs.data', streamId: message.streamId, data }),
      );
    } catch (err) {
      throw LinkLogsFailed((err as Error).message ?? String(err));
    }
    this.#streams.set(message.streamId, stream);
    stream.done.then(
      () => {
        if (this.#streams.get(message.streamId) !== stream) return;
        this.#streams.delete(message.streamId);
        send({ type: 'logs.end', streamId: message.streamId });
      },
      (err: unknown) => {
        this.#streams.delete(message.streamId);
        send({
          type: 'logs.end',
          streamId: message.streamId,
          error: errorInfo(LinkLogsFailed((err as Error).message)),
        });
      },
    );
  }
}
