import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { createClock, type Clock } from './clock.ts';
import { createControl, type DiscordEmulatorControl } from './control.ts';
import { createError, EmulatorError, EmulatorErrorCodes } from './errors.ts';
import { authKind, resolvePrincipal } from './http/auth.ts';
import { API_PREFIX, type EmulatorContext, type SigningKeys } from './http/context.ts';
import { DiscordApiError, DiscordErrorCode, httpError } from './http/discord-errors.ts';
import { FaultInjector } from './http/faults.ts';
import { DEFAULT_RATE_LIMITS, mergeRateLimits, RateLimiter } from './http/rate-limit.ts';
import { redactPath, RequestLog } from './http/request-log.ts';
import { registerAuthorizeRoutes } from './oauth2/authorize.ts';
import { STYLESHEET, STYLESHEET_PATH } from './oauth2/page.ts';
import { registerTokenRoutes } from './oauth2/token.ts';
import { registerChannelRoutes } from './routes/channels.ts';
import { registerCommandRoutes } from './routes/commands.ts';
import { CONTROL_PREFIX, registerControlRoutes } from './routes/control.ts';
import { registerGuildRoutes } from './routes/guilds.ts';
import { registerInteractionRoutes } from './routes/interactions.ts';
import { registerUserRoutes } from './routes/users.ts';
import { loadSeedFile } from './seed/load.ts';
import { parseSeed, type RateLimitConfig, type Seed } from './seed/schema.ts';
import { createSnowflakeGenerator } from './snowflake.ts';
import { EmulatorState } from './state/state.ts';

/** Options of {@link startDiscordEmulator}. */
export interface DiscordEmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind; defaults to 127.0.0.1. */
  host?: string;
  /** The initial world, or the path of a seed JSON file. */
  seed: Seed | string;
  /** Overrides the seed's OAuth2 client id. */
  clientId?: string;
  /** Overrides the seed's OAuth2 client secret. */
  clientSecret?: string;
  /** Time source in Unix milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /** Rate limits merged over the defaults and the seed's. */
  rateLimits?: RateLimitConfig;
  /** Access-token lifetime in seconds; Discord's is one week. */
  tokenTtlSeconds?: number;
}

/** A running emulator. */
export interface DiscordEmulator {
  /** Base URL, e.g. `http://127.0.0.1:5311`. */
  url: string;
  /** REST base for `DISCORD_API_URL`: `url + '/api/v10'`. */
  apiUrl: string;
  /** Authorize page for `DISCORD_AUTHORIZE_URL`. */
  authorizeUrl: string;
  /**
   * The `discord` section of core's config that points at this emulator, with the seed
   * application's credentials (as given in the options). `publicKey` is null: core verifies no
   * interactions until the bot does.
   */
  coreConfig: {
    clientId: string;
    clientSecret: string;
    botToken: string;
    publicKey: null;
    apiUrl: string;
    authorizeUrl: string;
  };
  control: DiscordEmulatorControl;
  close(): Promise<void>;
}

const ONE_WEEK_SECONDS = 604_800;
// PKCS#8 header of a raw Ed25519 private key (RFC 8410); the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function rawPublicKeyHex(key: KeyObject): string {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
}

