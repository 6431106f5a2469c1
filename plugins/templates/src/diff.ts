/** One difference between two JSON values. */
export interface DiffEntry {
  /** JSON path of the value, e.g. `$.parameters.properties.PORT.default`. */
  path: string;
  op: 'added' | 'removed' | 'changed';
  /** Absent for `added`. */
  before?: unknown;
  /** Absent for `removed`. */
  after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

function walk(before: unknown, after: unknown, path: string, out: DiffEntry[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      const p = childPath(path, key);
      if (!Object.hasOwn(after, key)) out.push({ path: p, op: 'removed', before: before[key] });
      else walk(before[key], after[key], p, out);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key))
        out.push({ path: childPath(path, key), op: 'added', after: after[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) walk(before[i], after[i], childPath(path, i), out);
    for (let i = common; i < before.length; i++)
      out.push({ path: childPath(path, i), op: 'removed', before: before[i] });
    for (let i = common; i < after.length; i++)
      out.push({ path: childPath(path, i), op: 'added', after: after[i] });
    return;
  }
  if (!Object.is(before, after)) out.push({ path, op: 'changed', before, after });
}

/**
 * The structural difference between two JSON documents, leaf by leaf: objects are compared by
 * key (key order does not matter, as in `jsonb`), arrays by position.
 */
export function diffJson(before: unknown, after: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(before, after, '$', out);
  return out;
}

/** Whether two JSON documents hold the same data, whatever the key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return diffJson(a, b).length === 0;
}
