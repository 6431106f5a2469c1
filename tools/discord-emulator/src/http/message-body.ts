import { DiscordApiError, DiscordErrorCode, invalidFormBody } from './discord-errors.ts';
import { isObject } from '../json.ts';

/** The message fields the emulator keeps from a create or edit body. */
export interface MessageContent {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  flags?: number;
}

/**
 * Validates a message body as Discord does for the fields modelled here. With `requireContent`
 * (create), a body with nothing to show is 50006 Cannot send an empty message.
 */
export function parseMessageBody(body: unknown, requireContent: boolean): MessageContent {
  if (!isObject(body)) {
    throw invalidFormBody({
      '': { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' },
    });
  }
  const out: MessageContent = {};
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') {
      throw invalidFormBody({
        content: { code: 'BASE_TYPE_STRING', message: 'Must be a string.' },
      });
    }
    if (body.content.length > 2000) {
      throw invalidFormBody({
        content: { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' },
      });
    }
    out.content = body.content;
  }
  for (const key of ['embeds', 'components'] as const) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      throw invalidFormBody({ [key]: { code: 'BASE_TYPE_LIST', message: 'Must be a list.' } });
    }
    if (key === 'embeds' && value.length > 10) {
      throw invalidFormBody({
        embeds: { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' },
      });
    }
    out[key] = value;
  }
  if (body.flags !== undefined && body.flags !== null) {
    if (!Number.isInteger(body.flags)) {
      throw invalidFormBody({
        flags: { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(body.flags)}" is not int.` },
      });
    }
    out.flags = body.flags as number;
  }
  const hasSomething =
    (out.content?.trim().length ?? 0) > 0 ||
    (out.embeds?.length ?? 0) > 0 ||
    (out.components?.length ?? 0) > 0 ||
    Array.isArray(body.sticker_ids) ||
    isObject(body.poll);
  if (requireContent && !hasSomething) {
    throw new DiscordApiError(
      400,
      DiscordErrorCode.cannotSendEmptyMessage,
      'Cannot send an empty message',
    );
  }
  return out;
}
