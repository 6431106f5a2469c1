import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DefaultRestOptions,
  REST,
  type RequestData,
  type ResponseLike,
  type RouteLike,
} from '@discordjs/rest';
import type {
  DiscordBotApi,
  DiscordCreateMessage,
  DiscordGuild,
  DiscordChannel,
  DiscordGuildMember,
  DiscordOAuth2Application,
  DiscordPartialGuild,
  DiscordRole,
  DiscordService,
  DiscordUser,
  DiscordUserApi,
  KeyValueStore,
  Logger,
  RateLimiter,
} from '@pteronimbus/sdk';
import { DiscordNotConfigured } from '../errors/codes.ts';
import { isTransient, toDiscordError } from './errors.ts';
import { routeKey, SharedRateLimits } from './shared-limits.ts';

const CDN = 'https://cdn.discordapp.com';

/** Options of {@link createDiscordService}. */
export interface DiscordServiceOptions {
  /** REST base with its version, e.g. `https://discord.com/api/v10` (`DISCORD_API_URL`). */
  apiUrl: string;
  /** The OAuth2 consent page (`DISCORD_AUTHORIZE_URL`). */
  authorizeUrl: string;
  botToken: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /** Cache and shared rate-limit state; give it a prefix of its own. */
  kv: KeyValueStore;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** How long guild roles and members stay cached (default 60 s). */
  cacheTtlMs?: number;
  /** Attempts after the first on 5xx and lost connections (default 3). */
  retries?: number;
  /** First backoff delay, doubled on each retry, plus jitter (default 500 ms). */
  retryBaseMs?: number;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /** Longest a call waits for a rate limit before failing with `PN_DISCORD_RATE_LIMITED` (default 30 s). */
  maxRateLimitWaitMs?: number;
  /** Requests per second per token across all replicas (default 50, Discord's global limit). */
  globalPerSecond?: number;
}

/** The service plus what only core needs. */
export interface DiscordClient extends DiscordService {
  close(): void;
}

/** Splits `https://discord.com/api/v10` into the base and version `@discordjs/rest` takes. */
export function splitApiUrl(apiUrl: string): { api: string; version: string | null } {
  const trimmed = apiUrl.replace(/\/+$/, '');
  const m = /^(.*)\/v(\d+)$/.exec(trimmed);
  return m ? { api: m[1]!, version: m[2]! } : { api: trimmed, version: null };
}

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 32);
}

const MAX_USER_CLIENTS = 1000;

/**
 * Builds the Discord REST client on `@discordjs/rest`. Bot calls share one queue; each user token
 * gets a queue of its own, because Discord's buckets are per token while the library keys them by
 * route only. 5xx answers and lost connections are retried here with exponential backoff (the
 * library's own retries are immediate, so they are off).
 */
