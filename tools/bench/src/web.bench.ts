import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildApp, defineConfig } from '@pteronimbus/core';
import { chromium } from 'playwright-core';
import { readPluginUiBuildRecord } from '../../../web/build/pluginUi.ts';
import { fmt, machineLine, type BenchSection } from './report.ts';

const webDir = fileURLToPath(new URL('../../../web/', import.meta.url));
const distDir = join(webDir, 'dist', 'spa');
const GOAL_KIB = 250;

const kib = (bytes: number) => fmt(bytes / 1024, 1);

/** Every JavaScript file the browser fetched while `path` loaded, until the network went quiet. */
async function scriptsLoaded(baseUrl: string, path: string): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const scripts = new Set<string>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin === baseUrl && url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
    return [...scripts];
  } finally {
    await browser.close();
  }
}

function gzipped(files: readonly string[]): { raw: number; gz: number } {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(join(distDir, file));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 6 }).length;
  }
  return { raw, gz };
}

/**
 * The JavaScript a first visit loads, gzipped as a web server would send it: the login page
 * (where every visitor lands first) and the whole build for comparison. Builds the panel first.
 */
export async function webBench(): Promise<BenchSection> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST')),
  );
  const built = spawnSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'ignore', env });
  if (built.status !== 0 || !existsSync(join(distDir, 'index.html')))
    throw new Error('building the web panel failed');

  const devNull = new Writable({ write: (_c, _e, cb) => cb() });
  const core = await buildApp(
    defineConfig({
      databaseUrl: process.env.TEST_DATABASE_URL ?? null,
      dataDir: await mkdtemp(join(tmpdir(), 'pn-bench-')),
      webRoot: distDir,
      plugins: [],
    }),
    { plugins: [], logStream: devNull },
  );
  const baseUrl = await core.listen({ port: 0, host: '127.0.0.1' });
  try {
    const loginFiles = await scriptsLoaded(baseUrl, '/login');
    const login = gzipped(loginFiles);
    const all = readdirSync(join(distDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `/assets/${f}`);
    const everything = gzipped(all);
    const largest = all
      .map((f) => ({ f, gz: gzipped([f]).gz, raw: statSync(join(distDir, f)).size }))
      .sort((a, b) => b.gz - a.gz)
      .slice(0, 3);
    // Plugins' web UI (every installed first-party one) is compiled in, each page, tab, section
    // and card its own lazy chunk: none of it may be part of the first load.
    const pluginChunks = readPluginUiBuildRecord(webDir)?.chunks ?? [];
    const pluginInFirstLoad = pluginChunks.filter((chunk) => loginFiles.includes(chunk));
    if (pluginInFirstLoad.length > 0)
      throw new Error(`plugin UI in the first load: ${pluginInFirstLoad.join(', ')}`);
    const plugins = gzipped(pluginChunks);
    const verdict = login.gz / 1024 < GOAL_KIB ? 'meets the goal' : 'misses the goal';
    return {
      id: 'web',
      title: 'Web panel: JavaScript of the first load',
      body: `Machine: ${machineLine()}. The production build (\`npm run build -w @pteronimbus/web\`), served by core,
opened in Debian's Chromium; every JavaScript file fetched until the network went quiet, gzipped at
level 6 as a web server would send it.

| what | files | raw KiB | gzipped KiB |
|---|---:|---:|---:|
| first load (\`/login\`) | ${loginFiles.length} | ${kib(login.raw)} | **${kib(login.gz)}** |
| the whole build, every route | ${all.length} | ${kib(everything.raw)} | ${kib(everything.gz)} |
| plugins' web UI (lazy, none in the first load) | ${pluginChunks.length} | ${kib(plugins.raw)} | ${kib(plugins.gz)} |

Largest chunks (loaded only by the routes that need them): ${largest
        .map((c) => `\`${c.f.replace('/assets/', '')}\` ${kib(c.gz)} KiB`)
        .join(', ')}.

Goal: the shell's first load under ${GOAL_KIB} KiB of JavaScript gzipped — ${verdict}.`,
    };
  } finally {
    await core.close();
  }
}
