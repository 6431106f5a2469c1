import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { DiscordApiError, DiscordErrorCode, unknown } from '../http/discord-errors.ts';
import { parseMessageBody } from '../http/message-body.ts';
import { boolQuery } from '../http/params.ts';
import { INTERACTION_TOKEN_TTL_MS, respondToInteraction } from '../state/interactions.ts';
import { editMessage, storeBotMessage } from '../state/messages.ts';
import type { InteractionRecord, MessageRecord } from '../state/records.ts';

type CallbackParams = { interaction_id: string; interaction_token: string };
type WebhookParams = { application_id: string; webhook_token: string };

/** Interaction callbacks and the interaction webhook; the token in the path is the credential. */
export function registerInteractionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.post<{ Params: CallbackParams; Querystring: { with_response?: string } }>(
    '/interactions/:interaction_id/:interaction_token/callback',
    async (request, reply) => {
      const interaction = state.interactions.get(request.params.interaction_id);
      if (!interaction || interaction.token !== request.params.interaction_token) {
        throw new DiscordApiError(404, DiscordErrorCode.unknownInteraction, 'Unknown interaction');
      }
      const message = respondToInteraction(ctx, interaction, request.body);
      if (!boolQuery(request.query.with_response)) return reply.code(204).send();
      return {
        interaction: {
          id: interaction.id,
          type: interaction.payload.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: message ? (message.flags & 128) === 128 : false,
          response_message_ephemeral: message ? (message.flags & 64) === 64 : false,
        },
        resource: message
          ? { type: interaction.responseType, message }
          : { type: interaction.responseType },
      };
    },
  );

  const interactionForWebhook = (params: WebhookParams): InteractionRecord => {
    const interaction = [...state.interactions.values()].find(
      (i) => i.token === params.webhook_token,
    );
    if (!interaction || params.application_id !== state.application.id) throw unknown('Webhook');
    if (state.now() - interaction.createdAt > INTERACTION_TOKEN_TTL_MS) {
      throw new DiscordApiError(401, DiscordErrorCode.invalidWebhookToken, 'Invalid Webhook Token');
    }
    return interaction;
  };

  const originalMessage = (interaction: InteractionRecord): MessageRecord => {
    const message = state.messages.find((m) => m.id === interaction.originalMessageId);
    if (!message) throw unknown('Message');
    return message;
  };

  app.get<{ Params: WebhookParams }>(
    '/webhooks/:application_id/:webhook_token/messages/@original',
    async (request) => originalMessage(interactionForWebhook(request.params)),
  );

  app.patch<{ Params: WebhookParams }>(
    '/webhooks/:application_id/:webhook_token/messages/@original',
    async (request) => {
      const message = originalMessage(interactionForWebhook(request.params));
      return editMessage(state, message, parseMessageBody(request.body, false));
    },
  );

  app.post<{ Params: WebhookParams }>(
    '/webhooks/:application_id/:webhook_token',
    async (request) => {
      const interaction = interactionForWebhook(request.params);
      // A follow-up needs the interaction acknowledged first.
      if (!interaction.acknowledged) throw unknown('Webhook');
      const content = parseMessageBody(request.body, true);
      return storeBotMessage(state, interaction.channelId, interaction.guildId, content, {
        webhookId: state.application.id,
      });
    },
  );
}