function signingKeys(seed: Seed): SigningKeys {
  const { signingKey, publicKey } = seed.application;
  if (signingKey === undefined) {
    const pair = generateKeyPairSync('ed25519');
    return { privateKey: pair.privateKey, publicKeyHex: rawPublicKeyHex(pair.publicKey) };
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(signingKey, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const derived = rawPublicKeyHex(privateKey);
  if (publicKey !== undefined && publicKey.toLowerCase() !== derived) {
    throw createError(
      EmulatorErrorCodes.invalidSeed,
      'Invalid seed: application.publicKey does not match signingKey',
      400,
    );
  }
  return { privateKey, publicKeyHex: derived };
}

interface RequestNotes {
  fault: string | null;
  rateLimited: boolean;
}

function isApiPath(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}

function sendDiscordError(reply: FastifyReply, error: DiscordApiError): FastifyReply {
  return reply.code(error.status).send(error.body);
}

/** Hooks shared by every emulated route: faults first, then rate limits; the log sees the outcome. */
function installHooks(
  app: FastifyInstance,
  ctx: EmulatorContext,
  notes: WeakMap<FastifyRequest, RequestNotes>,
): void {
  const record = (request: FastifyRequest, status: number) => {
    if (request.url.startsWith(CONTROL_PREFIX) || request.url === STYLESHEET_PATH) return;
    const note = notes.get(request);
    const principal = status === 0 ? undefined : resolvePrincipal(ctx, request);
    const template = request.routeOptions.url;
    ctx.log.add({
      at: new Date(ctx.clock.now()).toISOString(),
      method: request.method,
      path: redactPath(request.url),
      route:
        template === undefined
          ? null
          : template.startsWith(API_PREFIX)
            ? template.slice(API_PREFIX.length)
            : template,
      status,
      auth: authKind(request),
      userId: principal?.userId ?? null,
      fault: note?.fault ?? null,
      rateLimited: note?.rateLimited ?? false,
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX) || request.url === STYLESHEET_PATH) return;
    const note: RequestNotes = { fault: null, rateLimited: false };
    notes.set(request, note);
    const fault = ctx.faults.take(request.method, request.url.split('?', 1)[0] ?? '');
    if (fault) note.fault = fault.kind;
    if (fault?.kind === 'drop') {
      record(request, 0);
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'rateLimit') {
      note.rateLimited = true;
      const global = fault.global === true;
      const after = (fault.retryAfterMs / 1000).toFixed(3);
      return reply
        .code(429)
        .headers({
          'retry-after': String(Math.max(1, Math.ceil(fault.retryAfterMs / 1000))),
          'x-ratelimit-scope': global ? 'global' : 'user',
          ...(global
            ? { 'x-ratelimit-global': 'true' }
            : {
                'x-ratelimit-limit': '1',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset-after': after,
                'x-ratelimit-reset': ((ctx.clock.now() + fault.retryAfterMs) / 1000).toFixed(3),
                'x-ratelimit-bucket': 'fault',
              }),
        })
        .send({ message: 'You are being rate limited.', retry_after: Number(after), global });
    }
    if (fault?.kind === 'status') {
      // What Discord's edge answers with: JSON for a 500, Cloudflare's HTML for a 502, plain text for a 503.
      if (fault.status === 500)
        return reply.code(500).send({ message: '500: Internal Server Error', code: 0 });
      if (fault.status === 502) {
        return reply
          .code(502)
          .type('text/html; charset=utf-8')
          .send(
            '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
          );
      }
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('upstream connect error or disconnect/reset before headers. reset reason: overflow');
    }
    const template = request.routeOptions.url;
    if (template === undefined || !isApiPath(template)) return;
    const route = template.slice(API_PREFIX.length);
    const header = request.headers.authorization;
    const identity =
      header === undefined
        ? `ip:${request.ip}`
        : createHash('sha256').update(header).digest('base64url');
    const decision = ctx.limiter.check({
      identity,
      method: request.method,
      route,
      params: request.params as Record<string, string | undefined>,
      exemptFromGlobal: route.startsWith('/interactions/') || route.startsWith('/webhooks/'),
    });
    reply.headers(decision.headers);
    if (!decision.allowed) {
      note.rateLimited = true;
      return reply.code(429).send(decision.body);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    record(request, reply.statusCode);
  });
}

/** Builds the Fastify app of an emulator without listening. */
function buildApp(ctx: EmulatorContext, control: DiscordEmulatorControl): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  const notes = new WeakMap<FastifyRequest, RequestNotes>();
  app.register(formbody);
  installHooks(app, ctx, notes);

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) {
      if (error instanceof EmulatorError) {
        return reply
          .code(error.status)
          .send({ error: { code: error.code, message: error.message, details: error.details } });
      }
      const status = (error as FastifyError).statusCode ?? 500;
      const code =
        status < 500 ? EmulatorErrorCodes.invalidArgument : 'PN_DISCORD_EMULATOR_INTERNAL';
      return reply.code(status).send({ error: { code, message: error.message } });
    }
    if (error instanceof DiscordApiError) return sendDiscordError(reply, error);
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendDiscordError(
        reply,
        new DiscordApiError(
          400,
          DiscordErrorCode.invalidJson,
          'The request body contains invalid JSON.',
        ),
      );
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    return sendDiscordError(reply, httpError(status >= 400 && status < 600 ? status : 500));
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) {
      return reply.code(404).send({
        error: {
          code: 'PN_DISCORD_EMULATOR_NOT_FOUND',
          message: `No control route ${request.method} ${request.url}`,
        },
      });
    }
    return sendDiscordError(reply, httpError(404));
  });

  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(STYLESHEET),
  );
  app.register(
    async (api) => {
      registerUserRoutes(api, ctx);
      registerGuildRoutes(api, ctx);
      registerChannelRoutes(api, ctx);
      registerCommandRoutes(api, ctx);
      registerInteractionRoutes(api, ctx);
      registerTokenRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );
  app.register(async (oauth) => registerAuthorizeRoutes(oauth, ctx));
  app.register(async (controlApi) => registerControlRoutes(controlApi, control), {
    prefix: CONTROL_PREFIX,
  });
  return app;
}

/**
 * Starts an HTTP server that answers like Discord's OAuth2 and REST API (v10) over a seeded,
 * in-memory world, with a control API to change that world and to inject faults.
 */
export async function startDiscordEmulator(
  options: DiscordEmulatorOptions,
): Promise<DiscordEmulator> {
  const seed =
    typeof options.seed === 'string' ? await loadSeedFile(options.seed) : parseSeed(options.seed);
  const clock: Clock = createClock(options.now);
  const state = new EmulatorState(seed, createSnowflakeGenerator(clock.now), clock.now, {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  });
  const limits = mergeRateLimits(
    mergeRateLimits(DEFAULT_RATE_LIMITS, seed.rateLimits),
    options.rateLimits,
  );
  const ttl = options.tokenTtlSeconds ?? ONE_WEEK_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) {
    throw createError(
      EmulatorErrorCodes.invalidArgument,
      'tokenTtlSeconds must be a positive integer',
      400,
    );
  }
  const ctx: EmulatorContext = {
    state,
    clock,
    limiter: new RateLimiter(limits, clock.now),
    faults: new FaultInjector(),
    log: new RequestLog(),
    tokenTtlSeconds: ttl,
    signing: signingKeys(seed),
  };
  const control = createControl(ctx, limits);
  const app = buildApp(ctx, control);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const apiUrl = `${url}${API_PREFIX}`;
  const authorizeUrl = `${url}/oauth2/authorize`;
  return {
    url,
    apiUrl,
    authorizeUrl,
    coreConfig: {
      clientId: options.clientId ?? seed.application.clientId,
      clientSecret: options.clientSecret ?? seed.application.clientSecret,
      botToken: seed.application.botToken,
      publicKey: null,
      apiUrl,
      authorizeUrl,
    },
    control,
    close: async () => {
      await app.close();
    },
  };
}
