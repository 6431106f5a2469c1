import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { convertEgg, isPnError, type GameProvider, type TemplateWarning } from '@pteronimbus/sdk';
import { BadRequest } from '../errors/codes.ts';
import { FIRST_PARTY_PLUGINS } from '../plugins/loader.ts';

const EGG_EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** What converting one egg file gave. */
export interface EggFileResult {
  file: string;
  ok: boolean;
  format?: string;
  provider?: string;
  warnings: TemplateWarning[];
  error?: { code: string; message: string; path?: string; expected?: string };
}

/** Options of {@link convertEggFiles}. */
export interface ConvertEggFilesOptions {
  providers: readonly GameProvider[];
  json: boolean;
  out: (line: string) => void;
}

/** Every egg file under `target` (or `target` itself), in a stable order. */
export async function findEggFiles(target: string): Promise<string[]> {
  let info;
  try {
    info = await stat(target);
  } catch {
    throw BadRequest(`${target} does not exist`);
  }
  if (!info.isDirectory()) return [target];
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && EGG_EXTENSIONS.has(extname(entry.name).toLowerCase()))
        found.push(path);
    }
  };
  await walk(target);
  return found;
}

function isGameProvider(value: unknown): value is GameProvider {
  const p = value as Partial<GameProvider> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.id === 'string' &&
    typeof p.matches === 'function' &&
    typeof p.refine === 'function'
  );
}

/**
 * The game providers of the installed first-party game plugins: every exported value that is a
 * `GameProvider` (by convention `provider`, or a `providers` list). Game plugins that are not
 * installed are skipped. Nothing of a plugin runs but its module's top level.
 */
export async function loadGameProviders(
  specifiers: readonly string[] = FIRST_PARTY_PLUGINS.filter((n) => n.includes('/plugin-game-')),
  importModule: (specifier: string) => Promise<Record<string, unknown>> = (s) => import(s),
): Promise<GameProvider[]> {
  const providers: GameProvider[] = [];
  for (const specifier of specifiers) {
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(specifier);
    } catch (err) {
      // Not installed is fine; a game plugin that fails to load is a bug worth seeing.
      if (/Cannot find (package|module)|ERR_MODULE_NOT_FOUND/.test((err as Error).message ?? ''))
        continue;
      throw err;
    }
    for (const value of Object.values(mod)) {
      for (const candidate of Array.isArray(value) ? value : [value]) {
        if (isGameProvider(candidate) && !providers.includes(candidate)) providers.push(candidate);
      }
    }
  }
  return providers;
}

async function convertFile(
  file: string,
  label: string,
  providers: readonly GameProvider[],
): Promise<EggFileResult> {
  try {
    const { report } = convertEgg(await readFile(file), { providers });
    return {
      file: label,
      ok: true,
      format: report.format,
      ...(report.provider ? { provider: report.provider } : {}),
      warnings: report.warnings,
    };
  } catch (err) {
    if (!isPnError(err)) {
      return {
        file: label,
        ok: false,
        warnings: [],
        error: { code: 'PN_INTERNAL', message: (err as Error).message ?? String(err) },
      };
    }
    const details = err.details ?? {};
    return {
      file: label,
      ok: false,
      warnings: [],
      error: {
        code: err.code,
        message: err.message,
        ...(typeof details.path === 'string' ? { path: details.path } : {}),
        ...(typeof details.expected === 'string' ? { expected: details.expected } : {}),
      },
    };
  }
}

function describe(result: EggFileResult): string {
  if (result.error) {
    const { code, path, expected, message } = result.error;
    return path !== undefined && expected !== undefined
      ? `error ${code} at ${path}: expected ${expected}`
      : `error ${code}: ${message}`;
  }
  const via = result.provider ? ` [${result.provider}]` : '';
  if (result.warnings.length === 0) return `ok${via}`;
  const codes = [...new Set(result.warnings.map((w) => w.code))].join(', ');
  const n = result.warnings.length;
  return `ok with ${n} warning${n === 1 ? '' : 's'} (${codes})${via}`;
}

/**
 * `pteronimbus eggs convert <file-or-folder>`: converts every egg and prints one line per egg
 * and a summary (or one JSON document with `json`). Returns 1 when any egg failed.
 */
export async function convertEggFiles(
  target: string,
  options: ConvertEggFilesOptions,
): Promise<number> {
  const files = await findEggFiles(target);
  const isFolder = files.length !== 1 || files[0] !== target;
  const results: EggFileResult[] = [];
  for (const file of files) {
    const label = isFolder ? relative(target, file) : basename(file);
    const result = await convertFile(file, label, options.providers);
    results.push(result);
    if (!options.json) options.out(`${label}: ${describe(result)}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  const withWarnings = results.filter((r) => r.ok && r.warnings.length > 0).length;
  const summary = {
    total: results.length,
    ok: results.length - failed,
    withWarnings,
    failed,
    providers: options.providers.map((p) => p.id),
  };
  if (options.json) options.out(JSON.stringify({ eggs: results, summary }));
  else
    options.out(
      `${summary.total} egg${summary.total === 1 ? '' : 's'}: ${summary.ok} ok (${withWarnings} with warnings), ${failed} failed` +
        (summary.providers.length ? `; game providers: ${summary.providers.join(', ')}` : ''),
    );
  return failed > 0 ? 1 : 0;
}
