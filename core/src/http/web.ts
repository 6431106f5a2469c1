import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { markPublic } from './access.ts';

/**
 * Where the built web panel is, if anywhere: the workspace's build (`web/dist/spa`, found from the
 * sources and from `dist/`), else the copy a packed core ships in its own `web/` folder (put
 * there by `npm pack`'s `prepack`, see `scripts/bundle-web.mjs`).
 */
export function findWebRoot(here = dirname(fileURLToPath(import.meta.url))): string | null {
  for (const candidate of [
    resolve(here, '../../../web/dist/spa'),
    resolve(here, '../../web/dist/spa'),
    resolve(here, '../web'),
    resolve(here, '../../web'),
  ]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/** Paths that belong to the API and never fall back to the web app. */
export function isApiPath(url: string): boolean {
  return /^\/(api|auth|docs|healthz|readyz|metrics)(\/|\?|$)/.test(url);
}

/** Serves the web panel's files; hashed assets are cached for good, index.html never. */
export async function webApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(async (scope) => {
    markPublic(scope);
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.endsWith('index.html')
            ? 'no-cache'
            : /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png)$/.test(path)
              ? 'public, max-age=31536000, immutable'
              : 'public, max-age=3600',
        );
      },
    });
  });
}
