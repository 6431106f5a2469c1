import { Type, type Static } from 'typebox';
import {
  definePlugin,
  gameProviderExtensionPoint,
  shippedEggsExtensionPoint,
  templateCatalogExtensionPoint,
} from '@pteronimbus/sdk';
import { templateCatalog } from './catalog.ts';
import { createLibrary, type TemplateLibrary } from './library.ts';
import { templateMigrations } from './migrations.ts';
import { templateRoutes } from './routes.ts';
import { deleteTenantTemplates, poolSql } from './store.ts';
import { templateUsageExtensionPoint } from './usage.ts';

/** Config of the templates plugin. */
export const TemplatesConfigSchema = Type.Object({
  allowPrivateUrls: Type.Boolean({
    default: false,
    description:
      'Let URL imports reach private, loopback and link-local addresses and plain http (an internal egg mirror, a lab). Off by default: an import URL could otherwise probe the cluster network.',
  }),
  urlImportLimit: Type.Object(
    {
      max: Type.Integer({ minimum: 1, maximum: 10_000, default: 10 }),
      windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 600 }),
    },
    {
      default: {},
      description:
        'URL imports one tenant (or the global library) may ask for per window, across replicas: each makes core fetch a URL on the caller’s behalf.',
    },
  ),
});

/** See {@link TemplatesConfigSchema}. */
export type TemplatesConfig = Static<typeof TemplatesConfigSchema>;

const URL_TIMEOUT_MS = 10_000;

// One library per running core: onReady needs the instance that register built.
const libraries = new WeakMap<object, TemplateLibrary>();
const subscriptions = new WeakMap<object, () => Promise<void>>();

/**
 * The templates library: eggs imported as versioned GameTemplates, global or per tenant, with
 * diff, rollback and export; the eggs game plugins ship become global templates at start-up.
 */
export const templatesPlugin = definePlugin<TemplatesConfig>({
  name: 'templates',
  version: '0.1.0',
  description: 'Imports eggs as versioned GameTemplates, with diff, rollback and export.',
  configSchema: TemplatesConfigSchema,
  capabilities: {
    ui: {
      // The library, for one Discord server and for the installation; the code is in ../web.
      tenantPages: [
        {
          id: 'library',
          path: 'templates',
          titleKey: 'plugins.templates.nav',
          icon: 'library_books',
          permission: 'template.read',
        },
      ],
      adminPages: [
        {
          id: 'library',
          path: 'templates',
          titleKey: 'plugins.templates.nav',
          icon: 'library_books',
        },
      ],
    },
  },
  database: { migrations: templateMigrations },
  async register(app, ctx) {
    const { services } = ctx;
    const library = createLibrary({
      db: services.db,
      audit: services.audit,
      logger: services.logger,
      providers: () => services.extensions.get(gameProviderExtensionPoint),
      usage: () => services.extensions.get(templateUsageExtensionPoint),
    });
    libraries.set(services, library);
    services.extensions.provide(templateCatalogExtensionPoint, templateCatalog(library));
    const options = {
      allowPrivateUrls: ctx.config.allowPrivateUrls,
      urlTimeoutMs: URL_TIMEOUT_MS,
      rateLimiter: services.rateLimiter,
      urlImportLimit: ctx.config.urlImportLimit,
    };
    templateRoutes(app, library, 'global', options);
    templateRoutes(app, library, 'tenant', options);
    // A tenant uninstalled without keeping its data takes its own templates with it.
    const unsubscribe = await services.events.subscribe<{ tenantId: string; keepData: boolean }>(
      'tenant.uninstalled',
      (event) => {
        if (event.payload.keepData) return;
        deleteTenantTemplates(poolSql(services.db), event.payload.tenantId).catch((err: unknown) =>
          services.logger.warn(
            { err, tenantId: event.payload.tenantId },
            'could not delete the templates of an uninstalled tenant',
          ),
        );
      },
    );
    subscriptions.set(services, unsubscribe);
  },
  async onClose(ctx) {
    await subscriptions.get(ctx.services)?.();
  },
  async onReady(ctx) {
    const library = libraries.get(ctx.services);
    if (!library) return;
    const offers = ctx.services.extensions.get(shippedEggsExtensionPoint);
    if (offers.length === 0) return;
    const summary = await library.importShipped(offers);
    ctx.services.logger.info(summary, 'shipped eggs imported');
  },
});
