import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPnError, type PnError } from '@pteronimbus/sdk';
import {
  BadRequest,
  BodyTooLarge,
  Internal,
  MalformedBody,
  MethodNotAllowed,
  NotFound,
  RateLimited,
  UnsupportedMediaType,
  ValidationFailed,
} from './codes.ts';
import { outageError } from './outage.ts';

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Maps any thrown value onto a coded error. Unknown errors become PN_INTERNAL without leaking. */
export function toPnError(err: unknown): PnError {
  if (isPnError(err)) return err;
  const fe = err as Partial<FastifyError> & {
    validation?: Array<{ instancePath?: string; message?: string; params?: unknown }>;
    validationContext?: string;
  };
  if (fe.validation) {
    const issues = fe.validation.map((v) => ({
      in: fe.validationContext ?? 'body',
      path: v.instancePath || '/',
      message: v.message ?? 'is invalid',
    }));
    const first = issues[0];
    return ValidationFailed(
      first
        ? `${first.in}${first.path === '/' ? '' : first.path} ${first.message}`
        : 'The request is invalid',
      { issues },
    );
  }
  const outage = outageError(err);
  if (outage) return outage;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return BodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return UnsupportedMediaType(String(fe.message?.match(/'([^']*)'/)?.[1] ?? 'given'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return MalformedBody();
    // Raised by the router before any route or hook runs (see `frameworkErrors` in app.ts).
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return ValidationFailed('params a path parameter is too long', {
        issues: [{ in: 'params', path: '/', message: 'is too long' }],
      });
    case 'FST_ERR_BAD_URL':
      return BadRequest('The URL is malformed');
    case 'FST_ERR_NOT_FOUND':
      return NotFound('this path');
    case 'FST_ERR_BAD_STATUS_CODE':
      return Internal();
    default:
      break;
  }
  if (fe.statusCode === 429) return RateLimited();
  if (fe.statusCode === 405) return MethodNotAllowed();
  if (fe instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message ?? '')))
    return MalformedBody();
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return BadRequest(fe.message ?? 'Bad request');
  }
  return Internal();
}

/** Answers `err` as `{ error: { code, message, details } }` with its status. */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const pn = toPnError(err);
  if (pn.statusCode >= 500) {
    request.log.error({ err }, 'request failed');
  } else {
    request.log.info({ code: pn.code, status: pn.statusCode }, pn.message);
  }
  const body: ErrorBody = { error: { code: pn.code, message: pn.message } };
  if (pn.details) body.error.details = pn.details;
  if (
    pn.statusCode === 429 &&
    reply.getHeader('retry-after') === undefined &&
    pn.details?.retryAfterSeconds
  ) {
    reply.header('retry-after', String(pn.details.retryAfterSeconds));
  }
  return reply.status(pn.statusCode).type('application/json; charset=utf-8').send(body);
}

/** Installs the one error handler and the JSON not-found answer for API paths. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
}
