import type { FastifyInstance } from 'fastify';
import { isPnError } from '@pteronimbus/sdk';
import { Type } from 'typebox';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const Check = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
});

/**
 * `/healthz`: the process answers. `/readyz`: every dependency it needs answers too. The answer is
 * public, so it says only which dependency failed: a driver's error text can name hosts, users or
 * databases. What went wrong is logged instead (its code and the first line of its message, never
 * a connection string).
 */
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
    async (request, reply) => {
      const results = await Promise.all(
        checks.map(async (c) => {
          try {
            await withTimeout(c.check(), 2_000);
            return { name: c.name, ok: true };
          } catch (err) {
            request.log.warn(
              { dependency: c.name, code: errorCode(err), reason: firstLine(err) },
              'readiness check failed',
            );
            return { name: c.name, ok: false };
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

function errorCode(err: unknown): string | undefined {
  if (isPnError(err)) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The first line of an error's message, with anything shaped like a URL's credentials masked. */
function firstLine(err: unknown): string {
  const message = (err as Error | null)?.message ?? 'failed';
  return (message.split('\n')[0] ?? '').replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 200);
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
