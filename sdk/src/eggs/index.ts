export { EggInvalidError } from './errors.ts';
export {
  EGG_FORMATS,
  parseEgg,
  type EggConfigFile,
  type EggFormat,
  type EggInstall,
  type EggVariable,
  type ParsedEgg,
} from './parse.ts';
export {
  rulesToSchema,
  splitRules,
  type RuleWarning,
  type RuleWarningCode,
  type RulesConversion,
} from './rules.ts';
export { convertPhpRegex, type RegexConversion } from './regex.ts';
export {
  EGG_PLACEHOLDER_MAP,
  mapEggPlaceholder,
  toEggPlaceholders,
  translateEggPlaceholders,
  type EggDialect,
} from './placeholders.ts';
export { pickProvider, type GameProvider } from './provider.ts';
export {
  DEFAULT_GAME_PORT,
  DEFAULT_RESOURCES,
  convertEgg,
  slugify,
  type ConversionReport,
  type ConversionResult,
  type ConversionWarningCode,
  type ConvertEggOptions,
} from './convert.ts';
export { exportToPlcnV3, exportToPtdlV2, type ExportEggOptions } from './export.ts';
