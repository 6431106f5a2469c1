import { Type } from 'typebox';
import { createError, createExtensionPoint, definePlugin } from '@pteronimbus/sdk';

/** A greeting service other plugins can offer and use, to prove typed extension points. */
export const greeterExtensionPoint = createExtensionPoint<{ greet(name: string): string }>(
  'fixtures.greeter',
);

const Teapot = createError('PN_FIXTURE_TEAPOT', 'I am a teapot', 418);

export const alphaPlugin = definePlugin<{ greeting: string; limit: number }>({
  name: 'alpha',
  version: '1.2.3',
  description: 'Offers a greeter and owns a table',
  permissions: [{ key: 'alpha.read', group: 'alpha', label: 'Read alpha' }],
  capabilities: {
    games: [{ id: 'alpha-game', name: 'Alpha' }],
    ui: {
      tenantPages: [
        {
          id: 'notes',
          path: 'alpha',
          titleKey: 'plugins.alpha.title',
          icon: 'star',
          permission: 'alpha.read',
        },
      ],
    },
  },
  configSchema: Type.Object({
    greeting: Type.String({ default: 'hello', minLength: 1 }),
    limit: Type.Integer({ default: 3, minimum: 1, maximum: 10 }),
  }),
  database: {
    migrations: [
      {
        name: '0001_notes',
        up: ['create table "alpha_notes" ("id" serial primary key, "text" text not null)'],
        down: ['drop table "alpha_notes"'],
      },
    ],
  },
  register(app, ctx) {
    app.decorate('alphaOnly', true);
    ctx.services.extensions.provide(greeterExtensionPoint, {
      greet: (name) => `${ctx.config.greeting}, ${name}`,
    });
    app.get('/alpha/config', { config: { public: true } }, async () => ctx.config);
    app.get('/alpha/teapot', { config: { public: true } }, async () => {
      throw Teapot({ hint: 'short and stout' });
    });
    app.get('/alpha/boom', { config: { public: true } }, async () => {
      throw new Error('secret internal detail');
    });
    app.post(
      '/alpha/notes',
      {
        config: { public: true },
        schema: {
          body: Type.Object(
            { text: Type.String({ minLength: 1, maxLength: 50 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { text } = request.body as { text: string };
        const rows = await ctx.services.db.query<{ id: number }>(
          'insert into "alpha_notes" ("text") values ($1) returning "id"',
          [text],
        );
        await ctx.services.audit.record({
          actor: { type: 'system' },
          action: 'alpha.note.create',
          source: 'api',
          requestId: request.id,
          target: { type: 'note', id: String(rows[0]!.id) },
        });
        return reply.status(201).send({ id: rows[0]!.id });
      },
    );
    app.get('/alpha/private', { config: { authenticated: true } }, async () => ({ ok: true }));
    app.get('/tenants/:tenantId/alpha', { config: { permission: 'alpha.read' } }, async () => ({
      ok: true,
    }));
  },
});

export const betaPlugin = definePlugin({
  name: 'beta',
  version: '0.1.0',
  dependsOn: ['alpha'],
  routePrefix: '/api/v1/beta',
  register(app, ctx) {
    const greeters = ctx.services.extensions.get(greeterExtensionPoint);
    app.get('/greet', { config: { public: true } }, async () => ({
      greetings: greeters.map((g) => g.greet('beta')),
      sawAlphaDecorator: app.hasDecorator('alphaOnly'),
    }));
    app.get('/kv', { config: { public: true } }, async () => {
      await ctx.services.kv.set('k', 'v');
      return { value: await ctx.services.kv.get('k') };
    });
  },
});

export const undeclaredPlugin = definePlugin({
  name: 'undeclared',
  version: '0.1.0',
  register(app) {
    app.get('/undeclared', async () => ({ oops: true }));
  },
});

export const brokenPlugin = definePlugin({
  name: 'broken',
  version: '0.1.0',
  register() {
    throw new Error('cannot start');
  },
});
