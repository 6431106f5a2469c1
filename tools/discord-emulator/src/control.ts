import type { EmulatorContext } from './http/context.ts';
import type { FaultSpec, ActiveFault } from './http/faults.ts';
import { mergeRateLimits, type RateLimitSettings } from './http/rate-limit.ts';
import type { RequestLogEntry, RequestLogFilter } from './http/request-log.ts';
import type { RateLimitConfig } from './seed/schema.ts';
import {
  createInteraction,
  deliverInteraction,
  pingPayload,
  type DeliveryResult,
  type InteractionInput,
} from './state/interactions.ts';
import type { CommandRecord, MessageRecord } from './state/records.ts';
import type { RoleInput, UserInput } from './state/state.ts';
import { memberView, publicUserView, roleView } from './state/views.ts';

/** Filter of {@link DiscordEmulatorControl.messages}. */
export interface MessageFilter {
  channelId?: string;
  guildId?: string;
}

/** A compact view of the world, for debugging and assertions. */
export interface EmulatorSnapshot {
  application: { id: string; clientId: string; botUserId: string; publicKey: string };
  users: { id: string; username: string; deactivated: boolean; bot: boolean }[];
  guilds: {
    id: string;
    name: string;
    ownerId: string;
    botMember: boolean;
    memberCount: number;
    roleCount: number;
  }[];
}

/**
 * Changes the emulated world the way things happen in Discord (a role given, a member leaving,
 * the bot invited, an account deleted) and shapes how the emulator answers (faults, rate limits).
 * Every method fails with a coded `EmulatorError` on unknown ids.
 */
export interface DiscordEmulatorControl {
  /** The Ed25519 public key (hex) interactions are signed with: the app's `DISCORD_PUBLIC_KEY`. */
  readonly publicKey: string;
  snapshot(): EmulatorSnapshot;
  createUser(input: UserInput): Record<string, unknown>;
  addMember(
    guildId: string,
    userId: string,
    input?: { roles?: string[]; nick?: string | null },
  ): Record<string, unknown>;
  removeMember(guildId: string, userId: string): void;
  addMemberRole(guildId: string, userId: string, roleId: string): void;
  removeMemberRole(guildId: string, userId: string, roleId: string): void;
  createRole(guildId: string, input: RoleInput): Record<string, unknown>;
  deleteRole(guildId: string, roleId: string): void;
  deleteGuild(guildId: string): void;
  /** What completing the bot invite does: the bot joins, with a managed role when `permissions` is not 0. */
  addBotToGuild(guildId: string, permissions?: string): void;
  removeBotFromGuild(guildId: string): void;
  /** The account is deleted or disabled: its tokens are refused from now on. */
  deactivateUser(userId: string): void;
  /** The user removes the app from their authorized apps; returns how many token pairs died. */
  revokeAuthorization(userId: string): number;
  setFaults(faults: FaultSpec[]): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  faults(): ActiveFault[];
  /** Merges into the current limits and clears every counter. */
  setRateLimits(config: RateLimitConfig): RateLimitSettings;
  rateLimits(): RateLimitSettings;
  /** Clears every rate-limit counter, keeping the limits. */
  resetRateLimitCounters(): void;
  messages(filter?: MessageFilter): MessageRecord[];
  requests(filter?: RequestLogFilter): RequestLogEntry[];
  clearRequests(): void;
  commands(guildId?: string): CommandRecord[];
  /** Makes an interaction (a slash command or button press) and returns the payload Discord would send. */
  createInteraction(input: InteractionInput): Record<string, unknown>;
  /** Sends an interaction payload, signed, to an interactions endpoint URL. */
  deliverInteraction(
    payload: Record<string, unknown>,
    endpointUrl: string,
  ): Promise<DeliveryResult>;
  /** Sends the PING Discord uses to verify an interactions endpoint. */
  pingInteractionsEndpoint(endpointUrl: string): Promise<DeliveryResult>;
  /** Moves the emulator's clock forward (token and code expiry, rate-limit windows). */
  advanceTime(ms: number): void;
  now(): number;
  /** Back to the seed: world, tokens, commands, messages, faults, limits, counters and log. */
  reset(): void;
}

/** Builds the control object over a running emulator's context. */
export function createControl(
  ctx: EmulatorContext,
  initialLimits: RateLimitSettings,
): DiscordEmulatorControl {
  const { state } = ctx;
  return {
    publicKey: ctx.signing.publicKeyHex,
    snapshot: () => ({
      application: {
        id: state.application.id,
        clientId: state.application.clientId,
        botUserId: state.application.botUserId,
        publicKey: ctx.signing.publicKeyHex,
      },
      users: [...state.users.values()].map((u) => ({
        id: u.id,
        username: u.username,
        deactivated: u.deactivated,
        bot: u.bot,
      })),
      guilds: [...state.guilds.values()].map((g) => ({
        id: g.id,
        name: g.name,
        ownerId: g.ownerId,
        botMember: state.isBotInGuild(g),
        memberCount: g.members.size,
        roleCount: g.roles.size,
      })),
    }),
    createUser: (input) => publicUserView(state.createUser(input)),
    addMember: (guildId, userId, input) =>
      memberView(state.addMember(guildId, userId, input), state.requireUser(userId)),
    removeMember: (guildId, userId) => state.removeMember(guildId, userId),
    addMemberRole: (guildId, userId, roleId) => state.addMemberRole(guildId, userId, roleId),
    removeMemberRole: (guildId, userId, roleId) => state.removeMemberRole(guildId, userId, roleId),
    createRole: (guildId, input) => roleView(state.createRole(guildId, input)),
    deleteRole: (guildId, roleId) => state.deleteRole(guildId, roleId),
    deleteGuild: (guildId) => state.deleteGuild(guildId),
    addBotToGuild: (guildId, permissions) => {
      state.addBot(guildId, permissions);
    },
    removeBotFromGuild: (guildId) => state.removeBot(guildId),
    deactivateUser: (userId) => state.deactivateUser(userId),
    revokeAuthorization: (userId) => state.revokeAuthorization(userId),
    setFaults: (faults) => ctx.faults.set(faults),
    addFault: (fault) => ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    faults: () => ctx.faults.list(),
    setRateLimits: (config) => {
      ctx.limiter.settings = mergeRateLimits(ctx.limiter.settings, config);
      ctx.limiter.reset();
      return ctx.limiter.settings;
    },
    rateLimits: () => ctx.limiter.settings,
    resetRateLimitCounters: () => ctx.limiter.reset(),
    messages: (filter = {}) =>
      state.messages.filter(
        (m) =>
          (filter.channelId === undefined || m.channel_id === filter.channelId) &&
          (filter.guildId === undefined || m.guild_id === filter.guildId),
      ),
    requests: (filter) => ctx.log.list(filter),
    clearRequests: () => ctx.log.clear(),
    commands: (guildId) =>
      guildId === undefined ? state.globalCommands : (state.guildCommands.get(guildId) ?? []),
    createInteraction: (input) => createInteraction(ctx, input),
    deliverInteraction: (payload, url) => deliverInteraction(ctx, payload, url),
    pingInteractionsEndpoint: (url) => deliverInteraction(ctx, pingPayload(ctx), url),
    advanceTime: (ms) => ctx.clock.advance(ms),
    now: () => ctx.clock.now(),
    reset: () => {
      state.load();
      ctx.faults.clear();
      ctx.limiter.settings = initialLimits;
      ctx.limiter.reset();
      ctx.log.clear();
    },
  };
}
