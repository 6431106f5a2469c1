import { LINK_ANNOTATIONS, type DocumentMessage } from '@pteronimbus/sdk';
import type { KubeClient } from '../kube/client.ts';
import { SYSTEM_NAMESPACE } from '../names.ts';

/** Where the link keeps the last revision it applied, so a restart resumes after it. */
export interface RevisionStore {
  get(): Promise<number>;
  set(revision: number): Promise<void>;
}

/** The ConfigMap holding the link's progress. */
export const LINK_STATE_CONFIGMAP = 'pteronimbus-link-state';

/** Keeps the revision in a ConfigMap of the operator's namespace (it is not a secret). */
export class ConfigMapRevisionStore implements RevisionStore {
  readonly #client: KubeClient;
  readonly #namespace: string;

  constructor(client: KubeClient, namespace = SYSTEM_NAMESPACE) {
    this.#client = client;
    this.#namespace = namespace;
  }

  async get(): Promise<number> {
    const map = await this.#client.get<{ data?: Record<string, string> }>(
      'ConfigMap',
      this.#namespace,
      LINK_STATE_CONFIGMAP,
    );
    const value = Number(map?.data?.lastRevision ?? 0);
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  async set(revision: number): Promise<void> {
    await this.#client.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: LINK_STATE_CONFIGMAP, namespace: this.#namespace },
      data: { lastRevision: String(revision) },
    });
  }
}

/** A revision store in memory, for tests and dry runs. */
export class MemoryRevisionStore implements RevisionStore {
  revision: number;
  constructor(revision = 0) {
    this.revision = revision;
  }
  async get() {
    return this.revision;
  }
  async set(revision: number) {
    this.revision = revision;
  }
}

/**
 * The revision the object a document writes carries now, from its `pteronimbus.io/revision`
 * annotation (the namespace for a Tenant document); `undefined` when there is no such object.
 * Kept on the object itself, it outlives the link's own progress and an operator restart.
 */
export async function objectRevision(
  client: KubeClient,
  doc: DocumentMessage,
): Promise<number | undefined> {
  const object =
    doc.kind === 'Tenant'
      ? await client.get<{ metadata?: { annotations?: Record<string, string> } }>(
          'Namespace',
          undefined,
          doc.namespace,
        )
      : await client.get<{ metadata?: { annotations?: Record<string, string> } }>(
          doc.kind,
          doc.namespace,
          doc.name,
        );
  const value = Number(object?.metadata?.annotations?.[LINK_ANNOTATIONS.revision]);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
