import { createError } from '@pteronimbus/sdk';

/** No template with that id is visible here (also answered for another tenant's templates). */
export const TemplateNotFound = createError<[string]>(
  'PN_TEMPLATE_NOT_FOUND',
  'Template %s not found',
  404,
);

/** The template exists but has no such version. */
export const TemplateVersionNotFound = createError<[string, number]>(
  'PN_TEMPLATE_VERSION_NOT_FOUND',
  'Template %s has no version %s',
  404,
);

/** Something still runs on the template; `details.users` says what. */
export const TemplateInUse = createError<[string]>(
  'PN_TEMPLATE_IN_USE',
  'Template %s is in use and cannot be deleted',
  409,
);

/** A global template addressed through a tenant's routes for a change. */
export const TemplateReadOnly = createError<[string]>(
  'PN_TEMPLATE_READ_ONLY',
  'Template %s is global; it is managed under /api/v1/templates',
  403,
);

/** An import URL that is not https, or that resolves to a private, loopback or link-local address. */
export const TemplateUrlForbidden = createError<[string]>(
  'PN_TEMPLATE_URL_FORBIDDEN',
  'The import URL is not allowed: %s',
  400,
);

/** The import URL could not be fetched (DNS, connection, an error status, too many redirects). */
export const TemplateUrlFailed = createError<[string]>(
  'PN_TEMPLATE_URL_FAILED',
  'The import URL could not be fetched: %s',
  502,
);

/** The import URL did not answer in time. */
export const TemplateUrlTimeout = createError<[number]>(
  'PN_TEMPLATE_URL_TIMEOUT',
  'The import URL did not answer within %s ms',
  504,
);

/** An egg larger than the import limit. */
export const TemplateImportTooLarge = createError<[number]>(
  'PN_TEMPLATE_IMPORT_TOO_LARGE',
  'The egg is larger than %s bytes',
  413,
);

/** Text PostgreSQL cannot store (a NUL character). */
export const TemplateUnstorable = createError<[string]>(
  'PN_TEMPLATE_UNSTORABLE',
  'The template cannot be stored: %s',
  422,
);

/** A list cursor that this server did not hand out. */
export const TemplateCursorInvalid = createError(
  'PN_TEMPLATE_CURSOR_INVALID',
  'The cursor is invalid; start the listing again without it',
  400,
);

/**
 * A parameter schema that core must not run: a pattern that may backtrack without bound, or a
 * `maxLength` above the ceiling; `details.problems` lists each with its path.
 */
export const TemplateParameterUnsafe = createError<[string]>(
  'PN_TEMPLATE_PARAMETER_UNSAFE',
  'The template has an unsafe parameter schema: %s',
  400,
);

/** A tenant asked for more URL imports than its limit allows; `details.retryAfterSeconds`. */
export const TemplateUrlRateLimited = createError(
  'PN_TEMPLATE_URL_RATE_LIMITED',
  'Too many URL imports here; retry later',
  429,
);

/** Every code this plugin raises, for the error reference. */
export const TEMPLATE_ERRORS = [
  TemplateNotFound,
  TemplateVersionNotFound,
  TemplateInUse,
  TemplateReadOnly,
  TemplateUrlForbidden,
  TemplateUrlFailed,
  TemplateUrlTimeout,
  TemplateImportTooLarge,
  TemplateUnstorable,
  TemplateCursorInvalid,
  TemplateParameterUnsafe,
  TemplateUrlRateLimited,
] as const;
