/**
 * Codes the panel itself assigns when a request fails before core could answer with a coded
 * error of its own.
 */
export const clientErrorCodes = {
  /** The request never reached core (offline, DNS, connection refused, CORS). */
  network: 'PN_WEB_NETWORK',
  /** Core answered, but not with the JSON the panel expects (a proxy page, a crash). */
  badResponse: 'PN_WEB_BAD_RESPONSE',
  /** The request was cancelled by the panel (navigation away, a newer request). */
  aborted: 'PN_WEB_ABORTED',
  /** A file chosen for upload is larger than core accepts; it was not sent. */
  fileTooLarge: 'PN_WEB_FILE_TOO_LARGE',
  /** The browser could not read a file chosen for upload. */
  fileUnreadable: 'PN_WEB_FILE_UNREADABLE',
  /** The bot did not join a guild within the time the install flow waits for it. */
  installTimeout: 'PN_WEB_INSTALL_TIMEOUT',
} as const;

/** A failed API call, carrying what the user needs to report it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Stable error code, from core (`PN_…`) or from the panel (`PN_WEB_…`). */
  readonly code: string;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** The `x-request-id` core stamped on the response, for support and logs. */
  readonly requestId: string | undefined;
  /** Structured details core attached, if any. */
  readonly details: unknown;

  constructor(init: {
    code: string;
    message: string;
    status: number;
    requestId?: string | undefined;
    details?: unknown;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

/** Narrows an unknown thrown value to an {@link ApiError}, wrapping anything else. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: clientErrorCodes.badResponse, message, status: 0, cause: error });
}
