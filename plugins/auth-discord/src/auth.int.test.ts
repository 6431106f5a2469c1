import { generateKeyPairSync, hkdfSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  demoSeedPath,
  loadSeedFile,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { definePlugin } from '@pteronimbus/sdk';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { Browser, parseSetCookies } from './__fixtures__/browser.ts';
import { open } from './crypto.ts';
import { EndedSessions } from './ended-sessions.ts';
import { SigningKeys } from './keys.ts';
import { authDiscordPlugin } from './plugin.ts';
import { AuthStore } from './store.ts';
import { AccessTokens } from './tokens.ts';

const PUBLIC_URL = 'http://localhost:3000';
const HTTPS_URL = 'https://panel.test';
const demo = {
  clientId: '1291800000000000001',
  clientSecret: 'demo-client-secret-not-for-production',
  botToken: 'demo-bot-token-not-for-production',
  alice: '1104000000000000101',
  bob: '1104000000000000102',
  carol: '1104000000000000103',
};

/** A route behind core's access hook, to see what the authenticator decides. */
const probePlugin = definePlugin({
  name: 'probe',
  version: '0.1.0',
  register(app) {
    app.post('/probe', { config: { authenticated: true } }, async (request) => ({
      userId: request.principal!.userId,
    }));
  },
});

let discord: DiscordEmulator;
let skewMs = 0;
const cores: TestCore[] = [];

async function startCore(
  pluginConfig: Record<string, unknown> = {},
  publicUrl = PUBLIC_URL,
): Promise<TestCore> {
  const core = await startTestCore({
    plugins: [authDiscordPlugin, probePlugin] as never[],
    captureLogs: true,
    config: {
      publicUrl,
      superAdmins: [demo.alice],
      discord: {
        clientId: demo.clientId,
        clientSecret: demo.clientSecret,
        botToken: demo.botToken,
        publicKey: null,
        apiUrl: discord.apiUrl,
        authorizeUrl: discord.authorizeUrl,
      },
    },
    pluginConfig: { 'auth-discord': pluginConfig },
  });
  cores.push(core);
  return core;
}

let main: TestCore;
const core = () => main;

beforeAll(async () => {
  const seed = await loadSeedFile(demoSeedPath);
  seed.application.redirectUris = [`${PUBLIC_URL}/auth/callback`, `${HTTPS_URL}/auth/callback`];
  discord = await startDiscordEmulator({
    seed,
    port: 0,
    now: () => Date.now() + skewMs,
    // Shorter than the refresh margin: every session refresh also renews the Discord token.
    tokenTtlSeconds: 240,
  });
  main = await startCore({ rateLimit: { loginPerMinute: 1000, refreshPerMinute: 1000 } });
}, 120_000);

afterEach(() => {
  skewMs = 0;
  discord.control.clearFaults();
  discord.control.setRateLimits({});
});

afterAll(async () => {
  for (const c of cores) await c.close();
  await discord?.close();
});

async function startLogin(b: Browser, returnTo?: string): Promise<URL> {
  const res = await b.request(
    'GET',
    `/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  );
  expect(res.statusCode).toBe(302);
  return new URL(res.headers.location as string);
}

async function consent(authorize: URL, userId: string): Promise<URL> {
  const url = new URL(authorize);
  url.searchParams.set('auto_approve_user', userId);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function callback(b: Browser, cb: URL) {
  for (const name of ['code', 'state']) {
    b.seen.add(cb.searchParams.get(name) ?? '');
    Browser.everSeen.add(cb.searchParams.get(name) ?? '');
  }
  return b.request('GET', cb.pathname + cb.search);
}

async function login(b: Browser, userId = demo.alice, returnTo?: string) {
  const res = await callback(b, await consent(await startLogin(b, returnTo), userId));
  expect(res.statusCode).toBe(302);
  return res;
}

const audit = async (action: string) =>
  core().app.pn.db.query<{
    action: string;
    actor_id: string | null;
    changes: Record<string, unknown>;
  }>(
    'select "action", "actor_id", "changes" from "pn_audit_log" where "action" = $1 order by "id"',
    [action],
  );

/** The key the plugin seals with, derived as core derives it for `auth-discord`. */
const derived = (c: TestCore, purpose: string) =>
  Buffer.from(hkdfSync('sha256', c.app.pn.secretKey, 'pteronimbus', `auth-discord:${purpose}`, 32));

describe('login', () => {
  it('runs the code flow with state and PKCE and starts a session', async () => {
    const b = new Browser(core);
    const authorize = await startLogin(b, '/tenants/42?tab=servers');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(discord.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: demo.clientId,
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      response_type: 'code',
      scope: 'identify guilds guilds.members.read',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect([...b.cookies.keys()].sort()).toEqual(['pn_oauth_state', 'pn_oauth_verifier']);

    const res = await callback(b, await consent(authorize, demo.alice));
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/tenants/42?tab=servers');
    const set = parseSetCookies(res);
    const access = set.find((c) => c.name === 'pn_access')!;
    const refresh = set.find((c) => c.name === 'pn_refresh')!;
    expect(access.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
    expect(refresh.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/auth' });
    expect(access.attributes.secure).toBeUndefined();
    expect(Number(access.attributes['max-age'])).toBeLessThanOrEqual(900);
    expect(access.value.split('.')).toHaveLength(3);
    expect(b.cookies.has('pn_oauth_state')).toBe(false);
    expect(res.headers.location).not.toContain(access.value);

    const me = await b.request('GET', '/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      discordId: demo.alice,
      username: 'alice',
      globalName: 'Alice',
      superAdmin: true,
      avatarUrl: expect.stringMatching(/^https:\/\/cdn\.discordapp\.com\//),
    });
    expect(me.json().guildCount).toBeGreaterThanOrEqual(2);

    const bearer = await core().inject({
      url: '/auth/me',
      headers: { authorization: `Bearer ${access.value}` },
    });
    expect(bearer.json().discordId).toBe(demo.alice);
    expect((await audit('auth.login')).at(-1)).toMatchObject({ actor_id: me.json().id });
  });

  it('stores Discord tokens encrypted and bound to their session', async () => {
    const b = new Browser(core);
    await login(b, demo.bob);
    const [row] = await core().app.pn.db.query<{
      id: string;
      discord_access_token: string;
      discord_refresh_token: string;
    }>(
      `select s."id", s."discord_access_token", s."discord_refresh_token" from "auth_discord_sessions" s
       join "auth_discord_users" u on u."id" = s."user_id" where u."discord_id" = $1 order by s."created_at" desc limit 1`,
      [demo.bob],
    );
    expect(row!.discord_access_token).toMatch(/^v1\./);
    const key = derived(core(), 'discord-tokens');
    const token = open(key, row!.discord_access_token, `session:${row!.id}:access`);
    expect(row!.discord_access_token).not.toContain(token);
    const live = await fetch(`${discord.apiUrl}/users/@me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await live.json()) as { id: string }).id).toBe(demo.bob);
    expect(() => open(key, row!.discord_access_token, `session:${row!.id}:refresh`)).toThrow();
    const keys = await core().app.pn.db.query<{ private_jwk: string }>(
      'select "private_jwk" from "auth_discord_signing_keys"',
    );
    expect(
      keys.every((k) => k.private_jwk.startsWith('v1.') && !k.private_jwk.includes('"d"')),
    ).toBe(true);
  });

  it('answers non-super-admins and publishes the verification keys', async () => {
    const b = new Browser(core);
    await login(b, demo.carol);
    const me = await b.request('GET', '/auth/me');
    expect(me.json()).toMatchObject({ username: 'carol', superAdmin: false });
    const jwks = (await core().inject('/auth/keys')).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('refuses an off-site returnTo', async () => {
    const b = new Browser(core);
    expect((await b.request('GET', '/auth/login?returnTo=https://evil.example/')).statusCode).toBe(
      400,
    );
    expect((await b.request('GET', '/auth/login?returnTo=//evil.example')).statusCode).toBe(400);
  });

  it('sends denied consent back to the login page', async () => {
    const b = new Browser(core);
    const authorize = await startLogin(b);
    const res = await b.request(
      'GET',
      `/auth/callback?error=access_denied&state=${authorize.searchParams.get('state')}`,
    );
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?error=denied');
    const other = await b.request('GET', '/auth/callback?error=server_error');
    expect(other.headers.location).toBe('/login?error=PN_AUTH_DISCORD_FAILED');
  });

  it('refuses a wrong state without asking Discord', async () => {
    const b = new Browser(core);
    const cb = await consent(await startLogin(b), demo.alice);
    const before = discord.control.requests({ path: '/oauth2/token' }).length;
    cb.searchParams.set('state', 'forged-state-value');
    const res = await callback(b, cb);
    expect(res.headers.location).toBe('/login?error=PN_AUTH_STATE_INVALID');
    expect(discord.control.requests({ path: '/oauth2/token' }).length).toBe(before);
    expect(parseSetCookies(res).some((c) => c.name === 'pn_access')).toBe(false);
  });

  it('refuses a replayed callback', async () => {
    const b = new Browser(core);
    const cb = await consent(await startLogin(b), demo.alice);
    const jar = new Map(b.cookies);
    expect((await callback(b, cb)).headers.location).toBe('/');
    const replay = new Browser(core);
    for (const [k, v] of jar) replay.cookies.set(k, v);
    expect((await callback(replay, cb)).headers.location).toBe(
      '/login?error=PN_AUTH_STATE_INVALID',
    );
  });

  it('refuses a replayed code, and Discord then revokes the first session', async () => {
    const first = new Browser(core);
    const cbA = await consent(await startLogin(first), demo.alice);
    expect((await callback(first, cbA)).headers.location).toBe('/');
    const second = new Browser(core);
    const cbB = await consent(await startLogin(second), demo.alice);
    cbB.searchParams.set('code', cbA.searchParams.get('code')!);
    expect((await callback(second, cbB)).headers.location).toBe(
      '/login?error=PN_AUTH_CODE_INVALID',
    );
    const refreshed = await first.post('/auth/refresh');
    expect(refreshed.statusCode).toBe(401);
    expect(refreshed.json().error.code).toBe('PN_AUTH_SESSION_REVOKED');
  });

  it('refuses a PKCE verifier that does not match', async () => {
    const b = new Browser(core);
    const cb = await consent(await startLogin(b), demo.alice);
    b.cookies.set('pn_oauth_verifier', 'x'.repeat(43));
    expect((await callback(b, cb)).headers.location).toBe('/login?error=PN_AUTH_CODE_INVALID');
  });

  it('refuses an expired code', async () => {
    const b = new Browser(core);
    const cb = await consent(await startLogin(b), demo.alice);
    skewMs = 11 * 60_000;
    expect((await callback(b, cb)).headers.location).toBe('/login?error=PN_AUTH_CODE_INVALID');
  });

  it('reports Discord failures as codes in the redirect, never as details', async () => {
    const b = new Browser(core);
    const cb = await consent(await startLogin(b), demo.alice);
    discord.control.setFaults([
      { kind: 'status', status: 500, count: 1, path: '/api/v10/oauth2/token' },
    ]);
    const res = await callback(b, cb);
    expect(res.headers.location).toBe('/login?error=PN_AUTH_DISCORD_FAILED');

    const again = new Browser(core);
    const cb2 = await consent(await startLogin(again), demo.alice);
    discord.control.setFaults([
      { kind: 'status', status: 503, count: 10, path: '/api/v10/users/@me' },
    ]);
    const down = await callback(again, cb2);
    expect(down.headers.location).toBe('/login?error=PN_DISCORD_UNAVAILABLE');
    expect(
      discord.control
        .requests({ path: '/api/v10/users/@me' })
        .filter((r) => r.route === '/users/@me' && r.fault).length,
    ).toBe(4);
  }, 30_000);

  it('waits out a Discord 429 instead of storming', async () => {
    discord.control.setRateLimits({
      routes: [{ method: 'GET', route: '/users/@me', limit: 1, windowMs: 1500, scope: 'shared' }],
    });
    await login(new Browser(core), demo.bob);
    const since = discord.control.requests().at(-1)!.seq;
    const b = new Browser(core);
    const res = await login(b, demo.bob);
    expect(res.headers.location).toBe('/');
    const calls = discord.control.requests({ since }).filter((r) => r.route === '/users/@me');
    expect(calls.filter((r) => r.status === 429).length).toBeLessThanOrEqual(1);
    expect(calls.filter((r) => r.status === 200)).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('rotates the refresh token and revokes the family on reuse', async () => {
    const b = new Browser(core);
    await login(b);
    const firstRefresh = b.cookies.get('pn_refresh')!;
    const firstAccess = b.cookies.get('pn_access')!;
    const res = await b.post('/auth/refresh');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { discordId: demo.alice } });
    const secondRefresh = b.cookies.get('pn_refresh')!;
    expect(secondRefresh).not.toBe(firstRefresh);
    expect(b.cookies.get('pn_access')).not.toBe(firstAccess);
    expect(parseSetCookies(res).find((c) => c.name === 'pn_refresh')!.attributes.path).toBe(
      '/auth',
    );

    const thief = new Browser(core);
    thief.cookies.set('pn_refresh', firstRefresh);
    const reuse = await thief.post('/auth/refresh');
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('PN_AUTH_SESSION_REVOKED');
    const legit = await b.post('/auth/refresh');
    expect(legit.statusCode).toBe(401);
    expect(b.cookies.has('pn_refresh')).toBe(false);
    const revoked = await audit('auth.session.revoked');
    expect(revoked.at(-1)!.changes).toMatchObject({ reason: 'refresh-token-reuse' });
  });

  it('renews the Discord token on refresh when it is about to expire', async () => {
    const b = new Browser(core);
    await login(b, demo.bob);
    const since = discord.control.requests().at(-1)!.seq;
    expect((await b.post('/auth/refresh')).statusCode).toBe(200);
    const calls = discord.control.requests({ since });
    expect(calls.some((r) => r.route?.includes('oauth2/token') && r.status === 200)).toBe(true);
    expect(
      calls.some((r) => r.route === '/users/@me' && r.auth === 'bearer' && r.userId === demo.bob),
    ).toBe(true);
    expect((await b.post('/auth/refresh')).statusCode).toBe(200);
  });

  it('ends the session when the Discord account is deactivated', async () => {
    const user = discord.control.createUser({ username: 'short-lived' }) as { id: string };
    const b = new Browser(core);
    await login(b, user.id);
    discord.control.deactivateUser(user.id);
    const res = await b.post('/auth/refresh');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('PN_AUTH_SESSION_REVOKED');
    const [session] = await core().app.pn.db.query<{ revoked_reason: string }>(
      `select s."revoked_reason" from "auth_discord_sessions" s join "auth_discord_users" u on u."id" = s."user_id" where u."discord_id" = $1`,
      [user.id],
    );
    expect(session!.revoked_reason).toBe('discord-authorization-lost');
  });

  it('ends the session when the authorization is revoked in Discord', async () => {
    const user = discord.control.createUser({ username: 'revoker' }) as { id: string };
    const b = new Browser(core);
    await login(b, user.id);
    expect(discord.control.revokeAuthorization(user.id)).toBeGreaterThan(0);
    const res = await b.post('/auth/refresh');
    expect(res.json().error.code).toBe('PN_AUTH_SESSION_REVOKED');
  });

  it('keeps a panel-deactivated account out', async () => {
    const user = discord.control.createUser({ username: 'banned' }) as { id: string };
    const b = new Browser(core);
    await login(b, user.id);
    await core().app.pn.db.query(
      'update "auth_discord_users" set "deactivated" = true where "discord_id" = $1',
      [user.id],
    );
    const res = await b.post('/auth/refresh');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('PN_AUTH_ACCOUNT_DEACTIVATED');
    const fresh = new Browser(core);
    expect(
      (await callback(fresh, await consent(await startLogin(fresh), user.id))).headers.location,
    ).toBe('/login?error=PN_AUTH_ACCOUNT_DEACTIVATED');
  });

  it('logs out here and at Discord', async () => {
    const b = new Browser(core);
    await login(b);
    const refresh = b.cookies.get('pn_refresh')!;
    const access = b.cookies.get('pn_access')!;
    const since = discord.control.requests().at(-1)!.seq;
    const res = await b.post('/auth/logout');
    expect(res.statusCode).toBe(204);
    expect(b.cookies.size).toBe(0);
    // The access token has not expired, but its session has: it no longer opens anything.
    const copied = new Browser(core);
    copied.cookies.set('pn_access', access);
    expect((await copied.request('GET', '/auth/me')).statusCode).toBe(401);
    // A replica started after the logout learns of it from the database.
    const { sid } = JSON.parse(Buffer.from(access.split('.')[1]!, 'base64url').toString()) as {
      sid: string;
    };
    const later = new EndedSessions(900_000);
    await later.start(
      new AuthStore(core().app.pn.db, derived(core(), 'discord-tokens')),
      core().app.pn.shared.events,
    );
    expect(later.has(sid)).toBe(true);
    expect(later.has('another-session')).toBe(false);
    await later.stop();
    expect(
      discord.control
        .requests({ since })
        .some((r) => r.path.includes('/oauth2/token/revoke') && r.status === 200),
    ).toBe(true);
    const stale = new Browser(core);
    stale.cookies.set('pn_refresh', refresh);
    const after = await stale.post('/auth/refresh');
    expect(after.statusCode).toBe(401);
    expect((await audit('auth.logout')).length).toBeGreaterThan(0);
    expect((await new Browser(core).post('/auth/logout')).statusCode).toBe(204);
  });

  it('refuses a refresh without a cookie', async () => {
    const res = await new Browser(core).post('/auth/refresh');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('PN_AUTH_REFRESH_INVALID');
  });
});

