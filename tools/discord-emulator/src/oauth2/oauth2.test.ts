import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bearer,
  demo,
  pkcePair,
  startTestEmulator,
  type TestEmulator,
} from '../__fixtures__/harness.ts';

let emu: TestEmulator;
beforeEach(async () => {
  emu = await startTestEmulator();
});
afterEach(async () => {
  await emu.close();
});

function authorizeQuery(params: Record<string, string>): string {
  return new URLSearchParams({
    client_id: demo.clientId,
    response_type: 'code',
    scope: 'identify',
    redirect_uri: demo.redirectUri,
    state: 's1',
    ...params,
  }).toString();
}

async function getAuthorize(params: Record<string, string>): Promise<Response> {
  return fetch(`${emu.authorizeUrl}?${authorizeQuery(params)}`, { redirect: 'manual' });
}

describe('GET /oauth2/authorize', () => {
  it('renders an accessible consent page without scripts, listing active users', async () => {
    await emu.control.deactivateUser(demo.dave);
    const response = await getAuthorize({ scope: 'identify guilds' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<legend>Log in as</legend>');
    expect(html).toContain(`value="${demo.alice}"`);
    expect(html).not.toContain(`value="${demo.dave}"`);
    expect(html).toContain('name="state" value="s1"');
    const css = await emu.raw('/assets/emulator.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });

  it('refuses an unknown client and an unregistered redirect with an error page, not a redirect', async () => {
    const unknownClient = await getAuthorize({ client_id: '1' });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('Unknown application');
    const badRedirect = await getAuthorize({ redirect_uri: 'https://evil.example/cb' });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.get('location')).toBeNull();
    expect(await badRedirect.text()).toContain('redirect_uri');
  });

  it('redirects protocol errors back with error and state', async () => {
    for (const [params, error] of [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'identify hack' }, 'invalid_scope'],
      [{ code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request'],
    ] as const) {
      const response = await getAuthorize(params);
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(demo.redirectUri);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('s1');
    }
  });

  it('auto-approves for tests and binds the code to the user', async () => {
    const response = await getAuthorize({ auto_approve_user: demo.alice });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('s1');
    const code = location.searchParams.get('code')!;
    const token = await emu.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: demo.redirectUri,
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const me = await emu.api('/users/@me', bearer(access_token));
    expect(((await me.json()) as { id: string }).id).toBe(demo.alice);
  });

  it('the form posts Approve with the chosen user, and Deny redirects with access_denied', async () => {
    const form = (decision: string) =>
      fetch(emu.authorizeUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `${authorizeQuery({})}&user_id=${demo.bob}&decision=${decision}`,
      });
    const denied = new URL((await form('deny')).headers.get('location')!);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('s1');
    expect(denied.searchParams.get('code')).toBeNull();
    const approved = new URL((await form('approve')).headers.get('location')!);
    const code = approved.searchParams.get('code')!;
    const token = (await (
      await emu.token({ grant_type: 'authorization_code', code, redirect_uri: demo.redirectUri })
    ).json()) as { access_token: string };
    const me = (await (await emu.api('/users/@me', bearer(token.access_token))).json()) as {
      id: string;
    };
    expect(me.id).toBe(demo.bob);
  });

  it('will not log in a deactivated user', async () => {
    emu.control.deactivateUser(demo.dave);
    const response = await getAuthorize({ auto_approve_user: demo.dave });
    expect(response.status).toBe(400);
  });
});

describe('POST /api/v10/oauth2/token', () => {
  it('exchanges a code with body or Basic client authentication', async () => {
    for (const basic of [false, true]) {
      const code = await emu.authorize(demo.alice, ['identify', 'guilds']);
      const response = await emu.token(
        { grant_type: 'authorization_code', code, redirect_uri: demo.redirectUri },
        { basic },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 604800,
        scope: 'identify guilds',
      });
      expect(typeof body.access_token).toBe('string');
      expect(typeof body.refresh_token).toBe('string');
    }
  });

  it('rejects a wrong client secret with 401 invalid_client', async () => {
    const code = await emu.authorize(demo.alice, ['identify']);
    for (const basic of [false, true]) {
      const response = await emu.token(
        { grant_type: 'authorization_code', code, redirect_uri: demo.redirectUri },
        { basic, secret: 'wrong' },
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_client' });
    }
  });

  it('rejects a different redirect_uri than the one authorized', async () => {
    const code = await emu.authorize(demo.alice, ['identify']);
    const response = await emu.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:9000/auth/callback',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid "redirect_uri" in request.',
    });
  });

  it('refuses a replayed code and revokes what the first exchange issued', async () => {
    const code = await emu.authorize(demo.alice, ['identify']);
    const form = { grant_type: 'authorization_code', code, redirect_uri: demo.redirectUri };
    const first = (await (await emu.token(form)).json()) as { access_token: string };
    expect((await emu.api('/users/@me', bearer(first.access_token))).status).toBe(200);
    const replay = await emu.token(form);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid "code" in request.',
    });
    expect((await emu.api('/users/@me', bearer(first.access_token))).status).toBe(401);
  });

  it('expires codes after 10 minutes', async () => {
    const code = await emu.authorize(demo.alice, ['identify']);
    emu.tick(10 * 60_000 + 1);
    const response = await emu.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: demo.redirectUri,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('checks the PKCE verifier', async () => {
    const { verifier, challenge } = pkcePair();
    const extra = { code_challenge: challenge, code_challenge_method: 'S256' };
    const base = { grant_type: 'authorization_code', redirect_uri: demo.redirectUri };
    const missing = await emu.token({
      ...base,
      code: await emu.authorize(demo.alice, ['identify'], extra),
    });
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_request');
    const wrong = await emu.token({
      ...base,
      code: await emu.authorize(demo.alice, ['identify'], extra),
      code_verifier: pkcePair().verifier,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid "code_verifier" in request.',
    });
    const right = await emu.token({
      ...base,
      code: await emu.authorize(demo.alice, ['identify'], extra),
      code_verifier: verifier,
    });
    expect(right.status).toBe(200);
  });

  it('answers unsupported_grant_type and refuses JSON bodies', async () => {
    const response = await emu.token({ grant_type: 'password' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unsupported_grant_type' });
    const json = await emu.api('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('rotates refresh tokens', async () => {
    const first = await emu.login(demo.alice);
    const refreshed = await emu.token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as {
      access_token: string;
      refresh_token: string;
      scope: string;
    };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe(first.scope);
    expect((await emu.api('/users/@me', bearer(second.access_token))).status).toBe(200);
    const reused = await emu.token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid "refresh_token" in request.',
    });
  });

  it('expires access tokens after expires_in seconds', async () => {
    const tokens = await emu.login(demo.alice);
    emu.tick(tokens.expires_in * 1000 - 1);
    expect((await emu.api('/users/@me', bearer(tokens.access_token))).status).toBe(200);
    emu.tick(2);
    expect((await emu.api('/users/@me', bearer(tokens.access_token))).status).toBe(401);
    // The refresh token outlives the access token.
    expect(
      (await emu.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))
        .status,
    ).toBe(200);
  });
});

describe('revocation and deactivation', () => {
  it('POST /oauth2/token/revoke ends both tokens of the pair', async () => {
    const tokens = await emu.login(demo.alice);
    const body = new URLSearchParams({
      token: tokens.access_token,
      token_type_hint: 'access_token',
      client_id: demo.clientId,
      client_secret: demo.clientSecret,
    });
    const response = await emu.api('/oauth2/token/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(200);
    const me = await emu.api('/users/@me', bearer(tokens.access_token));
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    expect(
      (await emu.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))
        .status,
    ).toBe(400);
  });

  it('a revoked app authorization invalidates access and refresh tokens', async () => {
    const tokens = await emu.login(demo.bob);
    const other = await emu.login(demo.alice);
    expect(emu.control.revokeAuthorization(demo.bob)).toBe(1);
    expect((await emu.api('/users/@me', bearer(tokens.access_token))).status).toBe(401);
    expect(
      (await emu.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))
        .status,
    ).toBe(400);
    expect((await emu.api('/users/@me', bearer(other.access_token))).status).toBe(200);
  });

  it("a deactivated user's tokens are rejected with 401", async () => {
    const tokens = await emu.login(demo.carol);
    emu.control.deactivateUser(demo.carol);
    expect((await emu.api('/users/@me/guilds', bearer(tokens.access_token))).status).toBe(401);
    expect(
      (await emu.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }))
        .status,
    ).toBe(400);
  });

  it('GET /oauth2/@me describes the current authorization', async () => {
    const tokens = await emu.login(demo.alice, ['identify']);
    const body = (await (
      await emu.api('/oauth2/@me', bearer(tokens.access_token))
    ).json()) as Record<string, unknown>;
    expect(body.scopes).toEqual(['identify']);
    expect((body.user as { id: string }).id).toBe(demo.alice);
    expect((body.application as { verify_key: string }).verify_key).toBe(demo.publicKey);
  });
});

