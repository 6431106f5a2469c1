// The init step of every game pod whose template patches config files: `apply-config`, run from
// the operator's own image (it needs Node and the `yaml` package, which game images lack).
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { patchText, type Parser } from './formats.ts';
import type { Replacement } from './values.ts';

/** The node address, known only in the pod; the operator writes this marker in its place. */
export const NODE_IP_MARKER = '@@PN_NODE_IP@@';

/** One config file and its patches, as the operator writes them to `patches.json`. */
export interface FilePatch {
  path: string;
  parser: Parser;
  replacements: Replacement[];
}

/** What happened to one file. */
export interface PatchOutcome {
  path: string;
  outcome: 'patched' | 'created' | 'unchanged' | 'failed';
  error?: string;
}

/** The file inside `root`, or `undefined` when the path (or a link on it) leads outside. */
function inside(root: string, path: string): string | undefined {
  const realRoot = realpathSync(root);
  const target = resolve(realRoot, path.replace(/^\/+/, ''));
  const within = (p: string) => p === realRoot || p.startsWith(realRoot + sep);
  if (!within(target)) return undefined;
  // A link the game left on the volume must not send a write elsewhere.
  let probe = target;
  while (!existsSync(probe)) probe = dirname(probe);
  return within(realpathSync(probe)) ? target : undefined;
}

/**
 * Applies every file's patches under `root` (the server's files). A missing file is created, with
 * its folders, owned like `root` so the game can write it. A file that cannot be parsed is left
 * as it is and reported; the others are still patched, as Wings does, so one broken file does
 * not keep the server from starting.
 */
export function applyConfigPatches(root: string, files: FilePatch[], nodeIp = ''): PatchOutcome[] {
  const owner = statSync(root);
  return files.map((file): PatchOutcome => {
    const target = inside(root, file.path);
    if (!target)
      return { path: file.path, outcome: 'failed', error: 'the path leaves the server folder' };
    try {
      const existed = existsSync(target);
      const before = existed ? readFileSync(target, 'utf8') : '';
      const replacements = file.replacements.map((r) => ({
        ...r,
        value: r.value.replaceAll(NODE_IP_MARKER, nodeIp),
      }));
      const after = patchText(file.parser, before, replacements);
      if (existed && after === before) return { path: file.path, outcome: 'unchanged' };
      if (!existed) {
        const made = mkdirSync(dirname(target), { recursive: true });
        // Folders made here belong to the game's user, like the file.
        if (made) {
          for (let d = dirname(target); d.length >= made.length; d = dirname(d)) {
            chownSync(d, owner.uid, owner.gid);
          }
        }
      }
      // Written in place, so an existing file keeps its owner and mode.
      writeFileSync(target, after);
      if (!existed) chownSync(target, owner.uid, owner.gid);
      return { path: file.path, outcome: existed ? 'patched' : 'created' };
    } catch (err) {
      return { path: file.path, outcome: 'failed', error: (err as Error).message };
    }
  });
}

/**
 * The `apply-config <patches.json> <folder>` command: applies the patches, prints one JSON line
 * per file to the container log, and exits 0 even when a file failed (reported as a warning).
 */
export function runApplyConfigCommand(args: string[], env: NodeJS.ProcessEnv): PatchOutcome[] {
  const [patchesPath = '/pn/patches.json', root = '/home/container'] = args;
  const files = JSON.parse(readFileSync(patchesPath, 'utf8')) as FilePatch[];
  const outcomes = applyConfigPatches(root, files, env.PN_NODE_IP ?? '');
  for (const o of outcomes) {
    const level = o.outcome === 'failed' ? 'warn' : 'info';
    process.stdout.write(`${JSON.stringify({ level, msg: 'config file', ...o })}\n`);
  }
  return outcomes;
}
