// Runs the benchmark suites named on the command line (all by default) and writes their sections
// into docs/benchmarks.md.
import { fileURLToPath } from 'node:url';
import { writeSections, type BenchSection } from './report.ts';
import { authBench } from './auth.bench.ts';
import { eggsBench } from './eggs.bench.ts';
import { operatorBench } from './operator.bench.ts';
import { rbacBench } from './rbac.bench.ts';
import { registryBench } from './registry.bench.ts';
import { serversBench } from './servers.bench.ts';
import { streamBench } from './stream.bench.ts';
import { webBench } from './web.bench.ts';

const suites: Record<string, () => Promise<BenchSection>> = {
  registry: registryBench,
  auth: authBench,
  eggs: eggsBench,
  rbac: rbacBench,
  operator: operatorBench,
  stream: streamBench,
  servers: serversBench,
  web: webBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(suites);
const file = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  console.log(`running ${name}...`);
  const section = await suite();
  writeSections(file, [section]);
  console.log(section.body);
}
