import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { SDK_VERSION } from '@pteronimbus/sdk';
import type { LoadedPlugin } from '../plugins/loader.ts';
import { CORE_PERMISSIONS } from './permissions.ts';

const Permission = Type.Object({
  key: Type.String(),
  group: Type.String(),
  label: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});

/** The shape of `GET /api/v1/registry`; the web panel and the operator read it. */
export const RegistrySchema = Type.Object({
  core: Type.Object({
    name: Type.Literal('pteronimbus'),
    version: Type.String(),
    apiVersion: Type.Literal('v1'),
    sdkVersion: Type.String(),
    permissions: Type.Array(Permission),
  }),
  plugins: Type.Array(
    Type.Object({
      name: Type.String(),
      version: Type.String(),
      description: Type.Optional(Type.String()),
      dependsOn: Type.Array(Type.String()),
      permissions: Type.Array(Permission),
      capabilities: Type.Object({}, { additionalProperties: true }),
      configSchema: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
  ),
});

export type Registry = Static<typeof RegistrySchema>;

/** Builds the registry document from the loaded plugins. */
export function buildRegistry(coreVersion: string, plugins: LoadedPlugin[]): Registry {
  return {
    core: {
      name: 'pteronimbus',
      version: coreVersion,
      apiVersion: 'v1',
      sdkVersion: SDK_VERSION,
      permissions: [...CORE_PERMISSIONS],
    },
    plugins: plugins.map(({ plugin }) => ({
      name: plugin.name,
      version: plugin.version,
      ...(plugin.description ? { description: plugin.description } : {}),
      dependsOn: [...(plugin.dependsOn ?? [])],
      permissions: [...(plugin.permissions ?? [])],
      capabilities: { ...(plugin.capabilities ?? {}) },
      ...(plugin.configSchema
        ? {
            configSchema: JSON.parse(JSON.stringify(plugin.configSchema)) as Record<
              string,
              unknown
            >,
          }
        : {}),
    })),
  };
}

/** `GET /api/v1/registry`: what this installation can do. Serialized once; it only changes on restart. */
export function registryRoutes(app: FastifyInstance, registry: Registry): void {
  // Bytes, not a string: a string would be encoded to UTF-8 again on every answer.
  const body = Buffer.from(JSON.stringify(registry));
  app.get(
    '/api/v1/registry',
    {
      config: { public: true },
      schema: {
        tags: ['registry'],
        summary: 'Core version and the loaded plugins with their permissions and capabilities',
        response: { 200: RegistrySchema },
      },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(body),
  );
}
