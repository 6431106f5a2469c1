import { ApiError, clientErrorCodes } from '../../api/errors.ts';
import { botMissingCode, type PendingInstall, type Tenant } from '../../api/tenants.ts';

/** Options of {@link pollInstall}. */
export interface PollInstallOptions {
  /**
   * `POST …/install/confirm`; answers the tenant (or, under the approval policy, the pending
   * request) or throws `PN_TENANT_BOT_MISSING`.
   */
  confirm: (signal: AbortSignal) => Promise<Tenant | PendingInstall>;
  /** Pause between attempts. */
  intervalMs?: number;
  /** How long to wait for the bot before giving up. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called before each attempt, counting from 1. */
  onAttempt?: (attempt: number) => void;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/** Default pause between confirm attempts. */
export const installPollIntervalMs = 2_000;
/** Default time the flow waits for the bot to join. */
export const installTimeoutMs = 120_000;

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(abortError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): ApiError {
  return new ApiError({
    code: clientErrorCodes.aborted,
    message: 'The install was cancelled.',
    status: 0,
  });
}

/**
 * Confirms an install until the bot has joined the guild. Discord adds the bot when the user
 * approves the invite in another tab, which the panel cannot observe, so it asks core again
 * while core answers `PN_TENANT_BOT_MISSING`. Any other failure ends the wait at once; so does
 * the timeout, with `PN_WEB_INSTALL_TIMEOUT`.
 */
export async function pollInstall(options: PollInstallOptions): Promise<Tenant | PendingInstall> {
  const intervalMs = options.intervalMs ?? installPollIntervalMs;
  const timeoutMs = options.timeoutMs ?? installTimeoutMs;
  const now = options.now ?? Date.now;
  const deadline = now() + timeoutMs;
  const controller = new AbortController();
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  try {
    for (let attempt = 1; ; attempt += 1) {
      if (options.signal?.aborted === true) throw abortError();
      options.onAttempt?.(attempt);
      try {
        return await options.confirm(controller.signal);
      } catch (cause) {
        if (!(cause instanceof ApiError) || cause.code !== botMissingCode) throw cause;
      }
      if (now() + intervalMs > deadline) {
        throw new ApiError({
          code: clientErrorCodes.installTimeout,
          message: 'The bot did not join the server in time.',
          status: 0,
        });
      }
      await pause(intervalMs, options.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
}
