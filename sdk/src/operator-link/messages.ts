import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { createError } from '../errors.ts';

/** Raised for a link frame that is not JSON or matches no message of the protocol. */
export const LinkMessageInvalidError = createError<[string]>(
  'PN_LINK_MESSAGE_INVALID',
  'Invalid operator link message: %s',
  400,
);

/**
 * Version of the link protocol. Version 2 signs each document for its cluster and revision with
 * an identified key and publishes core's keys over the link; core refuses a `hello` of an older
 * version.
 */
export const LINK_PROTOCOL_VERSION = 2;

/** Where the operator dials in (WebSocket, `Authorization: Bearer <credential>`). */
export const LINK_PATH = '/api/v1/operator/link';
/** Where the operator exchanges a join token for its credential. */
export const REGISTER_PATH = '/api/v1/operator/register';
/** The field manager of every server-side apply the link makes. */
export const LINK_FIELD_MANAGER = 'pteronimbus-link';
/** Annotations the link puts on each object it writes from a signed document. */
export const LINK_ANNOTATIONS = {
  /** Base64 Ed25519 signature of the canonical signed payload. */
  signature: 'pteronimbus.io/signature',
  /** Core's revision of the document, in decimal. */
  revision: 'pteronimbus.io/revision',
  /** Hex SHA-256 of the canonical signed payload, to spot a drifted spec without verifying. */
  payloadHash: 'pteronimbus.io/signed-payload-hash',
  /** On a tenant namespace: the canonical JSON of the Tenant spec (quota and game ports). */
  tenantSpec: 'pteronimbus.io/tenant-spec',
  /** Id of the core key that made the signature. */
  keyId: 'pteronimbus.io/key-id',
} as const;

/** The label every tenant namespace carries, valued with the tenant id. */
export const TENANT_LABEL = 'pteronimbus.io/tenant';

/** WebSocket close codes core uses on the link. */
export const LINK_CLOSE_CODES = {
  /** The frame broke the protocol. */
  protocolError: 4400,
  /** The cluster was revoked (or is no longer approved). */
  revoked: 4403,
  /** No heartbeat answer in time. */
  heartbeatTimeout: 4408,
  /** Another link of the same cluster took over. */
  superseded: 4409,
  /** The operator speaks an older protocol than {@link LINK_PROTOCOL_VERSION}. */
  protocolTooOld: 4426,
} as const;

/** A protocol and port (or port range) reachable from anywhere in a tenant namespace. */
export const GamePortRuleSchema = Type.Object(
  {
    protocol: Type.Union([Type.Literal('TCP'), Type.Literal('UDP')]),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    endPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  },
  { additionalProperties: false },
);

/** Limits of one tenant in one cluster, in the units of GameTemplate resources. */
export const TenantQuotaSchema = Type.Object(
  {
    cpu: Type.Integer({ minimum: 0, description: 'Total CPU limit in millicores.' }),
    memory: Type.Integer({ minimum: 0, description: 'Total memory limit in MiB.' }),
    disk: Type.Integer({ minimum: 0, description: 'Total volume size in MiB.' }),
    servers: Type.Integer({ minimum: 0, description: 'Most GameServers at once.' }),
  },
  { additionalProperties: false },
);

/** The spec of a `Tenant` document: what the tenant namespace enforces. */
export const TenantSpecSchema = Type.Object(
  {
    quota: TenantQuotaSchema,
    gamePorts: Type.Array(GamePortRuleSchema),
  },
  { additionalProperties: false },
);

const DocumentKindSchema = Type.Union([
  Type.Literal('Tenant'),
  Type.Literal('GameTemplate'),
  Type.Literal('GameServer'),
]);
const Name = Type.String({ minLength: 1, maxLength: 253 });
const Id = Type.String({ minLength: 1, maxLength: 128 });
// The bounds core stores these in: a namespace is a DNS label, a tenant a Discord guild id, a
// version a short text.
const Namespace = Type.String({ minLength: 1, maxLength: 63 });
const TenantId = Type.String({ minLength: 1, maxLength: 64 });
const Version = Type.String({ maxLength: 64 });
const ErrorInfo = Type.Object({ code: Type.String(), message: Type.String() });

