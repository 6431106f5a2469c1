import { createError } from '../errors.ts';

/** Raised for a value that has no canonical JSON form (a function, a cycle, a non-finite number…). */
export const CanonicalJsonError = createError<[string]>(
  'PN_CANONICAL_JSON',
  'Value cannot be written as canonical JSON: %s',
  400,
);

/**
 * The canonical JSON text of a value: object keys sorted by UTF-16 code unit, no whitespace,
 * `undefined` object members left out (as `JSON.stringify` does). Two parties that hold equal
 * values always produce the same bytes, which is what a signature is computed over.
 *
 * Refuses values JSON cannot carry faithfully: non-finite numbers, `undefined` at the top or in
 * an array, functions, symbols, bigints and cycles.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set(), '$');
}

function write(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw CanonicalJsonError(`${path} is ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw CanonicalJsonError(`${path} is a ${typeof value}`);
  }
  const object = value as object;
  if (seen.has(object)) throw CanonicalJsonError(`${path} refers back to itself`);
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object
        .map((item, i) => {
          if (item === undefined) throw CanonicalJsonError(`${path}[${i}] is undefined`);
          return write(item, seen, `${path}[${i}]`);
        })
        .join(',')}]`;
    }
    const toJson = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return write(toJson.call(object), seen, path);
    const members = Object.keys(object)
      .filter((key) => (object as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        (key) =>
          `${JSON.stringify(key)}:${write((object as Record<string, unknown>)[key], seen, `${path}.${key}`)}`,
      );
    return `{${members.join(',')}}`;
  } finally {
    seen.delete(object);
  }
}
