// What the structured parsers share: how a dotted `match` becomes a path, how `ifValue` narrows a
// replacement, and which type a written value takes.

/** One patch of a config file, with its value already rendered by the operator. */
export interface Replacement {
  match: string;
  value: string;
  ifValue?: string;
}

/** One segment of a parsed `match`: a key, a list index, or `*` (every key or item). */
export type Segment = string | number | typeof ANY;

/** The wildcard segment. */
export const ANY: unique symbol = Symbol('any');

/**
 * Splits a `match` as eggs write it: `a.b.c`, `list[0].host`, `servers.*.address`, and a bare
 * number after a dot (`listen.0`), which indexes a list when the value there is one.
 */
export function parsePath(match: string): Segment[] {
  const out: Segment[] = [];
  for (const part of match.split('.')) {
    const m = /^(.*?)((?:\[\d+\])+)$/.exec(part);
    const key = m ? m[1]! : part;
    if (key === '*') out.push(ANY);
    else if (key !== '') out.push(key);
    if (m) for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/**
 * Applies `ifValue`: without it the new value replaces the old one; with it, only an old value
 * containing `ifValue` changes, and only that part (`regex:` makes it a regular expression).
 * Returns `undefined` when nothing should change.
 */
export function replaced(current: string | undefined, r: Replacement): string | undefined {
  if (r.ifValue === undefined) return r.value;
  if (current === undefined) return undefined;
  if (r.ifValue.startsWith('regex:')) {
    const re = new RegExp(r.ifValue.slice('regex:'.length), 'g');
    return re.test(current) ? current.replace(re, r.value) : undefined;
  }
  return current.includes(r.ifValue) ? current.split(r.ifValue).join(r.value) : undefined;
}

/**
 * The typed form of a written value. An existing value keeps its type when the new text fits it
 * (a numeric password that was a string stays a string); a new key takes a number for an integer,
 * a boolean for `true`/`false`, else the text.
 */
export function typed(text: string, current: unknown): string | number | boolean {
  const asNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
  const asBoolean = text === 'true' ? true : text === 'false' ? false : undefined;
  if (typeof current === 'string') return text;
  if (typeof current === 'number') return asNumber ?? text;
  if (typeof current === 'boolean') return asBoolean ?? text;
  if (asNumber !== undefined && Number.isSafeInteger(asNumber)) return asNumber;
  return asBoolean ?? text;
}

/** The text form of a value read from a structured file, for `ifValue`. */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value as string);
}

/** One place to write: the concrete path, and the value found there now (if any). */
export interface Target {
  path: (string | number)[];
  current: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The concrete paths a parsed `match` names in a plain JSON value. A wildcard expands to every
 * key or item present; a missing key is kept as written, so it is created. A key that itself holds
 * dots (`"server.name"`) is matched when the object has it, longest first.
 */
export function resolveTargets(root: unknown, segments: Segment[]): Target[] {
  const out: Target[] = [];
  const walk = (node: unknown, rest: Segment[], path: (string | number)[]): void => {
    if (rest.length === 0) {
      out.push({ path, current: node });
      return;
    }
    const [head, ...tail] = rest;
    if (head === ANY) {
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, tail, [...path, i]));
      else if (isObject(node)) for (const k of Object.keys(node)) walk(node[k], tail, [...path, k]);
      return;
    }
    if (Array.isArray(node) && /^\d+$/.test(String(head))) {
      walk(node[Number(head)], tail, [...path, Number(head)]);
      return;
    }
    if (isObject(node)) {
      // A literal key containing dots wins over descending one segment at a time.
      for (let n = rest.length; n > 1; n--) {
        const parts = rest.slice(0, n);
        if (parts.some((p) => typeof p !== 'string')) continue;
        const joined = parts.join('.');
        if (Object.hasOwn(node, joined)) {
          walk(node[joined], rest.slice(n), [...path, joined]);
          return;
        }
      }
      walk(Object.hasOwn(node, head as string) ? node[head as string] : undefined, tail, [
        ...path,
        typeof head === 'number' ? head : head!,
      ]);
      return;
    }
    // Nothing here yet: the rest of the path is created as written (wildcards create nothing).
    if (tail.includes(ANY)) return;
    out.push({ path: [...path, ...(rest as (string | number)[])], current: undefined });
  };
  walk(root, segments, []);
  return out;
}

/** Sets `value` at `path` in a plain JSON value, creating objects (or list items) on the way. */
export function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let node: unknown = root;
  path.forEach((key, i) => {
    const last = i === path.length - 1;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const next = container[key];
    if (typeof next !== 'object' || next === null) {
      container[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = container[key];
  });
}
