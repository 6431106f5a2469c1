// The whole test gate: lint, typecheck, then every Vitest project with coverage.
// Ends with one line "N passed, N failed" (tests plus the lint and typecheck gates).
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function run(cmd, cmdArgs, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const env = { ...process.env };
if (!env.TEST_DATABASE_URL && (await reachable('127.0.0.1', 5432)))
  env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
if (!env.TEST_REDIS_URL && (await reachable('127.0.0.1', 6379)))
  env.TEST_REDIS_URL = 'redis://127.0.0.1:6379';
console.log(
  `database for tests: ${env.TEST_DATABASE_URL ?? 'a container when Docker is there, else the embedded PostgreSQL'}`,
);
console.log(`redis for tests: ${env.TEST_REDIS_URL ?? 'in-process (single-node) only'}`);

let passed = 0;
let failed = 0;
const gate = async (name, cmd, cmdArgs) => {
  console.log(`\n== ${name}`);
  const code = await run(cmd, cmdArgs, env);
  if (code === 0) passed++;
  else {
    failed++;
    console.log(`${name} FAILED (exit ${code})`);
  }
};

const quick = args.includes('--no-gates');
if (!quick) {
  await gate('lint', 'npx', ['eslint', '.']);
  await gate('format', 'npx', ['prettier', '--check', '.']);
  // Every TypeScript package in one `tsc -b` over the root tsconfig.json's project references.
  await gate('typecheck', 'npx', ['tsc', '-b', 'tsconfig.json']);
  if (
    existsSync(join(root, 'web', 'package.json')) &&
    JSON.parse(readFileSync(join(root, 'web', 'package.json'), 'utf8')).scripts?.typecheck
  ) {
    await gate('typecheck web', 'npm', ['run', 'typecheck', '-w', '@pteronimbus/web']);
  }
}

mkdirSync(join(root, 'coverage'), { recursive: true });
const report = join(root, 'coverage', 'vitest-report.json');
console.log('\n== tests');
const vitestArgs = [
  'vitest',
  'run',
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...args.filter((a) => a !== '--no-gates'),
];
const code = await run('npx', vitestArgs, env);
let tests = { numPassedTests: 0, numFailedTests: 0 };
try {
  tests = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.log('no test report was written');
}
passed += tests.numPassedTests;
failed += tests.numFailedTests;
if (code !== 0 && tests.numFailedTests === 0) {
  // A failing coverage threshold or a crashed run fails the gate even when every test passed.
  failed++;
  console.log(`vitest exited with ${code} (coverage thresholds or a run error)`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
