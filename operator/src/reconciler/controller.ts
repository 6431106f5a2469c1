import type { KubeConfig } from '@kubernetes/client-node';
import type { GameServerStatus, KeyInput, TrustedKeys } from '@pteronimbus/sdk';
import { hasStatus, type KubeClient, type KubeObject } from '../kube/client.ts';
import { WatchedInformer } from '../kube/informer.ts';
import { NamespacedInformers } from '../kube/namespaced.ts';
import { DEFAULT_WORKLOAD_SECURITY, type WorkloadSecurity } from '../security.ts';
import { tenantSecretsBinding } from './access.ts';
import {
  ANNOTATION_APPLIED_HASH,
  ANNOTATION_REVISION,
  API_VERSION,
  FINALIZER,
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_SERVER,
  LABEL_TEMPLATE_VERSION,
  LABEL_TENANT,
  MANAGED_BY,
  QUOTA_NAME,
  SYSTEM_NAMESPACE,
} from '../names.ts';
import {
  RuntimeProblem,
  buildDataClaim,
  buildEnvSecret,
  buildFilesConfigMap,
  buildInstallJob,
  buildService,
  buildStatefulSet,
  childName,
  inputsHash,
  resolveRuntime,
  withAppliedHash,
  type Runtime,
} from './children.ts';
import { EventRecorder } from './events.ts';
import { decide, type Decision, type Observation } from './phase.ts';
import { WorkQueue } from './queue.ts';
import type { GameServer, GameTemplate, JobView, PodView, ServiceView } from './types.ts';
import { quotaFromResourceQuota, verifyServer, verifyTemplate } from './verify.ts';
import { silentLogger, type Logger } from '../logger.ts';

/** Options of {@link GameServerReconciler}. */
export interface ReconcilerOptions {
  kubeConfig: KubeConfig;
  client: KubeClient;
  /** Core's Ed25519 public key, or its keys by id (the link updates them): only what it signed runs. */
  publicKey: KeyInput | TrustedKeys;
  /** Name of this cluster in the panel (the `P_SERVER_LOCATION` of every server). */
  clusterId: string;
  /** Servers reconciled at once. Default 8. */
  concurrency?: number;
  /** Every server is reconciled again this often even without a change. Default 5 min. */
  resyncMs?: number;
  /** See {@link WatchedInformerOptions.silenceMs}. */
  silenceMs?: number;
  log?: Logger;
  /** Called after each reconcile, for metrics. */
  onReconciled?: (ms: number, error?: unknown) => void;
  /** Called when an informer restarts, for metrics. */
  onInformerRestart?: (kind: string, why: 'error' | 'silence') => void;
  /** The operator's own image, which patches config files in game pods. */
  operatorImage?: string;
  /** Runtime class and install deadline of game pods and install Jobs. */
  workloadSecurity?: WorkloadSecurity;
  /** The namespace of the operator's service account, bound to Secrets in tenant namespaces. */
  operatorNamespace?: string;
}

type ChildInformers = {
  StatefulSet: WatchedInformer<KubeObject>;
  Service: WatchedInformer<ServiceView>;
  PersistentVolumeClaim: WatchedInformer<KubeObject>;
  ConfigMap: WatchedInformer<KubeObject>;
  /** Per tenant namespace: the operator may use Secrets only there. */
  Secret: NamespacedInformers<KubeObject>;
  Job: WatchedInformer<JobView>;
  Pod: WatchedInformer<PodView>;
};

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Whether the status the reconciler writes changed; `usage` is the usage sampler's field. */
function statusEqual(a: GameServerStatus | undefined, b: GameServerStatus): boolean {
  const { usage: _usage, ...own } = a ?? {};
  return JSON.stringify(own) === JSON.stringify(b);
}

/**
 * Reconciles GameServers into StatefulSets, Services, volumes, config and install Jobs, from
 * informer caches and a work queue. Each pass reads only caches, computes the whole desired state
 * and applies what differs with server-side apply, so it is idempotent and level-triggered: after
 * a crash, a lost watch or a restart, the next pass converges.
 */
