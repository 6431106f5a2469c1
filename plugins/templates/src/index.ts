export { templatesPlugin, TemplatesConfigSchema, type TemplatesConfig } from './plugin.ts';
export {
  templateUsageExtensionPoint,
  type TemplateRef,
  type TemplateUsage,
  type TemplateUser,
} from './usage.ts';
export { diffJson, type DiffEntry } from './diff.ts';
export { TEMPLATE_ERRORS } from './errors.ts';
