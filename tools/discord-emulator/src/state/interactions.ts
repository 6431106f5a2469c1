import { sign } from 'node:crypto';
import { createError, EmulatorErrorCodes } from '../errors.ts';
import type { EmulatorContext } from '../http/context.ts';
import { DiscordApiError, DiscordErrorCode, invalidFormBody } from '../http/discord-errors.ts';
import { parseMessageBody } from '../http/message-body.ts';
import { storeBotMessage } from './messages.ts';
import type { InteractionRecord, MessageRecord } from './records.ts';
import { randomToken } from './state.ts';
import { channelView, memberView } from './views.ts';
import { isObject } from '../json.ts';

/** Discord's window for the initial response, and the lifetime of an interaction token. */
export const INITIAL_RESPONSE_WINDOW_MS = 3_000;
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;

const InteractionType = { ping: 1, applicationCommand: 2, messageComponent: 3 } as const;
const Callback = {
  pong: 1,
  channelMessage: 4,
  deferredChannelMessage: 5,
  deferredUpdateMessage: 6,
  updateMessage: 7,
  autocompleteResult: 8,
  modal: 9,
} as const;
const LOADING_FLAG = 128;
const EPHEMERAL_FLAG = 64;

/** What a member does in Discord that makes an interaction. */
export interface InteractionInput {
  guildId: string;
  channelId: string;
  userId: string;
  /** Slash-command name; must be registered (guild commands first, then global). */
  name?: string;
  options?: unknown[];
  /** For a button press: the component's custom id (makes a MESSAGE_COMPONENT interaction). */
  customId?: string;
}

/** Result of sending an interaction to the application's endpoint. */
export interface DeliveryResult {
  status: number;
  body: unknown;
}

/** Creates an interaction as Discord would on a slash command or button press, and returns its payload. */
export function createInteraction(
  ctx: EmulatorContext,
  input: InteractionInput,
): Record<string, unknown> {
  const { state } = ctx;
  const guild = state.requireGuild(input.guildId);
  const channel = guild.channels.get(input.channelId);
  if (!channel)
    throw createError(EmulatorErrorCodes.unknownChannel, `Unknown channel ${input.channelId}`, 404);
  const user = state.requireUser(input.userId);
  const member = guild.members.get(user.id);
  if (!member)
    throw createError(
      EmulatorErrorCodes.unknownMember,
      `User ${user.id} is not in guild ${guild.id}`,
      404,
    );
  let type: number;
  let data: Record<string, unknown>;
  if (input.customId !== undefined) {
    type = InteractionType.messageComponent;
    data = { custom_id: input.customId, component_type: 2 };
  } else {
    const name = input.name ?? '';
    const command =
      (state.guildCommands.get(guild.id) ?? []).find((c) => c.name === name) ??
      state.globalCommands.find((c) => c.name === name);
    if (!command) {
      throw createError(
        EmulatorErrorCodes.unknownCommand,
        `No command named "${name}" is registered`,
        404,
      );
    }
    type = InteractionType.applicationCommand;
    data = { id: command.id, name: command.name, type: command.type };
    if (input.options !== undefined) data.options = input.options;
    if (command.guild_id !== undefined) data.guild_id = command.guild_id;
  }
  const id = state.nextId();
  const token = `aW50ZXJhY3Rpb246${randomToken(48)}`;
  const payload: Record<string, unknown> = {
    id,
    application_id: state.application.id,
    type,
    data,
    guild_id: guild.id,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [...guild.features] },
    channel_id: channel.id,
    channel: channelView(channel),
    member: {
      ...memberView(member, user),
      permissions: (state.permissionsOf(guild, user.id) ?? 0n).toString(),
    },
    app_permissions: (state.permissionsOf(guild, state.application.botUserId) ?? 0n).toString(),
    token,
    version: 1,
    locale: user.locale,
    guild_locale: guild.preferredLocale,
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
  state.interactions.set(id, {
    id,
    token,
    createdAt: state.now(),
    acknowledged: false,
    responseType: undefined,
    originalMessageId: undefined,
    channelId: channel.id,
    guildId: guild.id,
    userId: user.id,
    payload,
  });
  return payload;
}

