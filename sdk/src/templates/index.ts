export * from './schema.ts';
export {
  PLACEHOLDERS,
  isKnownPlaceholder,
  placeholdersIn,
  renderPlaceholders,
  type PlaceholderContext,
} from './placeholders.ts';
export {
  BUILTIN_VARIABLES,
  isBuiltinVariable,
  renderStartup,
  startupVariables,
  type BuiltinVariable,
} from './startup.ts';
export {
  formatParameterValue,
  parameterDefaults,
  parameterEnvironment,
  parseParameterValue,
  type ParameterValue,
} from './parameters.ts';
export { chooseImage } from './images.ts';
export {
  TemplateInvalidError,
  assertTemplateSpec,
  templateProblems,
  type TemplateProblem,
} from './validate.ts';
export {
  DEFAULT_STRING_MAX_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_STRING_LENGTH,
  checkPattern,
  parameterSafetyProblems,
  stringLengthLimit,
  withoutUnsafePatterns,
  type ParameterSafetyProblem,
  type PatternVerdict,
} from './safety.ts';
