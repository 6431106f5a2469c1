// The usage contract lives in the SDK so that core's servers can answer it; kept here under its
// old names so that nothing importing it from the plugin breaks.
export {
  templateUsageExtensionPoint,
  type TemplateUsage,
  type TemplateUsageRef as TemplateRef,
  type TemplateUser,
} from '@pteronimbus/sdk';
