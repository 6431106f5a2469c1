/**
 * Errors raised by the emulator itself (bad seed, bad control call, bad CLI flag), as opposed to
 * the Discord-shaped errors it answers on the emulated API.
 */
export class EmulatorError extends Error {
  /** Stable code, `PN_DISCORD_EMULATOR_*`. */
  readonly code: string;
  /** HTTP status used when the error reaches the control API. */
  readonly status: number;
  /** Extra detail for the caller, e.g. the list of seed validation problems. */
  readonly details: unknown;

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'EmulatorError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Codes of every {@link EmulatorError} the emulator raises. */
export const EmulatorErrorCodes = {
  invalidSeed: 'PN_DISCORD_EMULATOR_INVALID_SEED',
  seedUnreadable: 'PN_DISCORD_EMULATOR_SEED_UNREADABLE',
  invalidArgument: 'PN_DISCORD_EMULATOR_INVALID_ARGUMENT',
  unknownGuild: 'PN_DISCORD_EMULATOR_UNKNOWN_GUILD',
  unknownUser: 'PN_DISCORD_EMULATOR_UNKNOWN_USER',
  unknownRole: 'PN_DISCORD_EMULATOR_UNKNOWN_ROLE',
  unknownMember: 'PN_DISCORD_EMULATOR_UNKNOWN_MEMBER',
  unknownChannel: 'PN_DISCORD_EMULATOR_UNKNOWN_CHANNEL',
  unknownCommand: 'PN_DISCORD_EMULATOR_UNKNOWN_COMMAND',
  unknownInteraction: 'PN_DISCORD_EMULATOR_UNKNOWN_INTERACTION',
  conflict: 'PN_DISCORD_EMULATOR_CONFLICT',
  noSigningKey: 'PN_DISCORD_EMULATOR_NO_SIGNING_KEY',
  deliveryFailed: 'PN_DISCORD_EMULATOR_DELIVERY_FAILED',
} as const;

/** Builds an {@link EmulatorError}. */
export function createError(
  code: string,
  message: string,
  status = 400,
  details?: unknown,
): EmulatorError {
  return new EmulatorError(code, message, status, details);
}
