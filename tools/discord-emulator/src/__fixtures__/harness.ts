import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  startDiscordEmulator,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
} from '../server.ts';
import { demoSeedPath } from '../seed/load.ts';

/** Ids from `seeds/demo.json`, named for what the tests use them for. */
export const demo = {
  appId: '1291800000000000001',
  clientId: '1291800000000000001',
  clientSecret: 'demo-client-secret-not-for-production',
  botToken: 'demo-bot-token-not-for-production',
  redirectUri: 'http://localhost:3000/auth/callback',
  alice: '1104000000000000101',
  bob: '1104000000000000102',
  carol: '1104000000000000103',
  dave: '1104000000000000104',
  devGuild: '1180000000000000201',
  devAdminRole: '1180000000000000211',
  devModRole: '1180000000000000212',
  devPlayerRole: '1180000000000000213',
  devGeneral: '1180000000000000222',
  devStatus: '1180000000000000223',
  blockyGuild: '1180000000000000301',
  blockyManagerRole: '1180000000000000311',
  vikingGuild: '1180000000000000401',
  vikingHall: '1180000000000000421',
  publicKey: '7ddfeaa1f93ba785d7f1c3c8a9042e2e8c956522d77f99e775caa6d856e1bf26',
} as const;

/** A running emulator on a hand-driven clock, with request helpers. */
export interface TestEmulator extends DiscordEmulator {
  /** Moves the injected clock; unlike `control.advanceTime`, it is the source itself. */
  tick(ms: number): void;
  /** `fetch` below `apiUrl`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** `fetch` below `apiUrl` as the bot. */
  bot(path: string, init?: RequestInit): Promise<Response>;
  /** `fetch` below `url` (control API, pages). */
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** Runs the whole code flow for a user (auto-approved) and returns the token answer. */
  login(userId: string, scopes?: string[]): Promise<TokenAnswer>;
  /** Gets an authorization code for a user, optionally with PKCE. */
  authorize(userId: string, scopes: string[], extra?: Record<string, string>): Promise<string>;
  /** Posts the token endpoint form with body client credentials. */
  token(
    form: Record<string, string>,
    init?: { basic?: boolean; secret?: string },
  ): Promise<Response>;
}

export interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Starts the demo seed on port 0 with a manual clock; generous rate limits unless overridden. */
export async function startTestEmulator(
  options: Partial<DiscordEmulatorOptions> = {},
): Promise<TestEmulator> {
  let now = Date.UTC(2026, 0, 1);
  const emulator = await startDiscordEmulator({
    seed: demoSeedPath,
    now: () => now,
    rateLimits: {
      global: { limit: 10_000, windowMs: 1000 },
      defaultRoute: { limit: 10_000, windowMs: 1000 },
    },
    ...options,
  });
  const api = (path: string, init?: RequestInit) => fetch(`${emulator.apiUrl}${path}`, init);
  const app = typeof options.seed === 'object' ? options.seed.application : demo;
  const clientId = app.clientId;
  const redirectUri =
    typeof options.seed === 'object' ? options.seed.application.redirectUris[0]! : demo.redirectUri;
  const harness: TestEmulator = {
    ...emulator,
    tick: (ms) => {
      now += ms;
    },
    api,
    bot: (path, init = {}) =>
      api(path, {
        ...init,
        headers: { authorization: `Bot ${app.botToken}`, ...(init.headers ?? {}) },
      }),
    raw: (path, init) => fetch(`${emulator.url}${path}`, init),
    authorize: async (userId, scopes, extra = {}) => {
      const query = new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        scope: scopes.join(' '),
        redirect_uri: redirectUri,
        state: 'st',
        auto_approve_user: userId,
        ...extra,
      });
      const response = await fetch(`${emulator.authorizeUrl}?${query}`, { redirect: 'manual' });
      const location = new URL(response.headers.get('location') ?? 'http://invalid/');
      const code = location.searchParams.get('code');
      if (!code) throw new Error(`authorize did not return a code: ${response.status} ${location}`);
      return code;
    },
    token: (form, init = {}) => {
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
      };
      const body = new URLSearchParams(form);
      const secret = init.secret ?? app.clientSecret;
      if (init.basic)
        headers.authorization = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
      else {
        body.set('client_id', clientId);
        body.set('client_secret', secret);
      }
      return api('/oauth2/token', { method: 'POST', headers, body });
    },
    login: async (userId, scopes = ['identify', 'guilds', 'guilds.members.read']) => {
      const code = await harness.authorize(userId, scopes);
      const response = await harness.token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
      });
      if (response.status !== 200)
        throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as TokenAnswer;
    },
  };
  return harness;
}

/** Authorization header for a user token. */
export const bearer = (token: string): RequestInit => ({
  headers: { authorization: `Bearer ${token}` },
});

/**
 * One emulator for a whole test file, reset to the seed before each test; `assign` receives it
 * once started.
 */
export function useSharedEmulator(assign: (emulator: TestEmulator) => void): void {
  let emulator: TestEmulator | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    assign(emulator);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    emulator?.control.reset();
  });
}
