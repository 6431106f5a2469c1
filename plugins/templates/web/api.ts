import {
  api,
  createTemplatesApi,
  type ApiClient,
  type ConversionReport,
  type RequestOptions,
  type TemplateSummary,
  type TemplateWithVersion,
  type VersionInfo,
} from '@pteronimbus/web/plugin';

export type {
  ConversionReport,
  TemplateListQuery,
  TemplatePage,
  TemplateScope,
  TemplateSpec,
  TemplateSummary,
  TemplateVersion,
  TemplateWarning,
  TemplateWithVersion,
} from '@pteronimbus/web/plugin';

/** A version as the history lists it. */
export interface VersionSummary extends VersionInfo {
  warnings: number;
}

/** One difference between two versions. */
export interface DiffChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** `GET /{id}/diff`. */
export interface TemplateDiff {
  from: number;
  to: number;
  changes: DiffChange[];
}

/** The outcome of one egg in an import. */
export type ImportResult =
  | {
      index: number;
      ok: true;
      template: TemplateSummary;
      version: number;
      report: ConversionReport;
    }
  | {
      index: number;
      ok: false;
      error: { code: string; message: string; details?: Record<string, unknown> };
    };

/** `POST /import`. */
export interface ImportReply {
  created: number;
  failed: number;
  results: ImportResult[];
}

/** What an import carries: eggs as text, or a URL core fetches one from. */
export type ImportBody = { note?: string } & ({ eggs: string[] } | { url: string });

/** Formats a template exports to. */
export const exportFormats = ['ptdl_v2', 'plcn_v3'] as const;
/** See {@link exportFormats}. */
export type ExportFormat = (typeof exportFormats)[number];

/** How many eggs one import request may carry (core's limit). */
export const importBatchLimit = 50;
/** The largest egg core accepts. */
export const maxEggBytes = 1024 * 1024;

/**
 * The templates routes under one base (`/api/v1/templates` for the global library,
 * `/api/v1/tenants/{tenantId}/templates` for one tenant's): the panel's reading side plus
 * what the library manages (import, delete, history, diff, rollback, export).
 */
export function createTemplateLibraryApi(base: string, client: ApiClient = api) {
  const id = (templateId: string) => `${base}/${encodeURIComponent(templateId)}`;
  return {
    ...createTemplatesApi(base, client),
    import(body: ImportBody): Promise<ImportReply> {
      return client.request('POST', `${base}/import`, { body });
    },
    remove(templateId: string): Promise<void> {
      return client.request('DELETE', id(templateId));
    },
    versions(
      templateId: string,
      init: RequestOptions = {},
    ): Promise<{ template: TemplateSummary; versions: VersionSummary[] }> {
      return client.request('GET', `${id(templateId)}/versions`, init);
    },
    diff(
      templateId: string,
      range: { from: number; to: number },
      init: RequestOptions = {},
    ): Promise<TemplateDiff> {
      return client.request('GET', `${id(templateId)}/diff`, { ...init, query: range });
    },
    rollback(templateId: string, version: number): Promise<TemplateWithVersion> {
      return client.request('POST', `${id(templateId)}/rollback`, { body: { version } });
    },
    exportEgg(templateId: string, format: ExportFormat, version?: number): Promise<unknown> {
      return client.request('GET', `${id(templateId)}/export`, { query: { format, version } });
    },
  };
}

/** See {@link createTemplateLibraryApi}. */
export type TemplateLibraryApi = ReturnType<typeof createTemplateLibraryApi>;
export { globalTemplatesBase, tenantTemplatesBase } from '@pteronimbus/web/plugin';
