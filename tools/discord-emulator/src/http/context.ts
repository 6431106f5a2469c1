import type { KeyObject } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { EmulatorState } from '../state/state.ts';
import type { FaultInjector } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RequestLog } from './request-log.ts';

/** Ed25519 key pair used to sign interactions the emulator delivers. */
export interface SigningKeys {
  privateKey: KeyObject;
  /** Raw 32-byte public key, hex: what the application configures as its public key. */
  publicKeyHex: string;
}

/** Everything the routes and hooks share. */
export interface EmulatorContext {
  state: EmulatorState;
  clock: Clock;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  /** Lifetime of access tokens, in seconds (Discord: one week). */
  tokenTtlSeconds: number;
  signing: SigningKeys;
}

/** Path prefix of the emulated REST API. */
export const API_PREFIX = '/api/v10';