describe('cookies over https', () => {
  let secure: TestCore;
  beforeAll(async () => {
    secure = await startCore(
      { rateLimit: { loginPerMinute: 1000, refreshPerMinute: 1000 } },
      HTTPS_URL,
    );
  }, 60_000);
  const fromPanel = { 'sec-fetch-site': 'same-origin', origin: HTTPS_URL };

  it('are __Host- cookies: Secure, Path=/, no Domain, and refresh and logout read them', async () => {
    const b = new Browser(() => secure);
    const res = await callback(b, await consent(await startLogin(b), demo.bob));
    expect(res.statusCode).toBe(302);
    const set = parseSetCookies(res);
    const names = set.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['__Host-pn_access', '__Host-pn_refresh']));
    expect(names).not.toContain('pn_access');
    for (const name of ['__Host-pn_access', '__Host-pn_refresh']) {
      const cookie = set.find((c) => c.name === name)!;
      expect(cookie.attributes).toMatchObject({
        secure: true,
        path: '/',
        httponly: true,
        samesite: 'Lax',
      });
      expect(cookie.attributes.domain).toBeUndefined();
    }
    expect((await b.request('GET', '/auth/me')).json()).toMatchObject({ discordId: demo.bob });

    // The unprefixed names mean nothing on an https panel.
    const access = b.cookies.get('__Host-pn_access')!;
    const tossed = new Browser(() => secure);
    tossed.cookies.set('pn_access', access);
    expect((await tossed.request('GET', '/auth/me')).statusCode).toBe(401);

    const refreshed = await b.request('POST', '/auth/refresh', fromPanel);
    expect(refreshed.statusCode).toBe(200);
    expect(b.cookies.get('__Host-pn_access')).not.toBe(access);
    const out = await b.request('POST', '/auth/logout', fromPanel);
    expect(out.statusCode).toBe(204);
    const cleared = parseSetCookies(out);
    expect(cleared.map((c) => [c.name, c.attributes.path])).toEqual(
      expect.arrayContaining([
        ['__Host-pn_access', '/'],
        ['__Host-pn_refresh', '/'],
      ]),
    );
    expect(b.cookies.size).toBe(0);
  });
});