/** Core → operator: one desired-state document at a revision. */
export const DocumentMessageSchema = Type.Object({
  type: Type.Literal('document'),
  revision: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  kind: DocumentKindSchema,
  tenantId: TenantId,
  namespace: Namespace,
  name: Name,
  spec: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  deleted: Type.Boolean(),
  signature: Type.String(),
  /** Id of the key that made the signature. */
  kid: Type.String({ minLength: 1, maxLength: 64 }),
});

/** A core public key with its id. */
export const PublishedKeySchema = Type.Object({
  kid: Type.String({ minLength: 1, maxLength: 64 }),
  publicKey: Type.String({ minLength: 1, maxLength: 256, description: 'Base64 SPKI DER.' }),
});

/**
 * Core's public keys, signed by one of them (`kid`): an operator takes a key set only when it
 * trusts the key that signed it and `serial` is not lower than the one it holds.
 */
export const KeySetSchema = Type.Object({
  serial: Type.Integer({ minimum: 1 }),
  keys: Type.Array(PublishedKeySchema, { minItems: 1, maxItems: 8 }),
  kid: Type.String({ minLength: 1, maxLength: 64 }),
  signature: Type.String({ maxLength: 128 }),
});

/** Core → operator: core's signing keys changed (a rotation); trust exactly these from now on. */
export const KeysMessageSchema = Type.Object({
  type: Type.Literal('keys'),
  keySet: KeySetSchema,
});

/** Core → operator: the link is accepted; documents after `lastRevision` follow. */
export const WelcomeMessageSchema = Type.Object({
  type: Type.Literal('welcome'),
  clusterId: Id,
  lastRevision: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  headRevision: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  /** Core's current signing keys. */
  keySet: Type.Optional(KeySetSchema),
});

/** Core → operator: write `data` to the game's console (stdin of its container). */
export const ConsoleInputMessageSchema = Type.Object({
  type: Type.Literal('console.input'),
  requestId: Id,
  namespace: Namespace,
  name: Name,
  data: Type.String({ maxLength: 4096 }),
});

/** Core → operator: start relaying the log of a server's pod as `logs.data` frames. */
export const LogsFollowMessageSchema = Type.Object({
  type: Type.Literal('logs.follow'),
  streamId: Id,
  namespace: Namespace,
  name: Name,
  container: Type.Optional(Name),
  tailLines: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
});

/** Core → operator: stop a log relay. */
export const LogsStopMessageSchema = Type.Object({
  type: Type.Literal('logs.stop'),
  streamId: Id,
});

