import type { FastifyInstance } from 'fastify';
import { requireBot } from '../http/auth.ts';
import type { EmulatorContext } from '../http/context.ts';
import { invalidFormBody, missingAccess, type FieldError } from '../http/discord-errors.ts';
import { snowflakeParam } from '../http/params.ts';
import type { CommandRecord } from '../state/records.ts';
import { guildForBot } from './guilds.ts';
import { isObject } from '../json.ts';

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CHAT_INPUT = 1;

/**
 * Validates a bulk-overwrite body and builds the stored commands, keeping the id of a command
 * whose name and type already existed, as Discord does.
 */
function overwrite(
  ctx: EmulatorContext,
  body: unknown,
  existing: readonly CommandRecord[],
  guildId: string | undefined,
): CommandRecord[] {
  if (!Array.isArray(body)) {
    throw invalidFormBody({ '': { code: 'BASE_TYPE_LIST', message: 'Must be a list.' } });
  }
  const errors: Record<string, FieldError> = {};
  const seen = new Set<string>();
  const version = ctx.state.nextId();
  const result: CommandRecord[] = [];
  for (const [i, raw] of body.entries()) {
    if (!isObject(raw)) {
      errors[`${i}`] = {
        code: 'DICT_TYPE_CONVERT',
        message: 'Only dictionaries may be used in a DictType',
      };
      continue;
    }
    const type = raw.type === undefined ? CHAT_INPUT : raw.type;
    if (type !== 1 && type !== 2 && type !== 3 && type !== 4) {
      errors[`${i}.type`] = {
        code: 'BASE_TYPE_CHOICES',
        message: 'Value must be one of {1, 2, 3, 4}.',
      };
      continue;
    }
    const name = raw.name;
    if (
      typeof name !== 'string' ||
      !NAME_PATTERN.test(name) ||
      (type === CHAT_INPUT && name !== name.toLowerCase())
    ) {
      errors[`${i}.name`] = {
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      };
      continue;
    }
    const description = raw.description ?? '';
    if (typeof description !== 'string') {
      errors[`${i}.description`] = { code: 'BASE_TYPE_STRING', message: 'Must be a string.' };
      continue;
    }
    if (type === CHAT_INPUT && (description.length < 1 || description.length > 100)) {
      errors[`${i}.description`] = {
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      };
      continue;
    }
    if (type !== CHAT_INPUT && description !== '') {
      errors[`${i}.description`] = {
        code: 'APPLICATION_COMMAND_DESCRIPTION_NOT_EMPTY',
        message: 'Description must be empty for this command type',
      };
      continue;
    }
    if (raw.options !== undefined && (!Array.isArray(raw.options) || raw.options.length > 25)) {
      errors[`${i}.options`] = {
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 25 or fewer in length.',
      };
      continue;
    }
    const key = `${type}:${name}`;
    if (seen.has(key)) {
      errors[`${i}.name`] = {
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      };
      continue;
    }
    seen.add(key);
    const previous = existing.find((c) => c.type === type && c.name === name);
    const command: CommandRecord = {
      id: previous?.id ?? ctx.state.nextId(),
      application_id: ctx.state.application.id,
      type,
      name,
      name_localizations: isObject(raw.name_localizations)
        ? (raw.name_localizations as Record<string, string>)
        : null,
      description,
      description_localizations: isObject(raw.description_localizations)
        ? (raw.description_localizations as Record<string, string>)
        : null,
      default_member_permissions:
        typeof raw.default_member_permissions === 'string' ? raw.default_member_permissions : null,
      contexts: Array.isArray(raw.contexts) ? (raw.contexts as number[]) : null,
      integration_types: Array.isArray(raw.integration_types)
        ? (raw.integration_types as number[])
        : [0],
      nsfw: raw.nsfw === true,
      version,
    };
    if (raw.options !== undefined) command.options = raw.options as unknown[];
    if (guildId !== undefined) command.guild_id = guildId;
    else command.dm_permission = raw.dm_permission !== false;
    result.push(command);
  }
  if (result.filter((c) => c.type === CHAT_INPUT).length > 100) {
    errors[''] = {
      code: 'APPLICATION_COMMAND_TOO_MANY',
      message: 'Maximum number of application commands reached (100).',
    };
  }
  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
  return result;
}

/** Application commands: bulk overwrite and list, global and per guild. */
export function registerCommandRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;
  type AppParams = { application_id: string };
  type GuildAppParams = AppParams & { guild_id: string };

  const requireOwnApplication = (rawId: string | undefined): void => {
    if (snowflakeParam('application_id', rawId) !== state.application.id) throw missingAccess();
  };

  app.get<{ Params: AppParams }>('/applications/:application_id/commands', async (request) => {
    requireBot(ctx, request);
    requireOwnApplication(request.params.application_id);
    return state.globalCommands;
  });

  app.put<{ Params: AppParams }>('/applications/:application_id/commands', async (request) => {
    requireBot(ctx, request);
    requireOwnApplication(request.params.application_id);
    state.globalCommands = overwrite(ctx, request.body, state.globalCommands, undefined);
    return state.globalCommands;
  });

  app.get<{ Params: GuildAppParams }>(
    '/applications/:application_id/guilds/:guild_id/commands',
    async (request) => {
      requireBot(ctx, request);
      requireOwnApplication(request.params.application_id);
      const guild = guildForBot(ctx, request.params.guild_id);
      return state.guildCommands.get(guild.id) ?? [];
    },
  );

  app.put<{ Params: GuildAppParams }>(
    '/applications/:application_id/guilds/:guild_id/commands',
    async (request) => {
      requireBot(ctx, request);
      requireOwnApplication(request.params.application_id);
      const guild = guildForBot(ctx, request.params.guild_id);
      const commands = overwrite(
        ctx,
        request.body,
        state.guildCommands.get(guild.id) ?? [],
        guild.id,
      );
      state.guildCommands.set(guild.id, commands);
      return commands;
    },
  );
}
