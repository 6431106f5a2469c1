import type { MessageContent } from '../http/message-body.ts';
import type { MessageRecord } from './records.ts';
import type { EmulatorState } from './state.ts';
import { publicUserView } from './views.ts';

/** Extra fields of a message posted by an interaction response or webhook. */
export interface MessageOrigin {
  webhookId?: string;
  interactionMetadata?: Record<string, unknown>;
  type?: number;
}

/** Stores a message from the bot in a channel and returns it in Discord's shape. */
export function storeBotMessage(
  state: EmulatorState,
  channelId: string,
  guildId: string | undefined,
  content: MessageContent,
  origin: MessageOrigin = {},
): MessageRecord {
  const message: MessageRecord = {
    id: state.nextId(),
    type: origin.type ?? 0,
    channel_id: channelId,
    author: publicUserView(state.botUser),
    content: content.content ?? '',
    embeds: content.embeds ?? [],
    components: content.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: content.flags ?? 0,
    timestamp: new Date(state.now()).toISOString(),
    edited_timestamp: null,
  };
  if (guildId !== undefined) message.guild_id = guildId;
  if (origin.webhookId !== undefined) {
    message.webhook_id = origin.webhookId;
    message.application_id = state.application.id;
  }
  if (origin.interactionMetadata !== undefined)
    message.interaction_metadata = origin.interactionMetadata;
  state.messages.push(message);
  return message;
}

/** Applies an edit to a stored message. */
export function editMessage(
  state: EmulatorState,
  message: MessageRecord,
  content: MessageContent,
): MessageRecord {
  if (content.content !== undefined) message.content = content.content;
  if (content.embeds !== undefined) message.embeds = content.embeds;
  if (content.components !== undefined) message.components = content.components;
  if (content.flags !== undefined) message.flags = content.flags;
  // An edit of a deferred response delivers it: the "thinking" loading flag goes away.
  message.flags &= ~128;
  message.edited_timestamp = new Date(state.now()).toISOString();
  return message;
}
