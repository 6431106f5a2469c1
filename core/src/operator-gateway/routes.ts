import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  auditSourceOf,
  LINK_PATH,
  REGISTER_PATH,
  RegisterRequestSchema,
  RegisterResponseSchema,
  PublishedKeySchema,
  type AuditActor,
  type AuditLog,
  type RegisterRequest,
} from '@pteronimbus/sdk';
import { isIP } from 'node:net';
import type { OperatorGateway } from './gateway.ts';
import { QueryNetworkInvalid } from '../errors/codes.ts';
import type { Cluster } from './store.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const ClusterSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('revoked')]),
  headRevision: Type.Integer(),
  appliedRevision: Type.Integer(),
  operatorVersion: Nullable(Type.String()),
  kubernetesVersion: Nullable(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  connected: Type.Boolean({
    description: 'Whether its link is open on the replica that answered.',
  }),
  createdBy: Nullable(Type.String()),
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  revokedBy: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  queryNetworks: Type.Array(Type.String(), {
    description: 'Private networks (CIDR) its game servers are reached on by the player query.',
  }),
});

const QueryNetworksBody = Type.Object(
  {
    networks: Type.Array(
      Type.String({
        minLength: 3,
        maxLength: 49,
        description: 'A CIDR such as `10.0.0.0/8` or `fd00::/8`.',
      }),
      { maxItems: 16 },
    ),
  },
  { additionalProperties: false },
);

const KeysAnswer = Type.Object({
  kid: Type.String({ description: 'Id of the key that signs now.' }),
  keys: Type.Array(PublishedKeySchema, { description: 'Published keys, current first.' }),
});

const ClusterParams = Type.Object({ clusterId: Type.String({ maxLength: 64 }) });

const JoinTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255, description: 'Name the cluster will have.' }),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: 7 * 24 * 3600,
        default: 3600,
        description: 'Lifetime of the token.',
      }),
    ),
  },
  { additionalProperties: false },
);

const JoinTokenAnswer = Type.Object({
  token: Type.String({ description: 'Shown once; only its hash is kept.' }),
  name: Type.String(),
  expiresAt: Type.String(),
});

