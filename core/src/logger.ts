import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { maskSecrets, redactUrl } from '@pteronimbus/sdk';
import pino, { type Logger as PinoLogger } from 'pino';

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
