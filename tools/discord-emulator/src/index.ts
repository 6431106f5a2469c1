export {
  startDiscordEmulator,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
} from './server.ts';
export type { DiscordEmulatorControl, EmulatorSnapshot, MessageFilter } from './control.ts';
export { EmulatorError, EmulatorErrorCodes } from './errors.ts';
export {
  SeedSchema,
  RateLimitConfigSchema,
  validateSeed,
  parseSeed,
  type Seed,
  type SeedApplication,
  type SeedUser,
  type SeedGuild,
  type SeedRole,
  type SeedMember,
  type SeedChannel,
  type SeedValidation,
  type RateLimitConfig,
  type RateLimitWindow,
  type RouteRateLimit,
} from './seed/schema.ts';
export { generateSeed, type GenerateSeedOptions } from './seed/generate.ts';
export { loadSeedFile, demoSeedPath } from './seed/load.ts';
export type { FaultSpec, FaultMatch, ActiveFault } from './http/faults.ts';
export { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './http/rate-limit.ts';
export type { RequestLogEntry, RequestLogFilter } from './http/request-log.ts';
export { DiscordErrorCode } from './http/discord-errors.ts';
export type { InteractionInput, DeliveryResult } from './state/interactions.ts';
export type { MessageRecord, CommandRecord } from './state/records.ts';
export type { RoleInput, UserInput } from './state/state.ts';
export { ALL_PERMISSIONS, Permission } from './state/permissions.ts';
