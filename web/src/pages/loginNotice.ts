import type { LocationQuery } from 'vue-router';

/** What the login page explains, each with its own message under `login.notices`. */
export type LoginNoticeKind =
  | 'denied'
  | 'expired'
  | 'discordUnavailable'
  | 'stale'
  | 'deactivated'
  | 'rateLimited'
  | 'notConfigured'
  | 'unreachable'
  | 'other';

/** A notice above the sign-in button. */
export interface LoginNotice {
  kind: LoginNoticeKind;
  /** `info` for things the user chose or that happen by design, `error` for failures. */
  tone: 'info' | 'error';
  /** The code core (or the panel) reported, shown so it can be looked up; `null` when none. */
  code: string | null;
}

// Core's callback redirects with one of these codes (see the auth-discord web contract).
const kindsByCode: Readonly<Record<string, LoginNoticeKind>> = {
  PN_DISCORD_UNAVAILABLE: 'discordUnavailable',
  PN_AUTH_DISCORD_FAILED: 'discordUnavailable',
  PN_AUTH_STATE_INVALID: 'stale',
  PN_AUTH_CODE_INVALID: 'stale',
  PN_AUTH_ACCOUNT_DEACTIVATED: 'deactivated',
  PN_AUTH_RATE_LIMITED: 'rateLimited',
  PN_AUTH_NOT_CONFIGURED: 'notConfigured',
  PN_WEB_NETWORK: 'unreachable',
};

function single(value: LocationQuery[string] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : null;
}

/** Reads `?error=` and `?reason=` into the notice to show, or `null` for a plain sign-in. */
export function loginNotice(query: LocationQuery): LoginNotice | null {
  const error = single(query.error);
  if (error === 'denied') return { kind: 'denied', tone: 'info', code: null };
  if (error !== null) {
    // Only code-shaped values are echoed back: the query string is anyone's to write.
    const code = /^PN_[A-Z0-9_]{1,60}$/.test(error) ? error : null;
    const kind = (code !== null ? kindsByCode[code] : undefined) ?? 'other';
    return { kind, tone: kind === 'notConfigured' ? 'info' : 'error', code };
  }
  if (single(query.reason) === 'expired') return { kind: 'expired', tone: 'info', code: null };
  return null;
}
