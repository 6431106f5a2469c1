// The workspace packages of this repository, read from the root package.json's `workspaces`, and
// their build order: a package builds after every workspace package it depends on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {{ name: string, dir: string, pkg: Record<string, any> }} Workspace */

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/**
 * Every workspace package: `{ name, dir, pkg }`, `dir` relative to the repository root.
 * @returns {Workspace[]}
 */
export function workspaces() {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = rootPkg.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .sort();
  });
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      return { name: pkg.name, dir, pkg };
    });
}

/**
 * A package meant to be installed from the registry: not private, and built to `dist/`.
 * @param {Workspace} ws
 */
export function isPublishable(ws) {
  return ws.pkg.private !== true && typeof ws.pkg.scripts?.build === 'string';
}

/**
 * The workspace packages this one needs built first (optional peers excepted).
 * @param {Workspace} ws
 * @param {Set<string>} names
 * @returns {string[]}
 */
export function workspaceDeps(ws, names) {
  const optionalPeers = new Set(
    Object.entries(ws.pkg.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta?.optional === true)
      .map(([name]) => name),
  );
  const deps = new Set([
    ...Object.keys(ws.pkg.dependencies ?? {}),
    ...Object.keys(ws.pkg.devDependencies ?? {}),
    ...Object.keys(ws.pkg.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name)),
  ]);
  return [...deps].filter((name) => names.has(name) && name !== ws.name);
}

/**
 * The packages with a build script, each after the workspace packages it depends on (directly
 * or through packages without a build). Throws on a dependency cycle, naming it.
 * @returns {Workspace[]}
 */
export function buildOrder(all = workspaces()) {
  const byName = new Map(all.map((ws) => [ws.name, ws]));
  const names = new Set(byName.keys());
  const order = [];
  const state = new Map();
  const visit = (ws, path) => {
    if (state.get(ws.name) === 'done') return;
    if (state.get(ws.name) === 'visiting') {
      throw new Error(`dependency cycle: ${[...path, ws.name].join(' -> ')}`);
    }
    state.set(ws.name, 'visiting');
    // A devDependency serves the package's own tests, not its build (core's tests use the test
    // kit, which depends on core): only what it needs at run time orders the build.
    const runtime = new Set([
      ...Object.keys(ws.pkg.dependencies ?? {}),
      ...Object.keys(ws.pkg.peerDependencies ?? {}),
    ]);
    for (const dep of workspaceDeps(ws, names))
      if (runtime.has(dep)) visit(byName.get(dep), [...path, ws.name]);
    state.set(ws.name, 'done');
    if (typeof ws.pkg.scripts?.build === 'string') order.push(ws);
  };
  for (const ws of all) visit(ws, []);
  return order;
}
