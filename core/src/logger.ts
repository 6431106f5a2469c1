import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import pino, { type Logger as PinoLogger } from 'pino';

const SECRET_KEYS = [
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
];

/** Paths whose values never reach the log, wherever a secret could hide (top level, one and two deep). */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

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
      redact: { paths: REDACT_PATHS, censor: '***' },
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
