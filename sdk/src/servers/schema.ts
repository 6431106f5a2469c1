import { Type, type Static } from 'typebox';
import { ResourcesSchema, TEMPLATE_ID_PATTERN } from '../templates/schema.ts';

// Like the GameTemplate schema, every field has one JSON type so the CRD's structural schema can be
// generated from here. Parameter values travel in their environment form (strings), the form the
// server receives them in, so one value never has two possible types.

/** A tenant id as it appears in namespace names and labels: a lower-case DNS label. */
export const TENANT_ID_PATTERN = TEMPLATE_ID_PATTERN;

/** Whether the server should run. */
export const DesiredStateSchema = Type.Enum(['Running', 'Stopped'], { type: 'string' });

/** How the server's ports are reachable from outside the cluster. */
export const PortExposureSchema = Type.Enum(['ClusterIP', 'NodePort', 'LoadBalancer'], {
  type: 'string',
  default: 'ClusterIP',
});

/** The GameTemplate a server runs: an object name in the server's namespace and its version. */
export const TemplateRefSchema = Type.Object(
  {
    name: Type.String({
      pattern: TEMPLATE_ID_PATTERN,
      maxLength: 253,
      description: 'Name of the GameTemplate object, in the same namespace.',
    }),
    version: Type.String({
      minLength: 1,
      maxLength: 63,
      description:
        'Template version the server is pinned to; must equal the template label `pteronimbus.io/template-version`.',
    }),
  },
  { additionalProperties: false },
);

/** The volume holding the server's files. Its size is `resources.disk`. */
export const ServerStorageSchema = Type.Object(
  {
    storageClassName: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'StorageClass of the volume; the cluster default when unset.',
      }),
    ),
    deleteWithServer: Type.Boolean({
      default: false,
      description: 'Delete the volume with the server. By default it is kept, so no data is lost.',
    }),
  },
  { additionalProperties: false, default: { deleteWithServer: false } },
);

/** The spec of a GameServer: what core wants to run, signed by core. */
export const GameServerSpecSchema = Type.Object(
  {
    tenantId: Type.String({
      pattern: TENANT_ID_PATTERN,
      maxLength: 60,
      description: 'The tenant owning the server; its namespace is `pn-<tenantId>`.',
    }),
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    template: TemplateRefSchema,
    image: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'One of the template images; the first when unset.',
      }),
    ),
    parameters: Type.Unsafe<Record<string, string>>({
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
      description: 'Parameter values by environment variable, in their environment form.',
    }),
    resources: ResourcesSchema,
    desiredState: DesiredStateSchema,
    exposure: PortExposureSchema,
    storage: ServerStorageSchema,
    installGeneration: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'Raise to run the install script again (reinstall).',
    }),
    stopGracePeriodSeconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      default: 60,
      description: 'How long a stop may take before the server is killed.',
    }),
    timezone: Type.Optional(Type.String({ minLength: 1, description: 'IANA time zone (TZ).' })),
  },
  { additionalProperties: false },
);

/** Where a server is in its life. */
export const ServerPhaseSchema = Type.Enum(
  ['Installing', 'Starting', 'Running', 'Stopping', 'Stopped', 'Failed'],
  { type: 'string' },
);

/** A status condition, as Kubernetes' own controllers write them. */
export const ServerConditionSchema = Type.Object(
  {
    type: Type.String({ minLength: 1 }),
    status: Type.Enum(['True', 'False', 'Unknown'], { type: 'string' }),
    reason: Type.String({ minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
    message: Type.String(),
    observedGeneration: Type.Integer({ minimum: 0 }),
    lastTransitionTime: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

/** One port as reachable: the Service port and, with NodePort or LoadBalancer, the node port. */
export const ServerPortStatusSchema = Type.Object(
  {
    name: Type.String(),
    port: Type.Integer(),
    protocol: Type.Enum(['TCP', 'UDP'], { type: 'string' }),
    nodePort: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

/**
 * What the server uses, as last sampled by the operator from the cluster's resource metrics. A
 * member that is absent was not measured (no metrics-server, no kubelet statistics, no sample
 * yet): show it as unavailable, never as zero.
 */
export const ServerUsageSchema = Type.Object(
  {
    cpu: Type.Optional(Type.Integer({ minimum: 0, description: 'CPU in millicores.' })),
    memory: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Memory (working set) in bytes.' }),
    ),
    disk: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Bytes used on the data volume.' }),
    ),
    networkRx: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Bytes received per second.' }),
    ),
    networkTx: Type.Optional(Type.Integer({ minimum: 0, description: 'Bytes sent per second.' })),
    sampledAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When these values were measured.' }),
    ),
  },
  { additionalProperties: false },
);

/** What the operator observed, written through the status subresource. */
export const GameServerStatusSchema = Type.Object(
  {
    phase: Type.Optional(ServerPhaseSchema),
    message: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
    lastTransitionTime: Type.Optional(
      Type.String({ format: 'date-time', description: 'When the phase last changed.' }),
    ),
    conditions: Type.Optional(Type.Array(ServerConditionSchema)),
    address: Type.Optional(
      Type.String({ description: 'Where players connect: load-balancer or cluster address.' }),
    ),
    ports: Type.Optional(Type.Array(ServerPortStatusSchema)),
    restartCount: Type.Optional(Type.Integer({ minimum: 0 })),
    installJob: Type.Optional(Type.String({ description: 'The Job holding the install output.' })),
    installedGeneration: Type.Optional(
      Type.Integer({ description: 'The `installGeneration` whose install succeeded.' }),
    ),
    revision: Type.Optional(
      Type.String({ description: "Core's revision of the spec this status describes." }),
    ),
    usage: Type.Optional(ServerUsageSchema),
  },
  { additionalProperties: false },
);

/** See {@link DesiredStateSchema}. */
export type DesiredState = Static<typeof DesiredStateSchema>;
/** See {@link PortExposureSchema}. */
export type PortExposure = Static<typeof PortExposureSchema>;
/** See {@link TemplateRefSchema}. */
export type TemplateRef = Static<typeof TemplateRefSchema>;
/** See {@link ServerStorageSchema}. */
export type ServerStorage = Static<typeof ServerStorageSchema>;
/** See {@link GameServerSpecSchema}. */
export type GameServerSpec = Static<typeof GameServerSpecSchema>;
/** See {@link ServerPhaseSchema}. */
export type ServerPhase = Static<typeof ServerPhaseSchema>;
/** See {@link ServerConditionSchema}. */
export type ServerCondition = Static<typeof ServerConditionSchema>;
/** See {@link ServerPortStatusSchema}. */
export type ServerPortStatus = Static<typeof ServerPortStatusSchema>;
/** See {@link ServerUsageSchema}. */
export type ServerUsage = Static<typeof ServerUsageSchema>;
/** See {@link GameServerStatusSchema}. */
export type GameServerStatus = Static<typeof GameServerStatusSchema>;

/** The namespace holding every object of one tenant in a cluster. */
export function tenantNamespace(tenantId: string): string {
  return `pn-${tenantId.toLowerCase()}`;
}
