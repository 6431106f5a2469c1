import type { FastifyRequest } from 'fastify';
import type { DiscordUserApi } from './discord.ts';
import type { PermissionService, Principal } from './services.ts';

/**
 * A typed slot through which plugins offer implementations to each other (e.g. `games.provider`).
 * Many small extension points beat one wide one.
 */
export interface ExtensionPoint<T> {
  readonly id: string;
  /** Type carrier only; never set at run time. */
  readonly __type?: T;
}

/** Declares an extension point. Ids are dotted, lower-case: `<area>.<what>`. */
export function createExtensionPoint<T>(id: string): ExtensionPoint<T> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(id)) {
    throw new TypeError(`extension point id ${id} must be dotted lower-case, e.g. games.provider`);
  }
  return Object.freeze({ id }) as ExtensionPoint<T>;
}

/** Access to extension points from a plugin. */
export interface Extensions {
  /** Offers an implementation on `point`. */
  provide<T>(point: ExtensionPoint<T>, value: T): void;
  /** Every implementation offered on `point`, in plugin load order. */
  get<T>(point: ExtensionPoint<T>): readonly T[];
}

/** Turns a request into a principal (a session cookie, a bearer token, ...) or null. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

/**
 * Plugins that authenticate requests offer an {@link Authenticator} here (e.g. auth-discord);
 * core's access hook asks each in load order until one recognises the caller.
 */
export const authenticatorExtensionPoint =
  createExtensionPoint<Authenticator>('access.authenticator');

/** The plugin that resolves permissions offers its service here (e.g. rbac). */
export const permissionServiceExtensionPoint =
  createExtensionPoint<PermissionService>('access.permissions');

/**
 * Discord calls on behalf of the caller, made with the Discord token of their own login session.
 * Resolves to `null` when the request carries no such session (an API client, a fixture identity).
 */
export type DiscordUserSession = (principal: Principal) => Promise<DiscordUserApi | null>;

/**
 * The plugin that runs the Discord login offers the caller's Discord session here (e.g.
 * auth-discord), so core can list the caller's guilds without any plugin seeing a Discord token.
 */
export const discordUserSessionExtensionPoint = createExtensionPoint<DiscordUserSession>(
  'access.discord-user-session',
);

/**
 * The guilds a Discord user was in at the last sync (ids), as the plugin that syncs members
 * knows them; a candidate list, each still checked with Discord before it is trusted.
 */
export type KnownGuilds = (discordId: string) => Promise<readonly string[]>;

/**
 * The plugin that keeps guild members (e.g. rbac) offers them here, so listing an API client's
 * tenants asks Discord about the guilds they are in, not about every installed one.
 */
export const knownGuildsExtensionPoint = createExtensionPoint<KnownGuilds>('access.known-guilds');