export class GameServerReconciler {
  readonly #o: ReconcilerOptions;
  readonly #client: KubeClient;
  readonly #log: Logger;
  readonly #events: EventRecorder;
  readonly servers: WatchedInformer<GameServer>;
  readonly templates: WatchedInformer<GameTemplate>;
  readonly namespaces: WatchedInformer<KubeObject>;
  readonly quotas: WatchedInformer<KubeObject & { spec?: { hard?: Record<string, string> } }>;
  readonly children: ChildInformers;
  readonly queue: WorkQueue;
  #resync: NodeJS.Timeout | undefined;
  #running = false;
  /** Per tenant namespace: its Secret RoleBinding written and its Secrets watched. */
  readonly #secretAccess = new Map<string, Promise<void>>();

  constructor(options: ReconcilerOptions) {
    this.#o = options;
    this.#client = options.client;
    this.#log = options.log ?? silentLogger;
    this.#events = new EventRecorder(options.client, (err) =>
      this.#log.warn({ err }, 'could not record an event'),
    );
    const informerOptions = (labelSelector?: string) => ({
      ...(labelSelector ? { labelSelector } : {}),
      ...(options.silenceMs ? { silenceMs: options.silenceMs } : {}),
      onError: (kind: string, error: unknown) =>
        this.#log.warn({ kind, err: error }, 'watch failed'),
      onRestart: (kind: string, why: 'error' | 'silence') => {
        this.#log.info({ kind, why }, 'informer restarted');
        options.onInformerRestart?.(kind, why);
      },
    });
    const make = <T extends KubeObject>(
      kind: string,
      selector?: string,
      dropData = false,
      namespace?: string,
    ) =>
      new WatchedInformer<T>(options.kubeConfig, options.client, kind, {
        ...informerOptions(selector),
        ...(namespace ? { namespace } : {}),
        // Only the applied-hash annotation of Secrets and ConfigMaps is ever read.
        ...(dropData ? { trim: (o: KubeObject) => void delete o.data } : {}),
      });
    const owned = `${LABEL_MANAGED_BY}=${MANAGED_BY}`;
    this.servers = make<GameServer>('GameServer');
    this.templates = make<GameTemplate>('GameTemplate');
    this.namespaces = make('Namespace', LABEL_TENANT);
    this.quotas = make('ResourceQuota');
    this.children = {
      StatefulSet: make('StatefulSet', owned),
      Service: make('Service', owned),
      PersistentVolumeClaim: make('PersistentVolumeClaim', owned),
      ConfigMap: make('ConfigMap', owned, true),
      Secret: new NamespacedInformers('Secret', (ns) => make('Secret', owned, true, ns)),
      Job: make('Job', owned),
      Pod: make('Pod', owned),
    };
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      concurrency: options.concurrency ?? 8,
    });
    this.queue.onProcessed = (key, ms, error) => {
      if (error) this.#log.warn({ key, err: error }, 'reconcile failed; retrying with backoff');
      options.onReconciled?.(ms, error);
    };

    this.servers.onChange((s) => this.queue.add(keyOf(s.metadata.namespace, s.metadata.name)));
    const inNamespace = (
      namespace: string | undefined,
      match: (s: GameServer) => boolean = () => true,
    ) => {
      if (!namespace) return;
      for (const s of this.servers.list(namespace))
        if (match(s)) this.queue.add(keyOf(namespace, s.metadata.name));
    };
    this.templates.onChange((t) =>
      inNamespace(t.metadata.namespace, (s) => s.spec?.template?.name === t.metadata.name),
    );
    this.namespaces.onChange((n, verb) => {
      const name = n.metadata?.name;
      if (!name) return;
      if (verb === 'delete') {
        this.#secretAccess.delete(name);
        void this.children.Secret.forget(name);
        return;
      }
      if (this.#running) void this.#ensureSecretAccess(name).catch(() => undefined);
      inNamespace(name);
    });
    this.quotas.onChange((q) => inNamespace(q.metadata?.namespace));
    for (const informer of Object.values(this.children) as Pick<
      WatchedInformer<KubeObject>,
      'onChange'
    >[]) {
      informer.onChange((child) => {
        const server = child.metadata?.labels?.[LABEL_SERVER];
        if (server && child.metadata?.namespace)
          this.queue.add(keyOf(child.metadata.namespace, server));
      });
    }
  }

  #informers(): Pick<WatchedInformer<KubeObject>, 'start' | 'stop' | 'synced'>[] {
    return [
      this.servers,
      this.templates,
      this.namespaces,
      this.quotas,
      ...Object.values(this.children),
    ] as Pick<WatchedInformer<KubeObject>, 'start' | 'stop' | 'synced'>[];
  }

  /**
   * Binds the tenant Secrets role to the operator in a tenant namespace, then watches that
   * namespace's Secrets. Once per namespace; a failure is logged and tried again on the next
   * reconcile there.
   */
  #ensureSecretAccess(namespace: string): Promise<void> {
    let pending = this.#secretAccess.get(namespace);
    if (!pending) {
      pending = (async () => {
        await this.#client.apply(
          tenantSecretsBinding(namespace, this.#o.operatorNamespace ?? SYSTEM_NAMESPACE),
        );
        await this.children.Secret.watch(namespace);
      })();
      this.#secretAccess.set(namespace, pending);
      pending.catch((error: unknown) => {
        if (this.#secretAccess.get(namespace) === pending) this.#secretAccess.delete(namespace);
        this.#log.warn(
          { namespace, err: error },
          'could not bind Secret access in a tenant namespace',
        );
      });
    }
    return pending;
  }

  /** Whether every cache is filled. */
  get synced(): boolean {
    return this.#informers().every((i) => i.synced);
  }

  /** Fills the caches, then reconciles every server and keeps watching. */
  async start(): Promise<void> {
    this.#running = true;
    // Children first: a server reconciled before its children are cached would recreate them.
    await Promise.all(this.#informers().map((i) => i.start()));
    // Secrets are watched per tenant namespace, each once the namespace's binding is written.
    await Promise.all(
      this.namespaces
        .list()
        .map((n) => this.#ensureSecretAccess(String(n.metadata?.name)).catch(() => undefined)),
    );
    this.resyncAll();
    const resync = this.#o.resyncMs ?? 300_000;
    this.#resync = setInterval(() => this.resyncAll(), resync);
    this.#resync.unref();
  }

  /** Queues every known server. */
  resyncAll(): void {
    for (const s of this.servers.list())
      this.queue.add(keyOf(s.metadata.namespace, s.metadata.name));
  }

  /** Stops watching and waits for reconciles in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#resync);
    await this.queue.stop();
    await Promise.all(this.#informers().map((i) => i.stop()));
  }

  /** One pass for one server key (`namespace/name`). */
  async reconcile(key: string): Promise<void> {
    if (!this.#running) return;
    const [namespace, name] = key.split('/') as [string, string];
    const server = this.servers.get(name, namespace);
    if (!server) {
      this.queue.forget(key);
      return;
    }
    if (server.metadata.deletionTimestamp) {
      await this.#finalize(server);
      return;
    }
    const namespaceTenant = this.namespaces.get(namespace)?.metadata?.labels?.[LABEL_TENANT];
    const quota = this.quotas.get(QUOTA_NAME, namespace) as
      { spec?: { hard?: Record<string, string> } } | undefined;
    const verdict = verifyServer(server, {
      publicKey: this.#o.publicKey,
      clusterId: this.#o.clusterId,
      namespaceTenant,
      quota: quota ? quotaFromResourceQuota(quota.spec?.hard) : undefined,
      siblings: this.servers.list(namespace),
    });

    let runtime: Runtime | undefined;
    let templateProblem: Observation['templateProblem'];
    if (verdict.ok) {
      const template = this.templates.get(server.spec.template.name, namespace);
      const version = template?.metadata.labels?.[LABEL_TEMPLATE_VERSION];
      if (!template) {
        templateProblem = {
          reason: 'TemplateNotFound',
          message: `GameTemplate ${server.spec.template.name} is not here yet`,
          transient: true,
        };
      } else if (version !== server.spec.template.version) {
        templateProblem = {
          reason: 'TemplateVersionMismatch',
          message: `GameTemplate ${template.metadata.name} is at version ${version ?? '(none)'}, the server needs ${server.spec.template.version}`,
          transient: true,
        };
      } else if (!verifyTemplate(template, namespaceTenant, this.#o.publicKey, this.#o.clusterId)) {
        templateProblem = {
          reason: 'TemplateSignatureInvalid',
          message: `GameTemplate ${template.metadata.name} is not signed by core`,
          transient: false,
        };
      } else {
        const resolved = resolveRuntime(server, template, this.#o.clusterId);
        if (resolved instanceof RuntimeProblem) templateProblem = { ...resolved, transient: false };
        else runtime = resolved;
      }
    }

    const generation = server.spec.installGeneration ?? 0;
    const decision = decide({
      generation: server.metadata.generation ?? 0,
      deleting: false,
      verdict,
      ...(templateProblem ? { templateProblem } : {}),
      desiredState: server.spec.desiredState,
      hasInstall: Boolean(runtime?.template.spec.install),
      installGeneration: generation,
      ...this.#optional(
        'installJob',
        this.children.Job.get(childName(name, 'install', generation), namespace),
      ),
      ...this.#optional('pod', this.children.Pod.get(`${childName(name, 'game')}-0`, namespace)),
      ...this.#optional('previous', server.status),
      now: new Date().toISOString(),
    });

    if (decision.applyChildren && runtime) {
      await this.#ensureFinalizer(server);
      await this.#applyChildren(runtime, decision);
    }
    await this.#writeStatus(server, decision, runtime);
  }

  #optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
  }

  async #ensureFinalizer(server: GameServer): Promise<void> {
    if (server.metadata.finalizers?.includes(FINALIZER)) return;
    await this.#client.apply({
      apiVersion: API_VERSION,
      kind: 'GameServer',
      metadata: {
        name: server.metadata.name,
        namespace: server.metadata.namespace,
        finalizers: [FINALIZER],
      },
    });
  }

  /** Applies `desired` unless the cached copy already carries the same hash. */
  async #applyIfChanged(
    informer: Pick<WatchedInformer<KubeObject>, 'get'>,
    desired: KubeObject,
  ): Promise<boolean> {
    const stamped = withAppliedHash(desired);
    const cached = informer.get(String(desired.metadata?.name), desired.metadata?.namespace);
    const hash = stamped.metadata?.annotations?.[ANNOTATION_APPLIED_HASH];
    if (cached?.metadata?.annotations?.[ANNOTATION_APPLIED_HASH] === hash) return false;
    await this.#client.apply(stamped);
    return true;
  }

  async #applyChildren(rt: Runtime, decision: Decision): Promise<void> {
    const { server } = rt;
    const { namespace, name } = server.metadata;
    const secret = buildEnvSecret(rt);
    const files = buildFilesConfigMap(rt);
    await this.#ensureSecretAccess(namespace);
    const workload = this.#o.workloadSecurity ?? DEFAULT_WORKLOAD_SECURITY;
    await Promise.all([
      this.#applyIfChanged(this.children.Secret, secret).catch((err: unknown) => {
        // Someone removed the binding: write it again on the next pass.
        if (hasStatus(err, 403)) this.#secretAccess.delete(namespace);
        throw err;
      }),
      this.#applyIfChanged(this.children.ConfigMap, files),
      this.#applyIfChanged(this.children.PersistentVolumeClaim, buildDataClaim(rt)),
      this.#applyIfChanged(this.children.Service as WatchedInformer<KubeObject>, buildService(rt)),
    ]);

    const job = buildInstallJob(rt, workload);
    const jobName = job?.metadata?.name;
    // Jobs of earlier install generations are replaced by the current one.
    for (const old of this.children.Job.list(namespace)) {
      const labels = old.metadata.labels ?? {};
      if (
        labels[LABEL_SERVER] === name &&
        labels[LABEL_COMPONENT] === 'install' &&
        old.metadata.name !== jobName
      ) {
        await this.#client.delete('Job', namespace, old.metadata.name, 'Background');
      }
    }
    if (job && decision.runInstall && !this.children.Job.get(String(jobName), namespace)) {
      try {
        await this.#client.create(job);
        await this.#events.record(
          server,
          'Normal',
          'InstallStarted',
          `install Job ${jobName} created`,
        );
      } catch (err) {
        // Created by an earlier pass whose watch event has not arrived yet.
        if (!hasStatus(err, 409)) throw err;
      }
    }
    await this.#applyIfChanged(
      this.children.StatefulSet,
      buildStatefulSet(
        rt,
        decision.replicas,
        inputsHash([secret, files]),
        this.#o.operatorImage,
        workload,
      ),
    );
  }

  #address(service: ServiceView | undefined, exposure: string): string | undefined {
    const ingress = service?.status?.loadBalancer?.ingress?.[0];
    if (exposure === 'LoadBalancer' && ingress) return ingress.ip ?? ingress.hostname;
    const ip = service?.spec?.clusterIP;
    return ip && ip !== 'None' ? ip : undefined;
  }

  async #writeStatus(
    server: GameServer,
    decision: Decision,
    runtime: Runtime | undefined,
  ): Promise<void> {
    const previous = server.status;
    const service = runtime
      ? this.children.Service.get(
          childName(server.metadata.name, 'game'),
          server.metadata.namespace,
        )
      : undefined;
    const address = this.#address(service, server.spec.exposure);
    const ports = service?.spec?.ports?.map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: (p.protocol === 'UDP' ? 'UDP' : 'TCP') as 'TCP' | 'UDP',
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
    }));
    const revision = server.metadata.annotations?.[ANNOTATION_REVISION];
    const generation = server.spec.installGeneration ?? 0;
    const status: GameServerStatus = {
      phase: decision.phase,
      message: decision.message,
      observedGeneration: server.metadata.generation ?? 0,
      lastTransitionTime:
        previous?.phase === decision.phase && previous.lastTransitionTime
          ? previous.lastTransitionTime
          : new Date().toISOString(),
      conditions: decision.conditions,
      ...(address ? { address } : {}),
      ...(ports?.length ? { ports } : {}),
      restartCount: decision.restartCount,
      ...(runtime?.template.spec.install
        ? { installJob: childName(server.metadata.name, 'install', generation) }
        : {}),
      ...(decision.installedGeneration === undefined
        ? {}
        : { installedGeneration: decision.installedGeneration }),
      ...(revision ? { revision } : {}),
    };
    if (statusEqual(previous, status)) return;
    await this.#client.apply(
      {
        apiVersion: API_VERSION,
        kind: 'GameServer',
        metadata: { name: server.metadata.name, namespace: server.metadata.namespace },
        status,
      },
      { subresource: 'status' },
    );
    if (previous?.phase !== decision.phase) {
      const refused = decision.conditions.find(
        (c) => c.type === 'Verified' && c.status === 'False',
      );
      const reason = refused ? refused.reason : decision.phase;
      const type = decision.phase === 'Failed' ? 'Warning' : 'Normal';
      await this.#events.record(server, type, reason, decision.message);
      this.#log.info(
        {
          server: `${server.metadata.namespace}/${server.metadata.name}`,
          phase: decision.phase,
          reason,
        },
        'phase changed',
      );
    }
  }

  /**
   * Deletion: the volume loses its owner reference unless the spec asks for it to go, so the
   * garbage collector keeps it; then the finalizer comes off and the collector deletes the rest.
   */
  async #finalize(server: GameServer): Promise<void> {
    if (!server.metadata.finalizers?.includes(FINALIZER)) return;
    const { namespace, name } = server.metadata;
    const claimName = childName(name, 'data');
    const claim = this.children.PersistentVolumeClaim.get(claimName, namespace);
    if (claim && !server.spec.storage?.deleteWithServer) {
      await this.#client.mergePatch('PersistentVolumeClaim', namespace, claimName, {
        metadata: { ownerReferences: null, labels: { [LABEL_MANAGED_BY]: null } },
      });
      await this.#events.record(
        server,
        'Normal',
        'VolumeKept',
        `volume ${claimName} kept after deletion`,
      );
    }
    const index = server.metadata.finalizers.indexOf(FINALIZER);
    try {
      // Test-and-remove: fails rather than dropping someone else's finalizer if the list moved.
      await this.#client.jsonPatch('GameServer', namespace, name, [
        { op: 'test', path: `/metadata/finalizers/${index}`, value: FINALIZER },
        { op: 'remove', path: `/metadata/finalizers/${index}` },
      ]);
    } catch (err) {
      if (!hasStatus(err, 404)) throw err;
    }
    this.#log.info({ server: `${namespace}/${name}` }, 'server deleted');
  }
}