/**
 * Applies an interaction response (from the callback endpoint or the answer to a delivery),
 * enforcing Discord's 3-second window and single acknowledgement.
 */
export function respondToInteraction(
  ctx: EmulatorContext,
  interaction: InteractionRecord,
  body: unknown,
): MessageRecord | undefined {
  const { state } = ctx;
  if (state.now() - interaction.createdAt > INITIAL_RESPONSE_WINDOW_MS) {
    throw new DiscordApiError(404, DiscordErrorCode.unknownInteraction, 'Unknown interaction');
  }
  if (interaction.acknowledged) {
    throw new DiscordApiError(
      400,
      DiscordErrorCode.interactionAlreadyAcknowledged,
      'Interaction has already been acknowledged.',
    );
  }
  const type = isObject(body) ? body.type : undefined;
  const allowed: number[] =
    interaction.payload.type === InteractionType.messageComponent
      ? [
          Callback.channelMessage,
          Callback.deferredChannelMessage,
          Callback.deferredUpdateMessage,
          Callback.updateMessage,
          Callback.modal,
        ]
      : [Callback.channelMessage, Callback.deferredChannelMessage, Callback.modal];
  if (typeof type !== 'number' || !allowed.includes(type)) {
    throw invalidFormBody({
      type: {
        code: 'INTERACTION_RESPONSE_TYPE_INVALID',
        message: 'Invalid interaction response type',
      },
    });
  }
  const data = (body as Record<string, unknown>).data;
  const metadata = {
    id: interaction.id,
    type: interaction.payload.type,
    user: (interaction.payload.member as { user: unknown }).user,
    authorizing_integration_owners: interaction.payload.authorizing_integration_owners,
  };
  let message: MessageRecord | undefined;
  if (type === Callback.channelMessage) {
    const content = parseMessageBody(data, true);
    message = storeBotMessage(state, interaction.channelId, interaction.guildId, content, {
      webhookId: state.application.id,
      interactionMetadata: metadata,
      type: 20,
    });
  } else if (type === Callback.deferredChannelMessage) {
    const ephemeral =
      isObject(data) && typeof data.flags === 'number' ? data.flags & EPHEMERAL_FLAG : 0;
    message = storeBotMessage(
      state,
      interaction.channelId,
      interaction.guildId,
      { content: '', flags: LOADING_FLAG | ephemeral },
      { webhookId: state.application.id, interactionMetadata: metadata, type: 20 },
    );
  }
  interaction.acknowledged = true;
  interaction.responseType = type;
  interaction.originalMessageId = message?.id;
  return message;
}

/**
 * Sends an interaction payload to the application's interactions endpoint, signed with Ed25519
 * as Discord signs it. A JSON interaction response in the answer counts as the callback.
 */
export async function deliverInteraction(
  ctx: EmulatorContext,
  payload: Record<string, unknown>,
  endpointUrl: string,
): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(ctx.clock.now() / 1000).toString();
  const signature = sign(null, Buffer.from(timestamp + body), ctx.signing.privateKey).toString(
    'hex',
  );
  let response: Response;
  try {
    response = await fetch(endpointUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
      body,
    });
  } catch (cause) {
    throw createError(
      EmulatorErrorCodes.deliveryFailed,
      `Could not reach ${endpointUrl}: ${String(cause)}`,
      502,
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: hand back the text as is.
  }
  const record =
    typeof payload.id === 'string' ? ctx.state.interactions.get(payload.id) : undefined;
  if (
    record &&
    response.ok &&
    isObject(parsed) &&
    typeof parsed.type === 'number' &&
    parsed.type !== Callback.pong
  ) {
    respondToInteraction(ctx, record, parsed);
  }
  return { status: response.status, body: parsed };
}

/** The PING Discord sends when an interactions endpoint URL is saved. */
export function pingPayload(ctx: EmulatorContext): Record<string, unknown> {
  return {
    id: ctx.state.nextId(),
    application_id: ctx.state.application.id,
    type: InteractionType.ping,
    token: `aW50ZXJhY3Rpb246${randomToken(48)}`,
    version: 1,
  };
}
