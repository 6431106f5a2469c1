import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One benchmark's outcome, rendered as a section of docs/benchmarks.md. */
export interface BenchSection {
  /** Stable id; the section between its markers is replaced on each run. */
  id: string;
  title: string;
  /** Markdown body: a table and a verdict against the goal. */
  body: string;
}

export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

const HEADER = `# Benchmarks

Measured with \`npm run bench\` (all suites) or \`npm run bench -- <suite>\`. Each section says the
machine and date it was measured on; numbers from different machines are not comparable.
Goals are recorded here, never asserted in timed tests.
`;

/** Replaces (or appends) each section in the benchmarks document. */
export function writeSections(file: string, sections: BenchSection[]): void {
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  for (const s of sections) {
    const start = `<!-- bench:${s.id}:start -->`;
    const end = `<!-- bench:${s.id}:end -->`;
    const block = `${start}\n## ${s.title}\n\n${s.body.trim()}\n${end}`;
    const i = doc.indexOf(start);
    const j = doc.indexOf(end);
    doc =
      i >= 0 && j > i
        ? doc.slice(0, i) + block + doc.slice(j + end.length)
        : `${doc.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(file, doc);
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
