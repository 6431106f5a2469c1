import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';

/** Which container's log to read, and how. */
export interface PodLogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** Keep the request open and receive new lines as they are written. Default true. */
  follow?: boolean;
  /** Start with only the last lines. */
  tailLines?: number;
}

/** A log being read; `done` settles when it ends (resolves on a normal end or after `stop`). */
export interface PodLogStream {
  readonly done: Promise<void>;
  stop(): void;
}

/** Why the apiserver refused a log request: its status and message. */
export class PodLogError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'PodLogError';
    this.status = status;
  }
}

/**
 * Reads a pod's log through the apiserver (which asks the node's kubelet), calling `onData` with
 * each chunk of text. Resolves once the apiserver accepted the request; rejects with
 * {@link PodLogError} when it did not.
 *
 * Written on `node:https` rather than client-node's `Log`: a followed log of a quiet game may see
 * nothing for hours, and `Log` runs on a fetch client with a five-minute body timeout whose error,
 * like the one from aborting it, escapes as an uncaught exception. Here a quiet log stays open,
 * stopping is silent, and every failure settles `done`.
 */
export async function readPodLog(
  kc: KubeConfig,
  req: PodLogRequest,
  onData: (text: string) => void,
): Promise<PodLogStream> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new PodLogError(0, 'no current cluster in the kubeconfig');
  const url = new URL(
    `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log`,
    cluster.server,
  );
  url.searchParams.set('container', req.container);
  if (req.follow ?? true) url.searchParams.set('follow', 'true');
  if (req.tailLines !== undefined) url.searchParams.set('tailLines', String(req.tailLines));
  const options: RequestOptions = { method: 'GET', headers: {} };
  await kc.applyToHTTPSOptions(options);

  let stopped = false;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const call = request(url, options, resolve);
    call.on('error', reject);
    call.end();
  });
  if (response.statusCode !== 200) {
    const body = await readAll(response);
    let message = body.trim() || `HTTP ${response.statusCode}`;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // Not a Status object: keep the text.
    }
    throw new PodLogError(response.statusCode ?? 0, message);
  }
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    if (!stopped) onData(chunk);
  });
  const done = new Promise<void>((resolve, reject) => {
    response.on('end', () => resolve());
    response.on('close', () => resolve());
    response.on('error', (err) => (stopped ? resolve() : reject(err)));
  });
  // A caller that only waits for `done` when it cares must not crash the process otherwise.
  done.catch(() => undefined);
  return {
    done,
    stop() {
      stopped = true;
      response.destroy();
    },
  };
}

async function readAll(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let body = '';
  for await (const chunk of response) body += chunk as string;
  return body.slice(0, 4096);
}
