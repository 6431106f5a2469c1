import type { KubeConfig } from '@kubernetes/client-node';
import { canonicalJson, type StatusMessage } from '@pteronimbus/sdk';
import type { KubeClient, KubeObject } from '../kube/client.ts';
import { WatchedInformer } from '../kube/informer.ts';
import { GAME_SERVERS, LABEL_TENANT } from '../names.ts';
import type { OperatorLink } from './link.ts';

type GameServerObject = KubeObject & {
  spec?: { tenantId?: string };
  status?: Record<string, unknown>;
};

/** The status frame of one GameServer, or null when it carries no tenant. */
export function statusMessage(object: GameServerObject, deleted: boolean): StatusMessage | null {
  const tenantId = object.spec?.tenantId ?? object.metadata?.labels?.[LABEL_TENANT];
  const { namespace, name, generation } = object.metadata ?? {};
  if (!tenantId || !namespace || !name) return null;
  return {
    type: 'status',
    kind: 'GameServer',
    tenantId,
    namespace,
    name,
    ...(generation === undefined ? {} : { generation }),
    status: deleted ? null : (object.status ?? {}),
  };
}

/**
 * Reports GameServer status to core: every change as it happens, and everything again after each
 * reconnect (level-triggered: a change missed while the link was down is sent then). A change of
 * spec or metadata alone is not reported twice.
 */
export class StatusReporter {
  readonly #informer: WatchedInformer<GameServerObject>;
  readonly #link: OperatorLink;
  readonly #sent = new Map<string, string>();

  constructor(kc: KubeConfig, client: KubeClient, link: OperatorLink) {
    this.#link = link;
    this.#informer = new WatchedInformer<GameServerObject>(kc, client, GAME_SERVERS.kind);
    this.#informer.onChange((object, verb) => this.#report(object, verb === 'delete'));
    link.onConnected(() => {
      this.#sent.clear();
      for (const object of this.#informer.list()) this.#report(object, false);
    });
  }

  start(): Promise<void> {
    return this.#informer.start();
  }

  stop(): Promise<void> {
    return this.#informer.stop();
  }

  #report(object: GameServerObject, deleted: boolean) {
    const message = statusMessage(object, deleted);
    if (!message) return;
    const key = `${message.namespace}/${message.name}`;
    const fingerprint = canonicalJson([message.generation ?? null, message.status]);
    if (this.#sent.get(key) === fingerprint) return;
    if (!this.#link.send(message)) return;
    if (deleted) this.#sent.delete(key);
    else this.#sent.set(key, fingerprint);
  }
}
