import { createError } from '@pteronimbus/sdk';

/** Registration with a join token failed; the message carries core's answer. */
export const LinkJoinFailed = createError<[string]>(
  'PN_LINK_JOIN_FAILED',
  'Joining the panel failed: %s',
  502,
);

/** The link cannot start: a setting is missing. */
export const LinkConfigMissing = createError<[string]>(
  'PN_LINK_CONFIG_MISSING',
  'The operator link is not configured: %s',
  500,
);

/** Writing to a game's console (the attach API) failed. */
export const LinkAttachFailed = createError<[string]>(
  'PN_LINK_ATTACH_FAILED',
  'Console input failed: %s',
  502,
);

/** Following a game's log failed. */
export const LinkLogsFailed = createError<[string]>(
  'PN_LINK_LOGS_FAILED',
  'Log relay failed: %s',
  502,
);

/** The panel URL given to join is not https (and plain http was not allowed explicitly). */
export const LinkJoinInsecure = createError<[string]>(
  'PN_LINK_JOIN_INSECURE',
  'Refusing to join %s: the panel URL must be https (--insecure-http allows http for local development)',
  400,
);

/** Core asked to relay for something that is not a game server this operator manages. */
export const LinkRelayRefused = createError<[string]>(
  'PN_LINK_RELAY_REFUSED',
  'Relay refused: %s',
  403,
);
