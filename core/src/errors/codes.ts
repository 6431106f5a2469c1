import { createError } from '@pteronimbus/sdk';

// Every code core can answer with. docs/reference/errors.md lists each one; a test keeps them equal.

export const ConfigInvalid = createError<[string]>('PN_CONFIG_INVALID', '%s', 500);
export const ValidationFailed = createError<[string]>('PN_VALIDATION_FAILED', '%s', 400);
export const NotFound = createError<[string]>('PN_NOT_FOUND', 'No route or resource at %s', 404);
export const MethodNotAllowed = createError('PN_METHOD_NOT_ALLOWED', 'Method not allowed', 405);
export const BodyTooLarge = createError(
  'PN_BODY_TOO_LARGE',
  'The request body is larger than allowed',
  413,
);
export const UnsupportedMediaType = createError<[string]>(
  'PN_UNSUPPORTED_MEDIA_TYPE',
  'Unsupported content type %s',
  415,
);
export const MalformedBody = createError(
  'PN_MALFORMED_BODY',
  'The request body could not be parsed',
  400,
);
export const RateLimited = createError('PN_RATE_LIMITED', 'Too many requests, retry later', 429);
export const Unauthenticated = createError('PN_UNAUTHENTICATED', 'Authentication required', 401);
export const Forbidden = createError<[string]>('PN_FORBIDDEN', 'Missing permission %s', 403);
export const Internal = createError('PN_INTERNAL', 'Internal server error', 500);
export const BadRequest = createError<[string]>('PN_BAD_REQUEST', '%s', 400);
export const RouteAccessUndeclared = createError<[string]>(
  'PN_ROUTE_ACCESS_UNDECLARED',
  'Route %s declares no access rule (public, authenticated, permission or superAdmin)',
  500,
);
export const DatabaseUnavailable = createError<[string]>(
  'PN_DATABASE_UNAVAILABLE',
  'Cannot reach the database: %s',
  503,
);
export const RedisUnavailable = createError<[string]>(
  'PN_REDIS_UNAVAILABLE',
  'Cannot reach Redis: %s',
  503,
);
export const PluginNotFound = createError<[string, string]>(
  'PN_PLUGIN_NOT_FOUND',
  'Plugin %s cannot be loaded: %s',
  500,
);
export const PluginInvalid = createError<[string, string]>(
  'PN_PLUGIN_INVALID',
  'Plugin %s is not valid: %s',
  500,
);
export const PluginDuplicate = createError<[string]>(
  'PN_PLUGIN_DUPLICATE',
  'Plugin %s is loaded twice',
  500,
);
export const PluginDependencyMissing = createError<[string, string]>(
  'PN_PLUGIN_DEPENDENCY_MISSING',
  'Plugin %s depends on %s, which is not loaded',
  500,
);
export const PluginDependencyCycle = createError<[string]>(
  'PN_PLUGIN_DEPENDENCY_CYCLE',
  'Plugins depend on each other in a cycle: %s',
  500,
);
export const PluginIncompatible = createError<[string, string, string]>(
  'PN_PLUGIN_INCOMPATIBLE',
  'Plugin %s needs SDK %s, this core provides %s',
  500,
);
export const PluginConfigInvalid = createError<[string, string]>(
  'PN_PLUGIN_CONFIG_INVALID',
  'Plugin %s config is invalid: %s',
  500,
);
export const PluginPermissionConflict = createError<[string, string]>(
  'PN_PLUGIN_PERMISSION_CONFLICT',
  'Plugin %s declares permission %s, which is already declared',
  500,
);
export const PluginRegisterFailed = createError<[string, string]>(
  'PN_PLUGIN_REGISTER_FAILED',
  'Plugin %s failed to start: %s',
  500,
);
export const MigrationFailed = createError<[string]>(
  'PN_MIGRATION_FAILED',
  'Database migration failed: %s',
  500,
);
export const JobHandlerDuplicate = createError<[string]>(
  'PN_JOB_HANDLER_DUPLICATE',
  'A handler for job %s is already registered',
  500,
);

