import { createHash } from 'node:crypto';
import {
  parameterEnvironment,
  renderPlaceholders,
  renderStartup,
  type PlaceholderContext,
} from '@pteronimbus/sdk';
import type { KubeObject } from '../kube/client.ts';
import {
  ANNOTATION_APPLIED_HASH,
  API_VERSION,
  GAME_SERVERS,
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_SERVER,
  LABEL_TENANT,
  MANAGED_BY,
  DEFAULT_OPERATOR_IMAGE,
} from '../names.ts';
import { cpuQuantity, mebibytes } from './quantity.ts';
import { NODE_IP_MARKER, type FilePatch } from '../patcher/apply.ts';
import type { Parser } from '../patcher/formats.ts';
import { DATA_DIR, ENTRYPOINT, PRESTOP, READY_FILE, SCRIPT_DIR } from './scripts.ts';
import { DEFAULT_WORKLOAD_SECURITY, type WorkloadSecurity } from '../security.ts';
import type { GameServer, GameTemplate } from './types.ts';

/** The parts of a server the reconciler creates, each one object. */
export type Component = 'game' | 'data' | 'env' | 'files' | 'install';

/** One port as the Service and the container expose it. */
export interface ExposedPort {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

/** Everything derived from a server and its template that the builders share. */
export interface Runtime {
  server: GameServer;
  template: GameTemplate;
  image: string;
  ports: ExposedPort[];
  env: Record<string, string>;
  clusterId: string;
}

function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The stem of every child's name. Pod names of a StatefulSet carry a revision-hash label that
 * must stay within 63 characters, so long server names are cut and made unique with a hash.
 */
export function childBase(serverName: string): string {
  return serverName.length <= 40
    ? serverName
    : `${serverName.slice(0, 31)}-${shortHash(serverName)}`;
}

/** The name of one child of a server. */
export function childName(serverName: string, component: Component, installGeneration = 0): string {
  const base = childBase(serverName);
  switch (component) {
    case 'game':
      return base;
    case 'install':
      return `${base}-install-${installGeneration}`;
    default:
      return `${base}-${component}`;
  }
}

/** Labels every child of a server carries; the informers select on `managed-by`. */
export function childLabels(server: GameServer, component: Component): Record<string, string> {
  return {
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_SERVER]: server.metadata.name,
    [LABEL_TENANT]: server.spec.tenantId,
    [LABEL_COMPONENT]: component,
  };
}

/** The owner reference that ties a child to its server, for garbage collection. */
export function ownerReference(server: GameServer) {
  return {
    apiVersion: API_VERSION,
    kind: GAME_SERVERS.kind,
    name: server.metadata.name,
    uid: server.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function metadata(rt: Runtime, component: Component, name: string, owned = true) {
  return {
    name,
    namespace: rt.server.metadata.namespace,
    labels: childLabels(rt.server, component),
    ...(owned ? { ownerReferences: [ownerReference(rt.server)] } : {}),
  };
}

/**
 * The ports a server exposes: the template's, each moved to the value of its parameter when the
 * template says a parameter sets it, and `TCPUDP` split into a TCP and a UDP port.
 */
export function exposedPorts(
  template: GameTemplate,
  parameters: Readonly<Record<string, string>>,
): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const p of template.spec.ports) {
    const raw = p.envVariable === undefined ? undefined : parameters[p.envVariable];
    const fromParameter = raw === undefined ? Number.NaN : Number(raw);
    const port =
      Number.isInteger(fromParameter) && fromParameter >= 1 && fromParameter <= 65535
        ? fromParameter
        : p.containerPort;
    if (p.protocol === 'TCP' || p.protocol === 'TCPUDP')
      out.push({ name: p.name, port, protocol: 'TCP' });
    if (p.protocol === 'UDP' || p.protocol === 'TCPUDP') {
      out.push({
        name: p.protocol === 'UDP' ? p.name : `${p.name.slice(0, 11)}-udp`,
        port,
        protocol: 'UDP',
      });
    }
  }
  return out;
}

/** Why a server cannot be built from its template. */
export class RuntimeProblem {
  readonly reason: string;
  readonly message: string;
  constructor(reason: string, message: string) {
    this.reason = reason;
    this.message = message;
  }
}

/**
 * Resolves what a server runs: its image (one of the template's), ports and environment. The
 * environment holds every parameter (its value or default), the template's fixed environment and
 * the built-in variables eggs rely on, `STARTUP` last since it is rendered from the rest.
 */
