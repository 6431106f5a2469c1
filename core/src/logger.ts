import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import pino, { type Logger as PinoLogger } from 'pino';

/** Keys whose values never reach the log, at any depth (compared case-insensitively). */
const SECRET_KEYS = new Set(
  [
    'password',
    'secret',
    'token',
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'clientSecret',
    'client_secret',
    'botToken',
    'secretKey',
    'code_verifier',
    'databaseUrl',
    'redisUrl',
    'authorization',
    'cookie',
    'set-cookie',
    'x-csrf-token',
  ].map((k) => k.toLowerCase()),
);

/** Objects with their own serializer, already reduced to safe fields. */
const SERIALIZED = new Set(['req', 'res', 'err']);

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

function mask(value: unknown, depth: number): unknown {
  if (depth > 6 || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const masked = SECRET_KEYS.has(key.toLowerCase()) ? '***' : mask(v, depth + 1);
    if (masked !== v) {
      out ??= { ...value };
      out[key] = masked;
    }
  }
  return out ?? value;
}

/**
 * Replaces the value of every secret-looking key, at any depth, with `***`. One walk over what is
 * logged; objects are copied only where something is masked.
 */
export function maskSecrets(obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    if (SERIALIZED.has(key)) continue;
    const v = obj[key];
    const masked = SECRET_KEYS.has(key.toLowerCase()) ? '***' : mask(v, 1);
    if (masked !== v) {
      out ??= { ...obj };
      out[key] = masked;
    }
  }
  return out ?? obj;
}

/** Query parameters that carry credentials; their values are masked in logged URLs. */
const SECRET_QUERY =
  /([?&](?:code|state|token|ticket|access_token|refresh_token|code_verifier)=)[^&#]*/gi;

/** Masks credential-bearing query values and passwords in a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1***').replace(/\/\/[^@/?#]*@/, '//***@');
}

export interface LoggerOptions {
  level: string;
  /** Destination for log lines (tests capture them); stdout by default. */
  stream?: NodeJS.WritableStream;
}

/** Builds the root logger used by Fastify and every service. */
export function createLogger(options: LoggerOptions): PinoLogger {
  return pino(
    {
      level: options.level,
      // One walk masking secret keys at any depth: cheaper per line than dozens of wildcard paths.
      formatters: { log: maskSecrets },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url ? redactUrl(req.url) : undefined,
          ip: req.ip,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    (options.stream ?? process.stdout) as pino.DestinationStream,
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Request ids: a well-formed incoming `x-request-id` is kept (for tracing across proxies), else a UUID. */
export const genReqId: NonNullable<FastifyServerOptions['genReqId']> = (req: IncomingMessage) => {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
};

/**
 * One log line per request, written when it completes (method, path, status, time), instead of
 * Fastify's two: at info level, logging was the largest single cost of a request.
 */
export class OneLineLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