// Discord REST failures (core/src/discord). Details never carry tokens.
export const DiscordUnavailable = createError<[string]>(
  'PN_DISCORD_UNAVAILABLE',
  'Discord is unavailable: %s',
  502,
);
export const DiscordUnauthorized = createError(
  'PN_DISCORD_UNAUTHORIZED',
  'Discord refused the token (expired, revoked, or missing a scope)',
  401,
);
export const DiscordForbidden = createError<[string]>(
  'PN_DISCORD_FORBIDDEN',
  'Discord denied access to %s',
  403,
);
export const DiscordNotFound = createError<[string]>(
  'PN_DISCORD_NOT_FOUND',
  'Discord has no %s',
  404,
);
export const DiscordRateLimited = createError(
  'PN_DISCORD_RATE_LIMITED',
  'Discord rate limit reached, retry later',
  429,
);
export const DiscordRejected = createError<[string]>(
  'PN_DISCORD_REJECTED',
  'Discord rejected the request: %s',
  502,
);
export const DiscordNotConfigured = createError<[string]>(
  'PN_DISCORD_NOT_CONFIGURED',
  'Discord is not configured: %s is not set',
  503,
);

// The operator gateway (core/src/operator-gateway): clusters, join tokens and the link.
export const ClusterNotFound = createError<[string]>('PN_CLUSTER_NOT_FOUND', 'No cluster %s', 404);
export const ClusterStateConflict = createError<[string, string]>(
  'PN_CLUSTER_STATE_CONFLICT',
  'Cluster %s cannot be %s in its current state',
  409,
);
export const JoinTokenInvalid = createError(
  'PN_JOIN_TOKEN_INVALID',
  'The join token is unknown, already used or expired',
  401,
);
export const ClusterCredentialInvalid = createError(
  'PN_CLUSTER_CREDENTIAL_INVALID',
  'The cluster credential is missing or not recognised',
  401,
);
export const ClusterNotApproved = createError<[string]>(
  'PN_CLUSTER_NOT_APPROVED',
  'Cluster %s is not approved',
  403,
);
export const OperatorDocumentInvalid = createError<[string]>(
  'PN_OPERATOR_DOCUMENT_INVALID',
  'Desired-state document refused: %s',
  400,
);

// Tenants (core/src/tenants): a tenant is a Discord guild where Pteronimbus is installed.
export const TenantNotFound = createError<[string]>(
  'PN_TENANT_NOT_FOUND',
  'No tenant %s (not installed, or you are not a member)',
  404,
);
export const TenantNotInstallable = createError<[string]>(
  'PN_TENANT_NOT_INSTALLABLE',
  'You cannot install Pteronimbus in guild %s: it needs the owner or Manage Server',
  403,
);
export const TenantAlreadyInstalled = createError<[string]>(
  'PN_TENANT_ALREADY_INSTALLED',
  'Pteronimbus is already installed in guild %s',
  409,
);
export const TenantBotMissing = createError<[string]>(
  'PN_TENANT_BOT_MISSING',
  'The bot has not joined guild %s yet: finish the invite, then confirm again',
  409,
);
export const TenantOwnerOnly = createError(
  'PN_TENANT_OWNER_ONLY',
  'Only the guild owner may uninstall Pteronimbus',
  403,
);
export const TenantConfirmationMismatch = createError(
  'PN_TENANT_CONFIRMATION_MISMATCH',
  'The typed name does not match the guild name',
  400,
);
export const TenantChannelUnknown = createError<[string]>(
  'PN_TENANT_CHANNEL_UNKNOWN',
  'Channel %s is not a text or announcement channel the bot can see in this Discord server',
  400,
);
export const TenantClusterUnknown = createError<[string]>(
  'PN_TENANT_CLUSTER_UNKNOWN',
  'Cluster %s is not an approved cluster of this installation',
  400,
);
export const DiscordSessionMissing = createError(
  'PN_DISCORD_SESSION_MISSING',
  'This needs a Discord login session (log in with Discord in the panel)',
  403,
);
export const AuditCursorInvalid = createError(
  'PN_AUDIT_CURSOR_INVALID',
  'The audit cursor is not valid; start again without one',
  400,
);

// The real-time stream (core/src/stream): refusals at the upgrade and inside the socket.
export const StreamOriginRefused = createError<[string]>(
  'PN_STREAM_ORIGIN_REFUSED',
  'WebSocket connections are accepted from %s only',
  403,
);
export const StreamTicketInvalid = createError(
  'PN_STREAM_TICKET_INVALID',
  'The stream ticket is unknown, already used or expired',
  401,
);
export const StreamMessageInvalid = createError<[string]>(
  'PN_STREAM_MESSAGE_INVALID',
  'Stream message refused: %s',
  400,
);
export const StreamTopicUnknown = createError<[string]>(
  'PN_STREAM_TOPIC_UNKNOWN',
  'No stream topic matches %s',
  400,
);
export const StreamSubscriptionLimit = createError<[number]>(
  'PN_STREAM_SUBSCRIPTION_LIMIT',
  'At most %s subscriptions per connection',
  429,
);
export const StreamUnavailable = createError(
  'PN_STREAM_UNAVAILABLE',
  'The event bus cannot be reached, retry later',
  503,
);