describe('bot invite', () => {
  const invite = (params: Record<string, string>) =>
    fetch(
      `${emu.authorizeUrl}?${new URLSearchParams({
        client_id: demo.clientId,
        scope: 'bot applications.commands',
        permissions: '2048',
        ...params,
      })}`,
      { redirect: 'manual' },
    );

  it('adds the bot to a guild the user manages, with a managed role, and redirects', async () => {
    expect((await emu.bot(`/guilds/${demo.vikingGuild}`)).status).toBe(403);
    // Alice holds Administrator (Jarl) in the Vikings guild without owning it.
    const response = await invite({
      guild_id: demo.vikingGuild,
      redirect_uri: demo.redirectUri,
      state: 'inv',
      auto_approve_user: demo.alice,
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('guild_id')).toBe(demo.vikingGuild);
    expect(location.searchParams.get('permissions')).toBe('2048');
    expect(location.searchParams.get('state')).toBe('inv');
    expect((await emu.bot(`/guilds/${demo.vikingGuild}`)).status).toBe(200);
    const roles = (await (await emu.bot(`/guilds/${demo.vikingGuild}/roles`)).json()) as Record<
      string,
      unknown
    >[];
    const managed = roles.find((r) => r.managed === true);
    expect(managed).toMatchObject({ permissions: '2048', tags: { bot_id: demo.appId } });
  });

  it('refuses a user without Manage Server in that guild', async () => {
    const response = await invite({ guild_id: demo.vikingGuild, auto_approve_user: demo.dave });
    expect(response.status).toBe(403);
    expect((await emu.bot(`/guilds/${demo.vikingGuild}`)).status).toBe(403);
  });

  it('shows a server picker when no guild is given, and a done page without redirect', async () => {
    const page = await invite({});
    const html = await page.text();
    expect(html).toContain('<select id="guild_id" name="guild_id" required>');
    const done = await fetch(emu.authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: demo.clientId,
        scope: 'bot',
        permissions: '0',
        user_id: demo.carol,
        guild_id: demo.vikingGuild,
        decision: 'approve',
      }),
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('was added to Valheim Vikings');
    expect(emu.control.snapshot().guilds.find((g) => g.id === demo.vikingGuild)?.botMember).toBe(
      true,
    );
  });

  it('with response_type=code the token answer carries the guild', async () => {
    const response = await invite({
      guild_id: demo.vikingGuild,
      response_type: 'code',
      scope: 'bot identify',
      redirect_uri: demo.redirectUri,
      auto_approve_user: demo.carol,
    });
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const token = (await (
      await emu.token({ grant_type: 'authorization_code', code, redirect_uri: demo.redirectUri })
    ).json()) as { guild: { id: string } };
    expect(token.guild.id).toBe(demo.vikingGuild);
  });
});
