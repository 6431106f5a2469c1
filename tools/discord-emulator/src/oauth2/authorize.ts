import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { isSnowflake } from '../snowflake.ts';
import { randomToken } from '../state/state.ts';
import { escapeHtml, PAGE_CSP, renderMessagePage, renderPage } from './page.ts';

/** How long an authorization code can be exchanged. */
export const CODE_TTL_MS = 10 * 60_000;

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  identify: 'Access your username, avatar and banner',
  email: 'Access your email address',
  guilds: 'Know what servers you are in',
  'guilds.members.read': 'Read your member info (nickname, roles) in your servers',
  'guilds.join': 'Join servers for you',
  connections: 'Access your third-party connections',
  bot: 'Add a bot to a server',
  'applications.commands': 'Create commands in a server',
  'applications.commands.permissions.update': 'Update command permissions',
  'role_connections.write': 'Update your role connection metadata',
  'webhook.incoming': 'Create a webhook in a channel',
  openid: 'Sign you in with OpenID Connect',
};

/** A validated authorize request. */
interface AuthorizeRequest {
  scopes: string[];
  /** `redirect_uri` exactly as sent; the code is bound to it. */
  redirectUri: string | undefined;
  /** Where to send the browser back: the given URI, or the only registered one. */
  effectiveRedirect: string | undefined;
  wantsCode: boolean;
  state: string | undefined;
  codeChallenge: string | undefined;
  permissions: string;
  guildId: string | undefined;
  /** The original query, replayed in the form as hidden fields. */
  raw: Record<string, string>;
}

type Outcome =
  | { kind: 'ok'; request: AuthorizeRequest }
  | { kind: 'page'; status: number; title: string; message: string }
  | { kind: 'redirect'; location: string };

/** An outcome that answers the browser. */
type Answer = Exclude<Outcome, { kind: 'ok' }>;

const FORWARDED_PARAMS = [
  'client_id',
  'scope',
  'redirect_uri',
  'response_type',
  'state',
  'code_challenge',
  'code_challenge_method',
  'permissions',
  'guild_id',
  'disable_guild_select',
  'prompt',
  'integration_type',
];

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** Checks an authorize request in the order OAuth2 requires: client and redirect first, as pages. */
function validate(ctx: EmulatorContext, query: Record<string, string | undefined>): Outcome {
  const app = ctx.state.application;
  if (query.client_id !== app.clientId) {
    return {
      kind: 'page',
      status: 400,
      title: 'Unknown application',
      message: 'The client_id is not a known application.',
    };
  }
  const redirectUri = query.redirect_uri || undefined;
  if (redirectUri !== undefined && !app.redirectUris.includes(redirectUri)) {
    return {
      kind: 'page',
      status: 400,
      title: 'Invalid OAuth2 redirect_uri',
      message: 'The redirect_uri is not registered for this application.',
    };
  }
  const scopes = (query.scope ?? '').split(/[ +]/).filter(Boolean);
  const isBot = scopes.includes('bot');
  const responseType = query.response_type || undefined;
  const wantsCode = responseType === 'code';
  const effectiveRedirect =
    redirectUri ?? (wantsCode && app.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
  const fail = (error: string, description: string): Outcome =>
    effectiveRedirect === undefined
      ? { kind: 'page', status: 400, title: 'Invalid authorization request', message: description }
      : {
          kind: 'redirect',
          location: withParams(effectiveRedirect, {
            error,
            error_description: description,
            state: query.state,
          }),
        };
  if (wantsCode && effectiveRedirect === undefined) {
    return {
      kind: 'page',
      status: 400,
      title: 'Invalid authorization request',
      message: 'redirect_uri is required.',
    };
  }
  if (scopes.length === 0) return fail('invalid_scope', 'No scope was requested.');
  const unknownScope = scopes.find((s) => !(s in SCOPE_DESCRIPTIONS));
  if (unknownScope !== undefined)
    return fail('invalid_scope', `The requested scope is invalid: ${unknownScope}`);
  if (responseType !== undefined && !wantsCode) {
    return fail('unsupported_response_type', 'Only the code response type is supported.');
  }
  if (!isBot && !wantsCode) return fail('invalid_request', 'response_type=code is required.');
  const challenge = query.code_challenge || undefined;
  const method = query.code_challenge_method || undefined;
  if (challenge !== undefined || method !== undefined) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (challenge === undefined || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest.');
    }
  }
  const permissions = query.permissions ?? '0';
  if (!/^[0-9]{1,20}$/.test(permissions))
    return fail('invalid_request', 'permissions must be an integer.');
  const guildId = query.guild_id || undefined;
  if (guildId !== undefined && !isSnowflake(guildId))
    return fail('invalid_request', 'guild_id is not a snowflake.');
  const raw: Record<string, string> = {};
  for (const key of FORWARDED_PARAMS) if (query[key] !== undefined) raw[key] = query[key];
  return {
    kind: 'ok',
    request: {
      scopes,
      redirectUri,
      effectiveRedirect,
      wantsCode,
      state: query.state,
      codeChallenge: challenge,
      permissions,
      guildId,
      raw,
    },
  };
}

