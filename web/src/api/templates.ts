import { api, type ApiClient, type RequestOptions } from './client.ts';

/** Where a template lives: the installation's library or one tenant's. */
export type TemplateScope = 'global' | 'tenant';

/** A template as the library lists it. */
export interface TemplateSummary {
  id: string;
  scope: TemplateScope;
  tenantId: string | null;
  slug: string;
  name: string;
  gameId: string;
  icon: string | null;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** Something a conversion could not carry over exactly. */
export interface TemplateWarning {
  code: string;
  message: string;
  /** JSON path in the source egg. */
  path?: string;
}

/** What an egg conversion did. */
export interface ConversionReport {
  format: string;
  /** The game plugin that refined the template, when one recognised the game. */
  provider?: string;
  warnings: TemplateWarning[];
}

/** One parameter of a template: JSON Schema keywords plus how it reaches the server. */
export interface TemplateParameter {
  title: string;
  description: string;
  envVariable: string;
  userViewable: boolean;
  userEditable: boolean;
  rules: string[];
  default?: unknown;
  [keyword: string]: unknown;
}

/** The parameters of a template, as one JSON Schema object. */
export interface TemplateParameters {
  type: 'object';
  properties: Record<string, TemplateParameter>;
  required: string[];
}

/** A GameTemplate spec; the panel reads the parts it shows. */
export interface TemplateSpec {
  game: { id: string; name: string; description?: string; author?: string; icon?: string };
  images: Array<{ label: string; image: string }>;
  startup: { command: string; variants: Array<{ label: string; command: string }> };
  parameters: TemplateParameters;
  ports: Array<{ name: string; containerPort: number; protocol: string; envVariable?: string }>;
  configFiles: Array<{
    path: string;
    parser: string;
    replacements: Array<{ match: string; value: string; ifValue?: string }>;
  }>;
  readiness: Array<{ match: string; regex: boolean }>;
  stop: { command?: string; signal?: string };
  install?: { image: string; entrypoint: string; script: string };
  resources: { cpu: number; memory: number; disk: number };
  features: string[];
  fileDenylist: string[];
  environment: Record<string, string>;
  warnings: TemplateWarning[];
  [key: string]: unknown;
}

/** Fields every version carries. */
export interface VersionInfo {
  version: number;
  sourceFormat: string | null;
  createdBy: string | null;
  createdAt: string;
  note: string | null;
}

/** A version with its spec. */
export interface TemplateVersion extends VersionInfo {
  spec: TemplateSpec;
  report: ConversionReport | null;
}

/** `GET /{id}`. */
export interface TemplateWithVersion {
  template: TemplateSummary;
  version: TemplateVersion;
}

/** The list query. */
export interface TemplateListQuery {
  q?: string;
  game?: string;
  scope?: 'all' | TemplateScope;
  limit?: number;
  cursor?: string;
}

/** One page of the library. */
export interface TemplatePage {
  items: TemplateSummary[];
  nextCursor: string | null;
}

/** The base of the global library; a tenant's is `/api/v1/tenants/{tenantId}/templates`. */
export const globalTemplatesBase = '/api/v1/templates';

/** The API base of one tenant's templates (its own, plus the global ones it may read). */
export function tenantTemplatesBase(tenantId: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenantId)}/templates`;
}

/**
 * The reading side of the templates routes under one base, which the panel's own pages need
 * (the server wizard's template picker, a server's settings). The templates plugin's web UI
 * builds its library on it.
 */
export function createTemplatesApi(base: string, client: ApiClient = api) {
  const id = (templateId: string) => `${base}/${encodeURIComponent(templateId)}`;
  return {
    base,
    list(query: TemplateListQuery = {}, init: RequestOptions = {}): Promise<TemplatePage> {
      return client.request('GET', base, { ...init, query: { ...query } });
    },
    get(templateId: string, init: RequestOptions = {}): Promise<TemplateWithVersion> {
      return client.request('GET', id(templateId), init);
    },
    version(templateId: string, version: number): Promise<TemplateVersion> {
      return client.request('GET', `${id(templateId)}/versions/${version}`);
    },
  };
}

/** See {@link createTemplatesApi}. */
export type TemplatesApi = ReturnType<typeof createTemplatesApi>;
