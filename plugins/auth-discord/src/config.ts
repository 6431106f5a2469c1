import { Type, type Static } from 'typebox';

/** The plugin's settings (`PTERONIMBUS_PLUGIN_CONFIG` under `auth-discord`). */
export const AuthDiscordConfigSchema = Type.Object(
  {
    accessTokenTtlSeconds: Type.Integer({
      minimum: 60,
      maximum: 3600,
      default: 900,
      description: 'Lifetime of the access token (JWT); at most one hour.',
    }),
    sessionTtlDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 30,
      description: 'How long a session lives without a new login, however often it refreshes.',
    }),
    signingKeyRotationDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 30,
      description: 'Age at which a new signing key replaces the current one.',
    }),
    discordCheckGraceSeconds: Type.Integer({
      minimum: 0,
      maximum: 86_400,
      default: 3600,
      description:
        'While Discord is down, refresh keeps working this long after the last successful check.',
    }),
    rateLimit: Type.Object(
      {
        loginPerMinute: Type.Integer({
          minimum: 1,
          default: 20,
          description: 'Logins per IP per minute.',
        }),
        refreshPerMinute: Type.Integer({
          minimum: 1,
          default: 30,
          description: 'Refreshes per IP and per user per minute.',
        }),
      },
      { default: {} },
    ),
  },
  { additionalProperties: false },
);

export type AuthDiscordConfig = Static<typeof AuthDiscordConfigSchema>;
