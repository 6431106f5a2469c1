/** Discord's JSON error codes that the emulator answers with. */
export const DiscordErrorCode = {
  general: 0,
  unknownApplication: 10002,
  unknownChannel: 10003,
  unknownGuild: 10004,
  unknownMember: 10007,
  unknownMessage: 10008,
  unknownRole: 10011,
  unknownUser: 10013,
  unknownWebhook: 10015,
  unknownInteraction: 10062,
  interactionAlreadyAcknowledged: 40060,
  missingAccess: 50001,
  cannotSendEmptyMessage: 50006,
  missingPermissions: 50013,
  invalidWebhookToken: 50027,
  invalidFormBody: 50035,
  invalidJson: 50109,
} as const;

/** One field error in an Invalid Form Body answer. */
export interface FieldError {
  code: string;
  message: string;
}

/**
 * A Discord-shaped API error, thrown from a handler and rendered by the error handler as
 * `{ code, message, errors? }` with the given status.
 */
export class DiscordApiError extends Error {
  readonly status: number;
  readonly body: { code: number; message: string; errors?: unknown };

  constructor(status: number, code: number, message: string, errors?: unknown) {
    super(message);
    this.name = 'DiscordApiError';
    this.status = status;
    this.body = errors === undefined ? { code, message } : { code, message, errors };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** The generic `{ code: 0, message: '401: Unauthorized' }` form Discord uses for bare HTTP errors. */
export function httpError(status: number): DiscordApiError {
  return new DiscordApiError(
    status,
    DiscordErrorCode.general,
    `${status}: ${STATUS_TEXT[status] ?? 'Error'}`,
  );
}

export const unauthorized = (): DiscordApiError => httpError(401);

export const missingAccess = (): DiscordApiError =>
  new DiscordApiError(403, DiscordErrorCode.missingAccess, 'Missing Access');

export const missingPermissions = (): DiscordApiError =>
  new DiscordApiError(403, DiscordErrorCode.missingPermissions, 'Missing Permissions');

type UnknownKind =
  'Application' | 'Channel' | 'Guild' | 'Member' | 'Message' | 'Role' | 'User' | 'Webhook';

const UNKNOWN_CODES: Record<UnknownKind, number> = {
  Application: DiscordErrorCode.unknownApplication,
  Channel: DiscordErrorCode.unknownChannel,
  Guild: DiscordErrorCode.unknownGuild,
  Member: DiscordErrorCode.unknownMember,
  Message: DiscordErrorCode.unknownMessage,
  Role: DiscordErrorCode.unknownRole,
  User: DiscordErrorCode.unknownUser,
  Webhook: DiscordErrorCode.unknownWebhook,
};

/** `404 { code: 10004, message: 'Unknown Guild' }` and friends. */
export function unknown(kind: UnknownKind): DiscordApiError {
  return new DiscordApiError(404, UNKNOWN_CODES[kind], `Unknown ${kind}`);
}

/**
 * `400 Invalid Form Body` with Discord's nested error tree: each key of `fields` is a dotted
 * path (`limit`, `0.name`, or `''` for the body itself) and ends in `{ _errors: [...] }`.
 */
export function invalidFormBody(fields: Record<string, FieldError>): DiscordApiError {
  const tree: Record<string, unknown> = {};
  for (const [path, error] of Object.entries(fields)) {
    let node = tree;
    for (const key of path === '' ? [] : path.split('.')) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node._errors = [error];
  }
  return new DiscordApiError(400, DiscordErrorCode.invalidFormBody, 'Invalid Form Body', tree);
}
