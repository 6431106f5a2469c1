export {
  allCrds,
  gameServerCrd,
  gameTemplateCrd,
  type CustomResourceDefinition,
} from './definitions.ts';
export { CHART_CRD_DIR, renderCrd, renderedCrdFiles } from './render.ts';
export { installCrds } from './install.ts';
export { toStructural, type JsonSchema } from './structural.ts';
