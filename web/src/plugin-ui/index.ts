/**
 * `@pteronimbus/web/plugin`: what a plugin's web UI may use from the panel. Its components are
 * compiled with the panel (ADR 008), so they share its Vue, Quasar, vue-i18n, router and Pinia;
 * beyond those, this module is the whole contract. Strings go under `plugins.<pluginId>.`.
 */
export {
  definePluginUi,
  isPluginUi,
  type LazyComponent,
  type PluginLocale,
  type PluginMessages,
  type PluginPageUi,
  type PluginSubpage,
  type PluginUi,
  type PluginUiDefinition,
} from './define.ts';

// Talking to core: the one API client (session refresh, request ids) and its coded errors.
export { api, type ApiClient, type RequestOptions } from '../api/client.ts';
export { ApiError, clientErrorCodes, toApiError } from '../api/errors.ts';
export type { Registry, RegistryPlugin } from '../api/types.ts';

// What the panel knows: the registry, the current tenant and the caller's permissions there.
export { useRegistryStore, type LoadStatus } from '../stores/registry.ts';
export { useTenantStore } from '../stores/tenant.ts';
export { useGames, gameLabel, displayableIcon, type GameInfo } from '../components/games/games.ts';

// Templates as the panel reads them (games, the server wizard); the templates plugin manages them.
export {
  createTemplatesApi,
  globalTemplatesBase,
  tenantTemplatesBase,
  type ConversionReport,
  type TemplateListQuery,
  type TemplatePage,
  type TemplateParameter,
  type TemplateParameters,
  type TemplateScope,
  type TemplateSpec,
  type TemplateSummary,
  type TemplatesApi,
  type TemplateVersion,
  type TemplateWarning,
  type TemplateWithVersion,
  type VersionInfo,
} from '../api/templates.ts';

// The panel's building blocks, so a plugin's pages look and behave like the panel's own.
export { icons } from '../components/icons.ts';
export { default as EmptyState } from '../components/EmptyState.vue';
export { default as ErrorState } from '../components/ErrorState.vue';
export { default as ForbiddenState } from '../components/ForbiddenState.vue';
export { default as LoadFailure } from '../components/LoadFailure.vue';
export { default as LoadingRows } from '../components/LoadingRows.vue';
export { default as MoreItems } from '../components/MoreItems.vue';
export { default as PageHeader } from '../components/PageHeader.vue';
export { default as TemplateIcon } from '../components/games/TemplateIcon.vue';
export { default as SchemaForm } from '../components/schema-form/SchemaForm.vue';
export { describeFields } from '../components/schema-form/schema.ts';