/** Operator → core: first frame; documents after `lastRevision` are wanted. */
export const HelloMessageSchema = Type.Object({
  type: Type.Literal('hello'),
  lastRevision: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  operatorVersion: Version,
  kubernetesVersion: Type.Optional(Version),
  /** The link protocol version the operator speaks; absent means 1. */
  protocol: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** Operator → core: the document at `revision` is applied (and its revision persisted). */
export const AckMessageSchema = Type.Object({
  type: Type.Literal('ack'),
  revision: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

/** Why the operator refused a document. */
export const RejectReasonSchema = Type.Union([
  Type.Literal('SignatureInvalid'),
  Type.Literal('TenantMismatch'),
  Type.Literal('Invalid'),
  Type.Literal('ApplyFailed'),
  Type.Literal('KeyUnknown'),
  Type.Literal('RevisionReplayed'),
]);

/** Operator → core: the document at `revision` was refused and will not be applied. */
export const RejectMessageSchema = Type.Object({
  type: Type.Literal('reject'),
  revision: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  reason: RejectReasonSchema,
  message: Type.String(),
});

/** Operator → core: the current status of an object (`null` once it is gone). */
export const StatusMessageSchema = Type.Object({
  type: Type.Literal('status'),
  kind: Type.Union([Type.Literal('GameServer'), Type.Literal('GameTemplate')]),
  tenantId: TenantId,
  namespace: Namespace,
  name: Name,
  generation: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  status: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

/** Operator → core: something happened to an object (a Kubernetes Event, a refusal…). */
export const EventMessageSchema = Type.Object({
  type: Type.Literal('event'),
  kind: Type.String({ maxLength: 64 }),
  tenantId: Type.Union([TenantId, Type.Null()]),
  namespace: Namespace,
  name: Name,
  eventType: Type.Union([Type.Literal('Normal'), Type.Literal('Warning')]),
  reason: Type.String({ maxLength: 128 }),
  message: Type.String({ maxLength: 4096 }),
});

/** Operator → core: the outcome of a `console.input`. */
export const ConsoleResultMessageSchema = Type.Object({
  type: Type.Literal('console.result'),
  requestId: Id,
  ok: Type.Boolean(),
  error: Type.Optional(ErrorInfo),
});

/** Operator → core: a chunk of a followed log. */
export const LogsDataMessageSchema = Type.Object({
  type: Type.Literal('logs.data'),
  streamId: Id,
  data: Type.String(),
});

/** Operator → core: a followed log ended (with the reason when it failed). */
export const LogsEndMessageSchema = Type.Object({
  type: Type.Literal('logs.end'),
  streamId: Id,
  error: Type.Optional(ErrorInfo),
});

/**
 * Operator → core: output of a server's install Job, as its pod prints it. The operator follows
 * every install pod by itself; `restart` marks the first frame of a follow that starts over from
 * the beginning of the pod's log (a new Job, or after the link or the operator restarted), so core
 * drops what it holds of that Job first.
 */
export const InstallOutputMessageSchema = Type.Object({
  type: Type.Literal('install.output'),
  tenantId: TenantId,
  namespace: Namespace,
  /** The GameServer. */
  name: Name,
  /** The install Job. */
  job: Name,
  data: Type.String(),
  restart: Type.Optional(Type.Boolean()),
});

/** Operator → core: an install pod's log ended (with the reason when it could not be read). */
export const InstallEndMessageSchema = Type.Object({
  type: Type.Literal('install.end'),
  tenantId: TenantId,
  namespace: Namespace,
  name: Name,
  job: Name,
  error: Type.Optional(ErrorInfo),
});

/** Every frame core sends. */
export const CoreMessageSchema = Type.Union([
  DocumentMessageSchema,
  WelcomeMessageSchema,
  ConsoleInputMessageSchema,
  LogsFollowMessageSchema,
  LogsStopMessageSchema,
  KeysMessageSchema,
]);

/** Every frame the operator sends. */
export const OperatorMessageSchema = Type.Union([
  HelloMessageSchema,
  AckMessageSchema,
  RejectMessageSchema,
  StatusMessageSchema,
  EventMessageSchema,
  ConsoleResultMessageSchema,
  LogsDataMessageSchema,
  LogsEndMessageSchema,
  InstallOutputMessageSchema,
  InstallEndMessageSchema,
]);

/** Body of `POST /api/v1/operator/register`. */
export const RegisterRequestSchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 256 }),
    operatorVersion: Type.Optional(Type.String({ maxLength: 64 })),
    kubernetesVersion: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

/** Answer of `POST /api/v1/operator/register`. */
export const RegisterResponseSchema = Type.Object({
  clusterId: Type.String(),
  credential: Type.String(),
  coreSigningKey: Type.String({
    description: "Core's current Ed25519 public key, base64 SPKI DER.",
  }),
  coreSigningKeys: Type.Optional(
    Type.Array(PublishedKeySchema, { description: "Core's signing keys with their ids." }),
  ),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved')]),
});

/** See {@link GamePortRuleSchema}. */
export type GamePortRule = Static<typeof GamePortRuleSchema>;
/** See {@link TenantQuotaSchema}. */
export type TenantQuota = Static<typeof TenantQuotaSchema>;
/** See {@link TenantSpecSchema}. */
export type TenantSpec = Static<typeof TenantSpecSchema>;
/** See {@link DocumentMessageSchema}. */
export type DocumentMessage = Static<typeof DocumentMessageSchema>;
/** See {@link KeySetSchema}. */
export type KeySet = Static<typeof KeySetSchema>;
/** See {@link KeysMessageSchema}. */
export type KeysMessage = Static<typeof KeysMessageSchema>;
/** See {@link WelcomeMessageSchema}. */
export type WelcomeMessage = Static<typeof WelcomeMessageSchema>;
/** See {@link ConsoleInputMessageSchema}. */
export type ConsoleInputMessage = Static<typeof ConsoleInputMessageSchema>;
/** See {@link LogsFollowMessageSchema}. */
export type LogsFollowMessage = Static<typeof LogsFollowMessageSchema>;
/** See {@link LogsStopMessageSchema}. */
export type LogsStopMessage = Static<typeof LogsStopMessageSchema>;
/** See {@link HelloMessageSchema}. */
export type HelloMessage = Static<typeof HelloMessageSchema>;
/** See {@link AckMessageSchema}. */
export type AckMessage = Static<typeof AckMessageSchema>;
/** See {@link RejectReasonSchema}. */
export type RejectReason = Static<typeof RejectReasonSchema>;
/** See {@link RejectMessageSchema}. */
export type RejectMessage = Static<typeof RejectMessageSchema>;
/** See {@link StatusMessageSchema}. */
export type StatusMessage = Static<typeof StatusMessageSchema>;
/** See {@link EventMessageSchema}. */
export type EventMessage = Static<typeof EventMessageSchema>;
/** See {@link ConsoleResultMessageSchema}. */
export type ConsoleResultMessage = Static<typeof ConsoleResultMessageSchema>;
/** See {@link LogsDataMessageSchema}. */
export type LogsDataMessage = Static<typeof LogsDataMessageSchema>;
/** See {@link LogsEndMessageSchema}. */
export type LogsEndMessage = Static<typeof LogsEndMessageSchema>;
/** See {@link InstallOutputMessageSchema}. */
export type InstallOutputMessage = Static<typeof InstallOutputMessageSchema>;
/** See {@link InstallEndMessageSchema}. */
export type InstallEndMessage = Static<typeof InstallEndMessageSchema>;
/** Every frame core sends. */
export type CoreMessage = Static<typeof CoreMessageSchema>;
/** Every frame the operator sends. */
export type OperatorMessage = Static<typeof OperatorMessageSchema>;
/** See {@link RegisterRequestSchema}. */
export type RegisterRequest = Static<typeof RegisterRequestSchema>;
/** See {@link RegisterResponseSchema}. */
export type RegisterResponse = Static<typeof RegisterResponseSchema>;

function parse<T>(schema: TSchema, frame: string | Buffer): T {
  let value: unknown;
  try {
    value = JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8'));
  } catch {
    throw LinkMessageInvalidError('not JSON');
  }
  if (!Value.Check(schema, value)) {
    const first = [...Value.Errors(schema, value)][0];
    const type = (value as { type?: unknown } | null)?.type;
    throw LinkMessageInvalidError(
      `${typeof type === 'string' ? type : 'frame'}${first ? ` ${first.instancePath || '/'} ${first.message}` : ''}`,
    );
  }
  return value as T;
}

/** Parses and checks a frame received from core. */
export function parseCoreMessage(frame: string | Buffer): CoreMessage {
  return parse<CoreMessage>(CoreMessageSchema, frame);
}

/** Parses and checks a frame received from an operator. */
export function parseOperatorMessage(frame: string | Buffer): OperatorMessage {
  return parse<OperatorMessage>(OperatorMessageSchema, frame);
}
