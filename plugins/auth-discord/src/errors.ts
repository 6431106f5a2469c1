import { createError } from '@pteronimbus/sdk';

// Every code this plugin answers with; README.md lists each one and a test keeps them equal.

export const AuthNotConfigured = createError(
  'PN_AUTH_NOT_CONFIGURED',
  'Discord login is not configured: set DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET',
  503,
);
export const AuthStateInvalid = createError(
  'PN_AUTH_STATE_INVALID',
  'The login request expired or was not started in this browser; start again',
  400,
);
export const AuthCodeInvalid = createError(
  'PN_AUTH_CODE_INVALID',
  'Discord refused the authorization code (expired, used, or not for this login)',
  400,
);
export const AuthDiscordFailed = createError(
  'PN_AUTH_DISCORD_FAILED',
  'Discord could not complete the login, retry later',
  502,
);
export const AuthAccountDeactivated = createError(
  'PN_AUTH_ACCOUNT_DEACTIVATED',
  'This account is deactivated',
  403,
);
export const AuthRefreshInvalid = createError(
  'PN_AUTH_REFRESH_INVALID',
  'The session is missing or expired; log in again',
  401,
);
export const AuthSessionRevoked = createError(
  'PN_AUTH_SESSION_REVOKED',
  'The session was ended; log in again',
  401,
);
export const AuthCsrfRejected = createError(
  'PN_AUTH_CSRF_REJECTED',
  'The request did not come from the panel itself',
  403,
);
export const AuthRateLimited = createError(
  'PN_AUTH_RATE_LIMITED',
  'Too many login attempts, retry later',
  429,
);
