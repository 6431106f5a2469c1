import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../errors/codes.ts';

function nonFinite(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '/';
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nonFinite(v, `${path}/${i}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses a query or path parameter that schema coercion turned into Infinity. Ajv coerces the
 * text `1e400` to `Infinity` for an integer or number and then skips `minimum`/`maximum`, so a
 * bound such as `limit <= 200` would let it through to the handler (and PostgreSQL).
 */
export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const [where, values] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      if (typeof values !== 'object' || values === null) continue;
      for (const [key, value] of Object.entries(values)) {
        const path = nonFinite(value, `/${key}`);
        if (path)
          throw ValidationFailed(`${where}${path} must be a finite number`, {
            issues: [{ in: where, path, message: 'must be a finite number' }],
          });
      }
    }
  });
}
