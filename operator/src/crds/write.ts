// Writes the generated CRDs into the chart: `npm run crds -w @pteronimbus/operator`.
import { mkdir, writeFile } from 'node:fs/promises';
import { CHART_CRD_DIR, renderedCrdFiles } from './render.ts';

await mkdir(CHART_CRD_DIR, { recursive: true });
for (const { file, content } of renderedCrdFiles()) {
  await writeFile(new URL(file, CHART_CRD_DIR), content);
  console.log(`wrote charts/pteronimbus/crds/${file}`);
}
