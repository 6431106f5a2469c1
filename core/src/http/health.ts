import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const Check = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  error: Type.Optional(Type.String()),
});

/** `/healthz`: the process answers. `/readyz`: every dependency it needs answers too. */
export function healthRoutes(app: FastifyInstance, checks: ReadinessCheck[]): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: database and Redis reachable',
        response: {
          200: Type.Object({ status: Type.String(), checks: Type.Array(Check) }),
          503: Type.Object({ status: Type.String(), checks: Type.Array(Check) }),
        },
      },
    },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async (c) => {
          try {
            await withTimeout(c.check(), 2_000);
            return { name: c.name, ok: true };
          } catch (err) {
            return {
              name: c.name,
              ok: false,
              error: ((err as Error).message ?? 'failed').split('\n')[0],
            };
          }
        }),
      );
      const ok = results.every((r) => r.ok);
      return reply
        .status(ok ? 200 : 503)
        .send({ status: ok ? 'ready' : 'unavailable', checks: results });
    },
  );
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e as Error);
      },
    );
  });
}
