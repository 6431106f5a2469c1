import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NotFound } from '../errors/codes.ts';
import { isApiPath } from './web.ts';

/** API paths answer a coded 404; any other GET for a page gets the web app (client-side routes). */
export function notFoundHandling(app: FastifyInstance, webRoot: string | null): void {
  const indexHtml = webRoot ? readFileSync(join(webRoot, 'index.html')) : null;
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !isApiPath(path) &&
      !/\.[a-z0-9]{1,5}$/i.test(path) &&
      /text\/html|\*\/\*/.test(request.headers.accept ?? '*/*');
    if (indexHtml && wantsPage) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(indexHtml);
    }
    throw NotFound(path);
  });
}