describe('access tokens', () => {
  async function accessToken() {
    const b = new Browser(core);
    await login(b);
    return b.cookies.get('pn_access')!;
  }
  // The probe only needs a valid token, not a stored user.
  const me = (token: string) =>
    core().inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { authorization: `Bearer ${token}` },
    });

  it('refuses a tampered token', async () => {
    const token = await accessToken();
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, did: demo.carol })).toString('base64url')}.${s}`;
    expect((await me(forged)).statusCode).toBe(401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect((await me(none)).statusCode).toBe(401);
    expect((await me('garbage')).json().error.code).toBe('PN_UNAUTHENTICATED');
    expect((await me(token)).statusCode).toBe(200);
  });

  it('refuses an expired token and one signed by an unknown key', async () => {
    const keys = new SigningKeys({
      db: core().app.pn.db,
      sealKey: derived(core(), 'signing-keys'),
      rotationDays: 30,
      maxTokenTtlMs: 3_600_000,
    });
    await keys.load();
    const subject = {
      userId: '00000000-0000-4000-8000-000000000000',
      discordId: demo.alice,
      name: 'Alice',
      sessionId: 's',
    };
    const past = new AccessTokens({
      keys,
      issuer: PUBLIC_URL,
      ttlSeconds: 900,
      now: () => Date.now() - 3_600_000,
    });
    const expired = await past.issue(subject);
    expect((await me(expired.token)).statusCode).toBe(401);
    const fresh = new AccessTokens({ keys, issuer: PUBLIC_URL, ttlSeconds: 900 });
    expect((await me((await fresh.issue(subject)).token)).statusCode).toBe(200);

    const stranger = generateKeyPairSync('ed25519').privateKey;
    const { kid } = await keys.current();
    for (const header of [
      { alg: 'EdDSA', kid: 'unknown-kid' },
      { alg: 'EdDSA', kid },
    ]) {
      const token = await new SignJWT({ did: demo.alice, sid: 's', name: 'x' })
        .setProtectedHeader(header)
        .setSubject(subject.userId)
        .setIssuer(PUBLIC_URL)
        .setAudience('pteronimbus')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(stranger);
      expect((await me(token)).statusCode).toBe(401);
    }
  });

  it('keeps old tokens valid across a key rotation on another replica', async () => {
    const before = await accessToken();
    const later = () => Date.now() + 31 * 86_400_000;
    const otherReplica = new SigningKeys({
      db: core().app.pn.db,
      sealKey: derived(core(), 'signing-keys'),
      rotationDays: 30,
      maxTokenTtlMs: 3_600_000,
      now: later,
    });
    await otherReplica.load();
    const oldKid = JSON.parse(Buffer.from(before.split('.')[0]!, 'base64url').toString()).kid;
    const { kid } = await otherReplica.current();
    expect(kid).not.toBe(oldKid);
    const tokens = new AccessTokens({ keys: otherReplica, issuer: PUBLIC_URL, ttlSeconds: 900 });
    const rotated = await tokens.issue({
      userId: '00000000-0000-4000-8000-000000000000',
      discordId: demo.alice,
      name: 'A',
      sessionId: 's',
    });
    await sleep(1100);
    expect((await me(rotated.token)).statusCode).toBe(200);
    expect((await me(before)).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated state changes from elsewhere and lets bearer callers through', async () => {
    const b = new Browser(core);
    await login(b);
    const ok = await b.post('/api/v1/probe');
    expect(ok.statusCode).toBe(200);
    const crossSite = await b.request('POST', '/api/v1/probe', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('PN_AUTH_CSRF_REJECTED');
    expect(
      (await b.request('POST', '/api/v1/probe', { origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
    expect((await b.request('POST', '/api/v1/probe')).statusCode).toBe(403);
    expect((await b.request('POST', '/api/v1/probe', { origin: PUBLIC_URL })).statusCode).toBe(200);
    const bearer = await core().inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { authorization: `Bearer ${b.cookies.get('pn_access')}` },
    });
    expect(bearer.statusCode).toBe(200);
    expect(
      (await b.request('POST', '/auth/refresh', { 'sec-fetch-site': 'same-site' })).json().error
        .code,
    ).toBe('PN_AUTH_CSRF_REJECTED');
    expect(
      (await b.request('POST', '/auth/logout', { origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
    expect((await b.post('/auth/refresh')).statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  it('limits logins per address and refreshes per address and user', async () => {
    const limited = await startCore({ rateLimit: { loginPerMinute: 4, refreshPerMinute: 2 } });
    const b = new Browser(() => limited, '10.0.0.7');
    await login(b);
    await startLogin(b);
    await startLogin(b);
    const blocked = await b.request('GET', '/auth/login');
    expect(blocked.headers.location).toBe('/login?error=PN_AUTH_RATE_LIMITED');
    expect(
      (await new Browser(() => limited, '10.0.0.8').request('GET', '/auth/login')).headers.location,
    ).toMatch(/^http/);
    expect((await b.post('/auth/refresh')).statusCode).toBe(200);
    expect((await b.post('/auth/refresh')).statusCode).toBe(200);
    const third = await b.post('/auth/refresh');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('PN_AUTH_RATE_LIMITED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('logs', () => {
  it('never contain a token, code, state or key', async () => {
    const b = new Browser(core);
    await login(b);
    await b.post('/auth/refresh');
    await b.request('GET', '/auth/me');
    const discordTokens: string[] = [];
    const key = derived(core(), 'discord-tokens');
    for (const row of await core().app.pn.db.query<{
      id: string;
      discord_access_token: string;
      discord_refresh_token: string | null;
    }>(
      'select "id", "discord_access_token", "discord_refresh_token" from "auth_discord_sessions"',
    )) {
      discordTokens.push(open(key, row.discord_access_token, `session:${row.id}:access`));
      if (row.discord_refresh_token)
        discordTokens.push(open(key, row.discord_refresh_token, `session:${row.id}:refresh`));
    }
    await b.post('/auth/logout');
    const secrets = [
      ...Browser.everSeen,
      ...discordTokens,
      demo.clientSecret,
      demo.botToken,
      core().app.pn.secretKey,
    ].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(6);
    const logs = cores.flatMap((c) => c.logs());
    expect(logs.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      const leak = logs.find((line) => line.includes(secret));
      expect(leak, `a log line holds a secret: ${leak?.slice(0, 200)}`).toBeUndefined();
    }
  });
});