export function resolveRuntime(
  server: GameServer,
  template: GameTemplate,
  clusterId: string,
): Runtime | RuntimeProblem {
  const images = template.spec.images.map((i) => i.image);
  const image = server.spec.image ?? images[0];
  if (image === undefined || !images.includes(image)) {
    return new RuntimeProblem(
      'ImageNotInTemplate',
      `image ${String(image)} is not one of the template's images`,
    );
  }
  const parameters = server.spec.parameters ?? {};
  const ports = exposedPorts(template, parameters);
  const env: Record<string, string> = {
    ...template.spec.environment,
    ...parameterEnvironment(template.spec.parameters, parameters),
    SERVER_MEMORY: String(server.spec.resources.memory),
    SERVER_IP: '0.0.0.0',
    SERVER_PORT: String(ports[0]?.port ?? ''),
    P_SERVER_LOCATION: clusterId,
    P_SERVER_UUID: server.metadata.uid,
    P_SERVER_ALLOCATION_LIMIT: String(Math.max(0, template.spec.ports.length - 1)),
    TZ: server.spec.timezone ?? 'UTC',
  };
  env.STARTUP = renderStartup(template.spec.startup.command, env);
  return { server, template, image, ports, env, clusterId };
}

/** The Secret the game and install containers take their environment from. */
export function buildEnvSecret(rt: Runtime): KubeObject {
  const data = Object.fromEntries(
    Object.entries(rt.env)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: metadata(rt, 'env', childName(rt.server.metadata.name, 'env')),
    type: 'Opaque',
    data,
  };
}

/** The readiness rules, one a line: `s <substring>` or `r <regex>` (awk's ERE dialect). */
export function readinessRules(template: GameTemplate): string {
  return template.spec.readiness
    .map((r) => `${r.regex ? 'r' : 's'} ${r.match.replace(/\n/g, ' ')}\n`)
    .join('');
}

/**
 * The config-file patches with every value rendered for this server, as JSON for the
 * `apply-config` init step. Only the node address is left to the pod, as `NODE_IP_MARKER`.
 */
export function configPatches(rt: Runtime): string {
  const byName = Object.fromEntries(rt.ports.map((p) => [p.name, p.port]));
  const ctx: PlaceholderContext = {
    server: {
      ip: '0.0.0.0',
      port: rt.ports[0]?.port ?? 0,
      memory: rt.server.spec.resources.memory,
      disk: rt.server.spec.resources.disk,
      cpu: Math.round(rt.server.spec.resources.cpu / 10),
      uuid: rt.server.metadata.uid,
      name: rt.server.spec.displayName ?? rt.server.metadata.name,
    },
    node: { ip: NODE_IP_MARKER },
    ports: byName,
    env: rt.env,
  };
  const files: FilePatch[] = rt.template.spec.configFiles.map((file) => ({
    path: file.path,
    parser: file.parser as Parser,
    replacements: file.replacements.map((r) => ({
      match: r.match,
      value: renderPlaceholders(r.value, ctx),
      ...(r.ifValue !== undefined ? { ifValue: r.ifValue } : {}),
    })),
  }));
  return `${JSON.stringify(files, null, 2)}\n`;
}

/** The ConfigMap with the scripts, readiness rules, config patches and install script. */
export function buildFilesConfigMap(rt: Runtime): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(rt, 'files', childName(rt.server.metadata.name, 'files')),
    data: {
      'entrypoint.sh': ENTRYPOINT,
      'prestop.sh': PRESTOP,
      readiness: readinessRules(rt.template),
      'patches.json': configPatches(rt),
      'install.sh': rt.template.spec.install?.script ?? '',
    },
  };
}

/**
 * The volume with the server's files. It is owned by the server while it exists; on deletion the
 * finalizer drops the owner reference unless the spec asks for the volume to go too.
 */
export function buildDataClaim(rt: Runtime, owned = true): KubeObject {
  const { storageClassName } = rt.server.spec.storage ?? { deleteWithServer: false };
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(rt, 'data', childName(rt.server.metadata.name, 'data'), owned),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: mebibytes(rt.server.spec.resources.disk) } },
      ...(storageClassName ? { storageClassName } : {}),
    },
  };
}

function servicePortName(p: ExposedPort): string {
  return p.name;
}

