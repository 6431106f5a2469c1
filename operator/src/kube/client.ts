import { Agent, request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from '../errors.ts';
import { FIELD_MANAGER } from '../names.ts';
import { TokenBucket } from './rate-limit.ts';
import { resourcePath } from './resources.ts';

/** The fields every Kubernetes object has, as far as the operator reads them generically. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    creationTimestamp?: string | Date;
    deletionTimestamp?: string | Date;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: {
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
      blockOwnerDeletion?: boolean;
    }[];
  };
  [key: string]: unknown;
}

/** Options of {@link KubeClient}. */
export interface KubeClientOptions {
  /** Requests a second, on average. Default 100. */
  qps?: number;
  /** Requests that may go at once after a quiet spell. Default 200. */
  burst?: number;
  /** Field manager for server-side apply. Default `pteronimbus-operator`. */
  fieldManager?: string;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
}

/** A failed call, with the HTTP status (0 when the apiserver could not be reached). */
export type KubeCallError = ReturnType<typeof KubeApiError> & { details: { status: number } };

/** Whether `err` is an API answer with this HTTP status. */
export function hasStatus(err: unknown, status: number): boolean {
  return (
    KubeApiError.is(err) && (err.details as { status?: number } | undefined)?.status === status
  );
}

/**
 * A small REST client for the Kubernetes API: JSON in and out, server-side apply, the status
 * subresource, and one token bucket in front of every call. `@kubernetes/client-node` provides
 * the credentials and the informers; its typed clients cannot apply to a custom resource's
 * status subresource, which the reconciler does on every pass.
 */
export class KubeClient {
  readonly #kc: KubeConfig;
  readonly #server: URL;
  readonly #limiter: TokenBucket;
  readonly #fieldManager: string;
  readonly #timeoutMs: number;
  #base: Promise<{ options: RequestOptions; agent: Agent }> | undefined;
  #baseAt = 0;
  /** Calls made, by verb; the operator's metrics read it. */
  readonly calls = new Map<string, number>();

  constructor(kc: KubeConfig, options: KubeClientOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster)
      throw KubeApiError('CONFIG', '-', 'the kubeconfig has no current cluster', { status: 0 });
    this.#kc = kc;
    this.#server = new URL(cluster.server);
    this.#limiter = new TokenBucket({ qps: options.qps ?? 100, burst: options.burst ?? 200 });
    this.#fieldManager = options.fieldManager ?? FIELD_MANAGER;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** TLS material and auth headers; re-read every minute so a rotated token is picked up. */
  #connection(): Promise<{ options: RequestOptions; agent: Agent }> {
    if (!this.#base || Date.now() - this.#baseAt > 60_000) {
      const previous = this.#base;
      this.#baseAt = Date.now();
      this.#base = (async () => {
        const options: RequestOptions = {};
        await this.#kc.applyToHTTPSOptions(options);
        // One keep-alive agent, instead of the fresh one per call the kubeconfig would hand out.
        const agent = new Agent({
          keepAlive: true,
          maxSockets: 32,
          ca: options.ca,
          cert: options.cert,
          key: options.key,
          ...(options.rejectUnauthorized === undefined
            ? {}
            : { rejectUnauthorized: options.rejectUnauthorized }),
        });
        (await previous)?.agent.destroy();
        return { options, agent };
      })();
      this.#base.catch(() => (this.#base = undefined));
    }
    return this.#base;
  }

  /** Sends one request and parses the JSON answer; throws {@link KubeApiError} on any failure. */
  async request<T = KubeObject>(
    method: string,
    path: string,
    input: {
      body?: unknown;
      contentType?: string;
      query?: Record<string, string | undefined>;
    } = {},
  ): Promise<T> {
    await this.#limiter.take();
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const { options, agent } = await this.#connection();
    const url = new URL(path, this.#server);
    for (const [k, v] of Object.entries(input.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v);
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent,
          timeout: this.#timeoutMs,
          headers: {
            ...(options.headers as Record<string, string> | undefined),
            accept: 'application/json',
            ...(body === undefined
              ? {}
              : {
                  'content-type': input.contentType ?? 'application/json',
                  'content-length': Buffer.byteLength(body),
                }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) =>
            reject(KubeApiError(method, url.pathname, err.message, { status: 0 })),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve((text ? JSON.parse(text) : {}) as T);
              return;
            }
            let message = text;
            try {
              message = (JSON.parse(text) as { message?: string }).message ?? text;
            } catch {
              // Not a Status object; keep the raw text.
            }
            reject(KubeApiError(method, url.pathname, `${status} ${message}`, { status }));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (err) =>
        reject(KubeApiError(method, url.pathname, err.message, { status: 0 })),
      );
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Reads one object; `undefined` when it does not exist. */
  async get<T = KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', resourcePath(kind, { namespace, name }));
    } catch (err) {
      if (hasStatus(err, 404)) return undefined;
      throw err;
    }
  }

  /** Lists a collection (all namespaces when `namespace` is undefined). */
  list<T = KubeObject>(
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<{ metadata: { resourceVersion?: string }; items: T[] }> {
    return this.request('GET', resourcePath(kind, { namespace }), { query: { labelSelector } });
  }

  /** Creates an object. */
  create<T = KubeObject>(object: KubeObject): Promise<T> {
    return this.request<T>(
      'POST',
      resourcePath(String(object.kind), { namespace: object.metadata?.namespace }),
      {
        body: object,
      },
    );
  }

  /**
   * Server-side apply of `object` (which must carry apiVersion, kind and name), taking ownership
   * of the fields it sets; `subresource: 'status'` applies to the status.
   */
  apply<T = KubeObject>(
    object: KubeObject,
    options: { subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    const { namespace, name } = object.metadata ?? {};
    return this.request<T>(
      'PATCH',
      resourcePath(String(object.kind), { namespace, name, subresource: options.subresource }),
      {
        body: object,
        contentType: 'application/apply-patch+yaml',
        query: { fieldManager: this.#fieldManager, force: String(options.force ?? true) },
      },
    );
  }

  /** A JSON merge patch. */
  mergePatch<T = KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    subresource?: string,
  ): Promise<T> {
    return this.request<T>(
      'PATCH',
      resourcePath(kind, { namespace, name, ...(subresource ? { subresource } : {}) }),
      {
        body: patch,
        contentType: 'application/merge-patch+json',
      },
    );
  }

  /** A JSON patch (RFC 6902), e.g. to remove a finalizer only if it is still at that index. */
  jsonPatch<T = KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
    ops: unknown[],
  ): Promise<T> {
    return this.request<T>('PATCH', resourcePath(kind, { namespace, name }), {
      body: ops,
      contentType: 'application/json-patch+json',
    });
  }

  /** Deletes an object; resolves `false` when it was already gone. */
  async delete(
    kind: string,
    namespace: string | undefined,
    name: string,
    propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background',
  ): Promise<boolean> {
    try {
      await this.request('DELETE', resourcePath(kind, { namespace, name }), {
        body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy },
      });
      return true;
    } catch (err) {
      if (hasStatus(err, 404)) return false;
      throw err;
    }
  }

  /** Closes the keep-alive connections. */
  async close(): Promise<void> {
    const base = this.#base;
    this.#base = undefined;
    (await base?.catch(() => undefined))?.agent.destroy();
  }
}