function approve(
  ctx: EmulatorContext,
  request: AuthorizeRequest,
  userId: string | undefined,
  pickedGuild: string | undefined,
): Answer {
  const { state } = ctx;
  const user = userId === undefined ? undefined : state.users.get(userId);
  if (!user || user.bot || user.deactivated) {
    return {
      kind: 'page',
      status: 400,
      title: 'Cannot log in',
      message: 'That account does not exist or is disabled.',
    };
  }
  const isBot = request.scopes.includes('bot');
  let guildId: string | undefined;
  if (isBot) {
    guildId = request.guildId ?? pickedGuild;
    const guild = guildId === undefined ? undefined : state.guilds.get(guildId);
    if (!guild)
      return {
        kind: 'page',
        status: 400,
        title: 'Choose a server',
        message: 'Pick a server to add the bot to.',
      };
    if (!state.canManageGuild(guild, user.id)) {
      return {
        kind: 'page',
        status: 403,
        title: 'Missing permission',
        message: 'You need the Manage Server permission in that server to add a bot.',
      };
    }
    state.addBot(guild.id, request.permissions);
  }
  const params: Record<string, string | undefined> = { state: request.state };
  if (request.wantsCode) {
    const code = randomToken(22);
    state.codes.set(code, {
      code,
      userId: user.id,
      scopes: request.scopes,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      expiresAt: state.now() + CODE_TTL_MS,
      used: false,
      familyId: randomToken(12),
      guildId,
    });
    params.code = code;
  }
  if (isBot) {
    params.guild_id = guildId;
    params.permissions = request.permissions;
  }
  if (request.effectiveRedirect !== undefined) {
    return { kind: 'redirect', location: withParams(request.effectiveRedirect, params) };
  }
  const guildName = state.guilds.get(guildId ?? '')?.name ?? 'the server';
  return {
    kind: 'page',
    status: 200,
    title: 'Authorized',
    message: `${state.botUser.username} was added to ${guildName}.`,
  };
}

function deny(request: AuthorizeRequest): Answer {
  if (request.effectiveRedirect === undefined) {
    return {
      kind: 'page',
      status: 200,
      title: 'Cancelled',
      message: 'You cancelled the authorization.',
    };
  }
  return {
    kind: 'redirect',
    location: withParams(request.effectiveRedirect, {
      error: 'access_denied',
      error_description: 'The resource owner or authorization server denied the request',
      state: request.state,
    }),
  };
}

function renderConsent(ctx: EmulatorContext, request: AuthorizeRequest): string {
  const { state } = ctx;
  const app = state.application;
  const hidden = Object.entries(request.raw)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const users = [...state.users.values()].filter((u) => !u.bot && !u.deactivated);
  const userChoices = users
    .map(
      (u, i) =>
        `<label><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${i === 0 ? ' checked' : ''} required> ${escapeHtml(u.global_name ?? u.username)} <span class="muted">@${escapeHtml(u.username)}</span></label>`,
    )
    .join('\n');
  const scopes = request.scopes
    .map(
      (s) =>
        `<li>${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)} <span class="muted">(${escapeHtml(s)})</span></li>`,
    )
    .join('\n');
  let guildPicker = '';
  if (request.scopes.includes('bot') && request.guildId === undefined) {
    const options = [...state.guilds.values()]
      .map((g) => `<option value="${escapeHtml(g.id)}">${escapeHtml(g.name)}</option>`)
      .join('\n');
    guildPicker = `<fieldset>
<legend>Add to server</legend>
<label for="guild_id" class="muted">You need Manage Server in the server you pick.</label>
<select id="guild_id" name="guild_id" required>
${options}
</select>
</fieldset>`;
  } else if (request.guildId !== undefined) {
    const name = state.guilds.get(request.guildId)?.name ?? request.guildId;
    guildPicker = `<p>Server: <strong>${escapeHtml(name)}</strong></p>`;
  }
  return renderPage(
    `Authorize ${app.name}`,
    `<h1>${escapeHtml(app.name)} wants to access your account</h1>
<form method="post" action="/oauth2/authorize">
${hidden}
<fieldset>
<legend>Log in as</legend>
${userChoices || '<p>No active users in the seed.</p>'}
</fieldset>
${guildPicker}
<p>This will allow ${escapeHtml(app.name)} to:</p>
<ul class="scopes">
${scopes}
</ul>
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

function send(reply: FastifyReply, outcome: Answer, html?: string): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (outcome.kind === 'redirect') return reply.redirect(outcome.location, 302);
  return reply
    .code(outcome.status)
    .header('content-security-policy', PAGE_CSP)
    .type('text/html; charset=utf-8')
    .send(html ?? renderMessagePage(outcome.title, outcome.message));
}

type Query = Record<string, string | undefined>;

/** `GET /oauth2/authorize` (consent page) and the form it posts back. */
export function registerAuthorizeRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Querystring: Query }>('/oauth2/authorize', async (request, reply) => {
    const outcome = validate(ctx, request.query);
    if (outcome.kind !== 'ok') return send(reply, outcome);
    const autoUser = request.query.auto_approve_user;
    if (autoUser !== undefined)
      return send(reply, approve(ctx, outcome.request, autoUser, undefined));
    return send(
      reply,
      { kind: 'page', status: 200, title: '', message: '' },
      renderConsent(ctx, outcome.request),
    );
  });

  app.post<{ Body: Query }>('/oauth2/authorize', async (request, reply) => {
    const body = request.body ?? {};
    const outcome = validate(ctx, body);
    if (outcome.kind !== 'ok') return send(reply, outcome);
    const result =
      body.decision === 'approve'
        ? approve(ctx, outcome.request, body.user_id, body.guild_id)
        : deny(outcome.request);
    return send(reply, result);
  });
}
