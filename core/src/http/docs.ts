import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { markPublic } from './access.ts';

/** OpenAPI generated from the route schemas, browsable at `/docs` (JSON at `/docs/json`). */
export async function apiDocs(
  app: FastifyInstance,
  version: string,
  publicUrl: string,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pteronimbus API',
        version,
        description:
          'The HTTP API of the Pteronimbus panel. Errors are `{ error: { code, message, details } }`.',
      },
      servers: [{ url: publicUrl }],
    },
  });
  await app.register(async (scope) => {
    markPublic(scope);
    await scope.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      uiConfig: { deepLinking: true },
    });
  });
}