/** The Service players connect through; its type follows the spec's exposure. */
export function buildService(rt: Runtime): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(rt, 'game', childName(rt.server.metadata.name, 'game')),
    spec: {
      type: rt.server.spec.exposure ?? 'ClusterIP',
      selector: { [LABEL_SERVER]: rt.server.metadata.name, [LABEL_COMPONENT]: 'game' },
      // Players must reach the game before it is ready too: readiness gates status, not traffic.
      publishNotReadyAddresses: true,
      ports: rt.ports.map((p) => ({
        name: servicePortName(p),
        port: p.port,
        targetPort: p.port,
        protocol: p.protocol,
      })),
    },
  };
}

function resources(rt: Runtime) {
  const r = rt.server.spec.resources;
  const limits = { cpu: cpuQuantity(r.cpu), memory: mebibytes(r.memory) };
  return { requests: limits, limits };
}

/** A hash of what the pod reads at start, so a changed parameter or patch restarts it. */
export function inputsHash(objects: KubeObject[]): string {
  return shortHash(JSON.stringify(objects.map((o) => (o as { data?: unknown }).data)), 16);
}

/** The capabilities Wings drops from every game container. */
const GAME_DROPPED_CAPABILITIES = [
  'SETPCAP',
  'MKNOD',
  'AUDIT_WRITE',
  'NET_RAW',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'SETFCAP',
];

/**
 * The init step applying the config-file patches. It runs the operator's own image (Node and a
 * YAML library, which game images lack) as root without other privileges than owning and
 * writing the server's files, because the game's user id is known only to its image: files it
 * creates are given to the owner of the server folder.
 */
