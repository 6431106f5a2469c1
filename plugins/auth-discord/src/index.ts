export { authDiscordPlugin } from './plugin.ts';
export type { AuthDiscordConfig } from './config.ts';
// Token verification outside a running core: benchmarks, and services that check panel tokens.
export { AccessTokens } from './tokens.ts';
export type { AccessClaims } from './tokens.ts';
export { SigningKeys } from './keys.ts';
export type { KeyDatabase } from './keys.ts';