// Game servers (core/src/servers).
export const ServerNotFound = createError<[string]>(
  'PN_SERVER_NOT_FOUND',
  'No server %s in this tenant',
  404,
);
export const ServerParametersInvalid = createError<[string]>(
  'PN_SERVER_PARAMETERS_INVALID',
  'Invalid server parameters: %s',
  400,
);
export const ServerParameterLocked = createError<[string]>(
  'PN_SERVER_PARAMETER_LOCKED',
  'Only template managers may change these parameters: %s',
  403,
);
export const ServerTemplateNotFound = createError<[string]>(
  'PN_SERVER_TEMPLATE_NOT_FOUND',
  'No template %s visible to this tenant',
  404,
);
export const ServerClusterRequired = createError(
  'PN_SERVER_CLUSTER_REQUIRED',
  'No cluster given and the tenant has no default cluster',
  400,
);
export const ServerClusterUnavailable = createError<[string]>(
  'PN_SERVER_CLUSTER_UNAVAILABLE',
  'Cluster %s cannot run servers',
  409,
);
export const ServerClusterOffline = createError<[string]>(
  'PN_SERVER_CLUSTER_OFFLINE',
  'The cluster of server %s is not connected',
  503,
);
export const ServerConsoleFailed = createError<[string]>(
  'PN_SERVER_CONSOLE_FAILED',
  'The console of server %s did not take the command',
  502,
);
export const ServerLogsFailed = createError<[string]>(
  'PN_SERVER_LOGS_FAILED',
  'The log of server %s cannot be read',
  502,
);
export const ServerRelayTimeout = createError<[string]>(
  'PN_SERVER_RELAY_TIMEOUT',
  'The operator did not answer about server %s in time',
  504,
);
export const ServerCursorInvalid = createError(
  'PN_SERVER_CURSOR_INVALID',
  'The server list cursor is not valid; start again without one',
  400,
);
export const QuotaExceeded = createError<[string]>(
  'PN_QUOTA_EXCEEDED',
  'The tenant quota does not allow this: %s',
  409,
);
export const IdempotencyKeyReused = createError(
  'PN_IDEMPOTENCY_KEY_REUSED',
  'This Idempotency-Key was used with another request',
  422,
);
export const IdempotencyKeyInProgress = createError(
  'PN_IDEMPOTENCY_KEY_IN_PROGRESS',
  'A request with this Idempotency-Key is still running; retry shortly',
  409,
);
export const QueryNetworkInvalid = createError<[string]>(
  'PN_QUERY_NETWORK_INVALID',
  '%s is not a network in CIDR notation',
  400,
);

// Ceilings, grants and install policy (core/src/limits): what a super admin allows a tenant.
export const TenantQuotaAboveCeiling = createError<[string]>(
  'PN_TENANT_QUOTA_ABOVE_CEILING',
  'A tenant quota may only be lowered within the ceiling set for it: %s',
  422,
);
export const TenantClusterNotGranted = createError<[string]>(
  'PN_TENANT_CLUSTER_NOT_GRANTED',
  'Cluster %s is not granted to this tenant',
  403,
);
export const ServerResourcesTooLarge = createError<[string]>(
  'PN_SERVER_RESOURCES_TOO_LARGE',
  'One server may not ask for this much: %s',
  422,
);
export const ServerExposureNotAllowed = createError<[string]>(
  'PN_SERVER_EXPOSURE_NOT_ALLOWED',
  'Exposure %s is not allowed for this tenant',
  403,
);
export const ClusterCapacityExceeded = createError<[string, string]>(
  'PN_CLUSTER_CAPACITY_EXCEEDED',
  'Cluster %s has no room for this: %s',
  409,
);
export const TenantInstallNotAllowed = createError<[string]>(
  'PN_TENANT_INSTALL_NOT_ALLOWED',
  'Guild %s is not on the list of guilds this installation accepts',
  403,
);
export const TenantInstallRejected = createError<[string]>(
  'PN_TENANT_INSTALL_REJECTED',
  'The install request of guild %s was declined by an administrator of this installation',
  403,
);
export const InstallRequestNotFound = createError<[string]>(
  'PN_INSTALL_REQUEST_NOT_FOUND',
  'No install request for guild %s',
  404,
);

// Hardening of core's web surface (tenant check, stream, rate limits).
export const TenantCheckUnavailable = createError(
  'PN_TENANT_CHECK_UNAVAILABLE',
  'Guild membership cannot be checked: DISCORD_BOT_TOKEN is not set',
  503,
);
