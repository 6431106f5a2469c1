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