export function createDiscordService(options: DiscordServiceOptions): DiscordClient {
  const { api, version } = splitApiUrl(options.apiUrl);
  const basePath = new URL(options.apiUrl).pathname.replace(/\/+$/, '');
  const retries = options.retries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxWaitMs = options.maxRateLimitWaitMs ?? 30_000;
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  const shared = new SharedRateLimits({
    kv: options.kv,
    limiter: options.rateLimiter,
    globalPerSecond: options.globalPerSecond ?? 50,
    maxWaitMs,
  });

  function makeRest(id: string, persistent: boolean): REST {
    return new REST({
      api,
      version: version ?? '10',
      retries: 0,
      timeout: options.timeoutMs ?? 15_000,
      globalRequestsPerSecond: options.globalPerSecond ?? 50,
      rejectOnRateLimit: (data) => Math.max(data.retryAfter, data.timeToReset) > maxWaitMs,
      // Short-lived per-user queues need no sweeper timers; they are dropped whole.
      ...(persistent ? {} : { hashSweepInterval: 0, handlerSweepInterval: 0 }),
      async makeRequest(url, init): Promise<ResponseLike> {
        const route = routeKey(init.method ?? 'GET', new URL(url).pathname.slice(basePath.length));
        await shared.before(id, route);
        const res = await DefaultRestOptions.makeRequest(url, init);
        await shared.after(id, route, res.status, res.headers as Headers);
        return res;
      },
    });
  }

  const botRest = makeRest('bot', true);
  const userRests = new Map<string, REST>();

  function userRest(id: string): REST {
    let rest = userRests.get(id);
    if (rest) {
      userRests.delete(id);
    } else {
      rest = makeRest(id, false);
      if (userRests.size >= MAX_USER_CLIENTS) userRests.delete(userRests.keys().next().value!);
    }
    userRests.set(id, rest);
    return rest;
  }

  async function call<T>(
    rest: REST,
    authorization: string,
    method: 'GET' | 'POST',
    route: RouteLike,
    what: string,
    data: Pick<RequestData, 'query' | 'body'> = {},
  ): Promise<T> {
    // The token travels as a header we set ourselves: the library's own token handling drops the
    // token after any 401, which would break every later call of a shared client.
    const request: RequestData = {
      ...data,
      auth: false,
      headers: { Authorization: authorization },
      ...(version ? {} : { versioned: false }),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return (await (method === 'GET'
          ? rest.get(route, request)
          : rest.post(route, request))) as T;
      } catch (err) {
        if (attempt >= retries || !isTransient(err, method)) throw toDiscordError(err, what);
        const delay = retryBaseMs * 2 ** attempt + Math.random() * retryBaseMs;
        options.logger.debug(
          { route: routeKey(method, route), attempt: attempt + 1, delayMs: Math.round(delay) },
          'retrying a Discord call',
        );
        await sleep(delay);
      }
    }
  }

  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = await options.kv.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
    const value = await load();
    await options.kv.set(key, JSON.stringify(value), { ttlMs: cacheTtlMs });
    return value;
  }

  async function guildGeneration(guildId: string): Promise<string> {
    return (await options.kv.get(`cache:gen:${guildId}`)) ?? '0';
  }

  const botAuth = () => {
    if (!options.botToken) throw DiscordNotConfigured('DISCORD_BOT_TOKEN');
    return `Bot ${options.botToken}`;
  };

  const bot: DiscordBotApi = {
    currentUser: async () => call<DiscordUser>(botRest, botAuth(), 'GET', '/users/@me', 'user'),
    guild: async (guildId, o = {}) =>
      call<DiscordGuild>(botRest, botAuth(), 'GET', `/guilds/${guildId}`, `guild ${guildId}`, {
        query: new URLSearchParams(o.withCounts ? { with_counts: 'true' } : {}),
      }),
    async guildRoles(guildId) {
      const auth = botAuth();
      const gen = await guildGeneration(guildId);
      return cached(`cache:roles:${guildId}:${gen}`, () =>
        call<DiscordRole[]>(botRest, auth, 'GET', `/guilds/${guildId}/roles`, `guild ${guildId}`),
      );
    },
    guildMembers: async (guildId, o = {}) =>
      call<DiscordGuildMember[]>(
        botRest,
        botAuth(),
        'GET',
        `/guilds/${guildId}/members`,
        `guild ${guildId}`,
        {
          query: new URLSearchParams({
            limit: String(o.limit ?? 1000),
            ...(o.after ? { after: o.after } : {}),
          }),
        },
      ),
    async *allGuildMembers(guildId, o = {}) {
      const limit = o.pageSize ?? 1000;
      let after: string | undefined;
      for (;;) {
        const page = await bot.guildMembers(guildId, { limit, ...(after ? { after } : {}) });
        yield* page;
        if (page.length < limit) return;
        after = page.at(-1)?.user?.id;
        if (!after) return;
      }
    },
    async guildMember(guildId, userId) {
      const auth = botAuth();
      const gen = await guildGeneration(guildId);
      return cached(`cache:member:${guildId}:${gen}:${userId}`, () =>
        call<DiscordGuildMember>(
          botRest,
          auth,
          'GET',
          `/guilds/${guildId}/members/${userId}`,
          `member ${userId} of guild ${guildId}`,
        ),
      );
    },
    async guildChannels(guildId) {
      const auth = botAuth();
      const gen = await guildGeneration(guildId);
      return cached(`cache:channels:${guildId}:${gen}`, () =>
        call<DiscordChannel[]>(
          botRest,
          auth,
          'GET',
          `/guilds/${guildId}/channels`,
          `guild ${guildId}`,
        ),
      );
    },
    createMessage: async (channelId, message: DiscordCreateMessage) =>
      call(botRest, botAuth(), 'POST', `/channels/${channelId}/messages`, `channel ${channelId}`, {
        body: message,
      }),
  };

  function asUser(accessToken: string): DiscordUserApi {
    const id = tokenId(accessToken);
    const auth = `Bearer ${accessToken}`;
    return {
      currentUser: async () => call<DiscordUser>(userRest(id), auth, 'GET', '/users/@me', 'user'),
      guilds: async (o = {}) => {
        const query = new URLSearchParams({ limit: String(o.limit ?? 200) });
        if (o.after) query.set('after', o.after);
        if (o.before) query.set('before', o.before);
        if (o.withCounts) query.set('with_counts', 'true');
        return call<DiscordPartialGuild[]>(
          userRest(id),
          auth,
          'GET',
          '/users/@me/guilds',
          'guilds',
          { query },
        );
      },
      async guildMember(guildId) {
        const gen = await guildGeneration(guildId);
        return cached(`cache:my-member:${guildId}:${gen}:${id}`, () =>
          call<DiscordGuildMember>(
            userRest(id),
            auth,
            'GET',
            `/users/@me/guilds/${guildId}/member`,
            `membership in guild ${guildId}`,
          ),
        );
      },
    };
  }

  const oauth2: DiscordOAuth2Application | null =
    options.clientId && options.clientSecret
      ? {
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          authorizeUrl: options.authorizeUrl,
          tokenUrl: `${options.apiUrl.replace(/\/+$/, '')}/oauth2/token`,
          revokeUrl: `${options.apiUrl.replace(/\/+$/, '')}/oauth2/token/revoke`,
        }
      : null;

  return {
    bot,
    asUser,
    oauth2,
    avatarUrl(user, size = 128) {
      if (user.avatar) {
        const ext = user.avatar.startsWith('a_') ? 'gif' : 'png';
        return `${CDN}/avatars/${user.id}/${user.avatar}.${ext}?size=${size}`;
      }
      return `${CDN}/embed/avatars/${Number((BigInt(user.id) >> 22n) % 6n)}.png`;
    },
    async invalidateGuild(guildId) {
      await options.kv.increment(`cache:gen:${guildId}`, 1, { ttlMs: 24 * 3_600_000 });
    },
    close() {
      botRest.clearHashSweeper();
      botRest.clearHandlerSweeper();
      userRests.clear();
    },
  };
}
