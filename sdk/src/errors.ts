/**
 * A failure with a stable code, an HTTP status and optional structured details. Core's error
 * handler turns it into `{ error: { code, message, details } }`; plugins throw it for any failure
 * a user can reach.
 */
export class PnError extends Error {
  /** Stable machine-readable code, e.g. `PN_SERVER_NOT_FOUND`. */
  readonly code: string;
  /** HTTP status the error maps to. */
  readonly statusCode: number;
  /** Structured, non-secret details a client may show or act on. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    statusCode = 500,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PnError';
    this.code = code;
    this.statusCode = statusCode;
    this.details = details;
  }
}

/** A factory for one kind of {@link PnError}: call it with the message arguments and details. */
export interface PnErrorFactory<A extends unknown[] = []> {
  (...args: [...A, details?: Record<string, unknown>]): PnError;
  /** The code every error from this factory carries. */
  readonly code: string;
  /** The HTTP status every error from this factory carries. */
  readonly statusCode: number;
  /** Whether `err` came from this factory. */
  is(err: unknown): err is PnError;
}

/**
 * Declares one error kind. `message` may contain `%s` placeholders filled from the arguments.
 *
 * @example
 * const ServerNotFound = createError<[string]>('PN_SERVER_NOT_FOUND', 'Server %s not found', 404);
 * throw ServerNotFound(id);
 */
export function createError<A extends unknown[] = []>(
  code: string,
  message: string,
  statusCode = 500,
): PnErrorFactory<A> {
  if (!/^PN_[A-Z0-9_]+$/.test(code)) {
    throw new TypeError(`error code ${code} must look like PN_SOMETHING`);
  }
  const factory = ((...args: unknown[]) => {
    const placeholders = (message.match(/%s/g) ?? []).length;
    const values = args.slice(0, placeholders);
    const details =
      args.length > placeholders ? (args[placeholders] as Record<string, unknown>) : undefined;
    let i = 0;
    const text = message.replace(/%s/g, () => String(values[i++] ?? ''));
    return new PnError(code, text, statusCode, details);
  }) as unknown as PnErrorFactory<A>;
  Object.defineProperties(factory, {
    code: { value: code },
    statusCode: { value: statusCode },
    is: { value: (err: unknown) => err instanceof PnError && err.code === code },
  });
  return factory;
}

/** Whether a value is a {@link PnError} (also across duplicated module instances). */
export function isPnError(err: unknown): err is PnError {
  return (
    err instanceof PnError ||
    (typeof err === 'object' &&
      err !== null &&
      (err as { name?: unknown }).name === 'PnError' &&
      typeof (err as { code?: unknown }).code === 'string')
  );
}