/** Whether `text` is an IPv4 or IPv6 network in CIDR notation. */
function isCidr(text: string): boolean {
  const [address, bits, extra] = text.split('/');
  if (extra !== undefined || !address || !bits || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Registration is public: a few attempts per minute per address are plenty for a real operator. */
const REGISTER_PER_MINUTE = 10;

/**
 * The gateway's HTTP surface: super-admin management of clusters and join tokens, the public
 * registration an operator makes once, and the operator's WebSocket link.
 */
export async function operatorGatewayRoutes(
  app: FastifyInstance,
  gateway: OperatorGateway,
  audit: AuditLog,
): Promise<void> {
  const view = (cluster: Cluster) => ({
    ...cluster,
    connected: gateway.connected().includes(cluster.id),
  });
  // Super-admin routes always have a principal; the fallback only keeps the types honest.
  const actor = (request: FastifyRequest): AuditActor =>
    request.principal
      ? { type: 'user', id: request.principal.userId, name: request.principal.name }
      : { type: 'system' };
  const byWhom = (request: FastifyRequest) => request.principal?.userId ?? null;
  const record = (
    request: FastifyRequest,
    action: string,
    target: { type: string; id: string; name?: string },
    changes?: Record<string, unknown>,
  ) =>
    audit.record({
      tenantId: null,
      actor: actor(request),
      action,
      target,
      ...(changes ? { changes } : {}),
      source: auditSourceOf(request.principal),
      requestId: request.id,
    });

  app.post(
    '/api/v1/admin/cluster-join-tokens',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['clusters'],
        summary: 'Create a one-time join token for a new cluster',
        body: JoinTokenBody,
        response: { 201: JoinTokenAnswer },
      },
    },
    async (request, reply) => {
      const body = request.body as { name: string; ttlSeconds?: number };
      // The token and its audit entry commit together: an outage between them leaves neither.
      const created = await gateway.createJoinToken({
        name: body.name,
        ...(body.ttlSeconds ? { ttlSeconds: body.ttlSeconds } : {}),
        createdBy: byWhom(request),
        audit: ({ name, expiresAt }) => ({
          tenantId: null,
          actor: actor(request),
          action: 'cluster.join-token.create',
          target: { type: 'cluster-join-token', id: name, name },
          changes: { expiresAt },
          source: auditSourceOf(request.principal),
          requestId: request.id,
        }),
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/admin/clusters',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['clusters'],
        summary: 'List clusters',
        response: { 200: Type.Object({ clusters: Type.Array(ClusterSchema) }) },
      },
    },
    async () => ({ clusters: (await gateway.listClusters()).map(view) }),
  );

  app.get(
    '/api/v1/admin/clusters/:clusterId',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['clusters'],
        summary: 'One cluster',
        params: ClusterParams,
        response: { 200: ClusterSchema },
      },
    },
    async (request) =>
      view(await gateway.getCluster((request.params as { clusterId: string }).clusterId)),
  );

  for (const action of ['approve', 'revoke'] as const) {
    app.post(
      `/api/v1/admin/clusters/:clusterId/${action}`,
      {
        config: { superAdmin: true },
        schema: {
          tags: ['clusters'],
          summary:
            action === 'approve'
              ? 'Approve a registered cluster: its operator may link'
              : 'Revoke a cluster: its link is cut at once and it may not link again',
          params: ClusterParams,
          response: { 200: ClusterSchema },
        },
      },
      async (request) => {
        const { clusterId } = request.params as { clusterId: string };
        const cluster =
          action === 'approve'
            ? await gateway.approve(clusterId, byWhom(request))
            : await gateway.revoke(clusterId, byWhom(request));
        await record(request, `cluster.${action}`, {
          type: 'cluster',
          id: cluster.id,
          name: cluster.name,
        });
        return view(cluster);
      },
    );
  }

  app.put(
    '/api/v1/admin/clusters/:clusterId/query-networks',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['clusters'],
        summary: "Set the private networks a cluster's game servers are reached on",
        params: ClusterParams,
        body: QueryNetworksBody,
        response: { 200: ClusterSchema },
      },
    },
    async (request) => {
      const { clusterId } = request.params as { clusterId: string };
      const { networks } = request.body as { networks: string[] };
      for (const network of networks) if (!isCidr(network)) throw QueryNetworkInvalid(network);
      const before = await gateway.getCluster(clusterId);
      const cluster = await gateway.setQueryNetworks(clusterId, networks);
      await record(
        request,
        'cluster.query-networks.update',
        { type: 'cluster', id: cluster.id, name: cluster.name },
        { before: before.queryNetworks, after: cluster.queryNetworks },
      );
      return view(cluster);
    },
  );

  app.get(
    '/api/v1/admin/operator-link/keys',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['clusters'],
        summary: "Core's link signing keys",
        response: { 200: KeysAnswer },
      },
    },
    async () => {
      const { keys } = await gateway.keySet();
      return { kid: keys[0]!.kid, keys };
    },
  );

  app.post(
    '/api/v1/admin/operator-link/keys/rotate',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['clusters'],
        summary: "Rotate core's link signing key (the previous one stays published)",
        response: { 200: KeysAnswer },
      },
    },
    async (request) => {
      const rotated = await gateway.rotateKeys(byWhom(request));
      await record(
        request,
        'operator-link.keys.rotate',
        { type: 'operator-link-key', id: rotated.kid },
        { generation: rotated.generation, published: rotated.keys.map((k) => k.kid) },
      );
      return { kid: rotated.kid, keys: rotated.keys };
    },
  );

  app.post(
    REGISTER_PATH,
    {
      config: {
        public: true,
        rateLimit: { max: REGISTER_PER_MINUTE, timeWindow: 60_000 },
      },
      schema: {
        tags: ['operator'],
        summary: 'Register an operator with a join token (once per token)',
        body: RegisterRequestSchema,
        response: { 201: RegisterResponseSchema },
      },
    },
    async (request, reply) => {
      const answer = await gateway.register(request.body as RegisterRequest);
      await audit.record({
        tenantId: null,
        actor: { type: 'system', id: answer.clusterId, name: 'operator' },
        action: 'cluster.register',
        target: { type: 'cluster', id: answer.clusterId },
        source: 'operator',
        requestId: request.id,
      });
      return reply.code(201).send(answer);
    },
  );

  app.get(
    LINK_PATH,
    {
      websocket: true,
      // The operator authenticates itself with its cluster credential, not as a user.
      config: { public: true },
      schema: { tags: ['operator'], summary: 'The operator link (WebSocket)', hide: true },
      preValidation: async (request) => {
        const header = request.headers.authorization;
        const credential = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
        const cluster = await gateway.authenticate(credential);
        (request as FastifyRequest & { clusterId?: string }).clusterId = cluster.id;
      },
    },
    (socket, request) => {
      gateway.attach((request as FastifyRequest & { clusterId: string }).clusterId, socket);
    },
  );
}