function configInitContainer(rt: Runtime, operatorImage: string, mounts: object[]) {
  return {
    name: 'config',
    image: operatorImage,
    args: ['apply-config', `${SCRIPT_DIR}/patches.json`, DATA_DIR],
    env: [{ name: 'PN_NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
    // The game's own share: a pod counts against the tenant's quota with the larger of its init
    // and app containers, so anything else would make the quota check here disagree with it.
    resources: resources(rt),
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'] },
    },
    volumeMounts: mounts,
  };
}

/** What game pods and install Jobs share: the runtime class and user namespace, when asked for. */
function podRuntime(workload: WorkloadSecurity) {
  return {
    ...(workload.runtimeClassName ? { runtimeClassName: workload.runtimeClassName } : {}),
    ...(workload.userNamespaces ? { hostUsers: false } : {}),
  };
}

/**
 * The StatefulSet running the game: one replica when it should run, none otherwise.
 * `operatorImage` runs the config-file init step.
 */
export function buildStatefulSet(
  rt: Runtime,
  replicas: 0 | 1,
  inputs: string,
  operatorImage: string = DEFAULT_OPERATOR_IMAGE,
  workload: WorkloadSecurity = DEFAULT_WORKLOAD_SECURITY,
): KubeObject {
  const name = childName(rt.server.metadata.name, 'game');
  const stop = rt.template.spec.stop;
  const podLabels = childLabels(rt.server, 'game');
  const mounts = [
    { name: 'data', mountPath: DATA_DIR },
    { name: 'files', mountPath: SCRIPT_DIR, readOnly: true },
  ];
  const envFrom = [{ secretRef: { name: childName(rt.server.metadata.name, 'env') } }];
  const initContainers = rt.template.spec.configFiles.length
    ? [configInitContainer(rt, operatorImage, mounts)]
    : [];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(rt, 'game', name),
    spec: {
      replicas,
      serviceName: name,
      selector: {
        matchLabels: { [LABEL_SERVER]: rt.server.metadata.name, [LABEL_COMPONENT]: 'game' },
      },
      template: {
        metadata: { labels: podLabels, annotations: { 'pteronimbus.io/inputs': inputs } },
        spec: {
          terminationGracePeriodSeconds: rt.server.spec.stopGracePeriodSeconds ?? 60,
          ...podRuntime(workload),
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          initContainers,
          containers: [
            {
              name: 'game',
              image: rt.image,
              command: ['/bin/sh', `${SCRIPT_DIR}/entrypoint.sh`],
              workingDir: DATA_DIR,
              // The console: core writes to the game's stdin through attach.
              stdin: true,
              tty: false,
              envFrom,
              env:
                stop.command !== undefined
                  ? [{ name: 'PN_STOP_COMMAND', value: stop.command }]
                  : [{ name: 'PN_STOP_SIGNAL', value: stop.signal ?? 'SIGTERM' }],
              ports: rt.ports.map((p) => ({
                name: p.name,
                containerPort: p.port,
                protocol: p.protocol,
              })),
              resources: resources(rt),
              readinessProbe: {
                exec: { command: ['test', '-f', READY_FILE] },
                periodSeconds: 5,
                failureThreshold: 1,
              },
              // What Wings grants an egg's container: no privilege escalation, the same
              // capabilities dropped, and a read-only image with a writable /tmp, so images
              // written for Pterodactyl run unchanged.
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: GAME_DROPPED_CAPABILITIES },
              },
              lifecycle: {
                preStop: { exec: { command: ['/bin/sh', `${SCRIPT_DIR}/prestop.sh`] } },
              },
              volumeMounts: [...mounts, { name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [
            {
              name: 'data',
              persistentVolumeClaim: { claimName: childName(rt.server.metadata.name, 'data') },
            },
            {
              name: 'files',
              configMap: { name: childName(rt.server.metadata.name, 'files'), defaultMode: 0o555 },
            },
            // Wings gives each container a 100 MB tmpfs at /tmp; the node's disk serves here.
            { name: 'tmp', emptyDir: { sizeLimit: '100Mi' } },
          ],
        },
      },
    },
  };
}

/**
 * What an install script may still do as root: own and write files whatever their mode, and
 * switch users (apt drops to its `_apt` user to download). Everything else Docker grants and
 * Wings leaves to install containers goes: raw sockets, `mknod`, `chroot`, file capabilities,
 * audit writes, binding low ports, killing other users' processes.
 */
export const INSTALL_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'SETGID',
  'SETUID',
];

/**
 * Scratch space an install may fill outside the server's volume (the image's file system, apt's
 * cache): past it the kubelet evicts the pod instead of letting it fill the node's disk.
 */
export const INSTALL_EPHEMERAL_STORAGE = { request: '256Mi', limit: '2Gi' };

/**
 * The install Job of the current `installGeneration`: the template's install script, run once in
 * its own image with the server's files at `/mnt/server`. It never retries (an install script is
 * not idempotent), is stopped after `installDeadlineSeconds`, and is kept after it ends so its
 * output can be read and the reconciler sees that the generation was installed (no
 * `ttlSecondsAfterFinished`); the next generation's Job or the server's deletion removes it.
 *
 * Egg install scripts are written for root (Pterodactyl runs them as root, with `apt-get`,
 * `chown` and the like), so the container keeps the image's user and a writable root file system,
 * but never gains privileges (`no_new_privs`), runs under the runtime's seccomp profile and keeps
 * only {@link INSTALL_CAPABILITIES}: what the Pod Security baseline level admits.
 */
export function buildInstallJob(
  rt: Runtime,
  workload: WorkloadSecurity = DEFAULT_WORKLOAD_SECURITY,
): KubeObject | undefined {
  const install = rt.template.spec.install;
  if (!install) return undefined;
  const generation = rt.server.spec.installGeneration ?? 0;
  const { requests, limits } = resources(rt);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(rt, 'install', childName(rt.server.metadata.name, 'install', generation)),
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: workload.installDeadlineSeconds,
      template: {
        metadata: { labels: childLabels(rt.server, 'install') },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...podRuntime(workload),
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'install',
              image: install.image,
              command: [install.entrypoint, `${SCRIPT_DIR}/install.sh`],
              workingDir: '/mnt/server',
              envFrom: [{ secretRef: { name: childName(rt.server.metadata.name, 'env') } }],
              resources: {
                requests: { ...requests, 'ephemeral-storage': INSTALL_EPHEMERAL_STORAGE.request },
                limits: { ...limits, 'ephemeral-storage': INSTALL_EPHEMERAL_STORAGE.limit },
              },
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'], add: INSTALL_CAPABILITIES },
              },
              volumeMounts: [
                { name: 'data', mountPath: '/mnt/server' },
                { name: 'files', mountPath: SCRIPT_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            {
              name: 'data',
              persistentVolumeClaim: { claimName: childName(rt.server.metadata.name, 'data') },
            },
            {
              name: 'files',
              configMap: { name: childName(rt.server.metadata.name, 'files'), defaultMode: 0o555 },
            },
          ],
        },
      },
    },
  };
}

/** Stamps the hash of an object's desired form on it, so an unchanged object is not applied again. */
export function withAppliedHash(object: KubeObject): KubeObject {
  const hash = shortHash(JSON.stringify(object), 16);
  const meta = object.metadata ?? {};
  return {
    ...object,
    metadata: { ...meta, annotations: { ...meta.annotations, [ANNOTATION_APPLIED_HASH]: hash } },
  };
}
