import { stringify } from 'yaml';
import { allCrds, type CustomResourceDefinition } from './definitions.ts';

/** Where the chart keeps the generated CRDs, relative to this file. */
export const CHART_CRD_DIR = new URL('../../../charts/pteronimbus/crds/', import.meta.url);

const HEADER =
  '# Generated from the TypeBox schemas in @pteronimbus/sdk by `npm run crds -w @pteronimbus/operator`.\n# Do not edit: change the schema and run the script again.\n';

/** The YAML document a CRD is committed as. */
export function renderCrd(crd: CustomResourceDefinition): string {
  return HEADER + stringify(crd, { lineWidth: 0 });
}

/** Every CRD file of the chart with the content it must have. */
export function renderedCrdFiles(): { file: string; content: string }[] {
  return allCrds().map(({ file, crd }) => ({ file, content: renderCrd(crd) }));
}
