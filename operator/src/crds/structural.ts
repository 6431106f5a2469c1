import { CrdSchemaUnsupported } from '../errors.ts';

/** An OpenAPI v3 schema as a CRD holds it. */
export type JsonSchema = { [key: string]: unknown };

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

// Keywords that only make sense to a JSON Schema validator, never to the apiserver.
const DROPPED = new Set(['$id', '$schema', '$comment', 'examples', 'title']);
const UNSUPPORTED = new Set(['$ref', 'allOf', 'not', 'patternProperties', 'if', 'then', 'else']);

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An `anyOf`/`oneOf` of constants of one type is just an enum; other unions cannot be structural. */
function unionAsEnum(variants: unknown[], path: string, keyword: string): JsonSchema {
  const values: unknown[] = [];
  let type: string | undefined;
  for (const variant of variants) {
    if (!isObject(variant) || !('const' in variant)) throw CrdSchemaUnsupported(keyword, path);
    const t = typeof variant.const === 'number' ? 'number' : typeof variant.const;
    if (type !== undefined && type !== t) throw CrdSchemaUnsupported(keyword, path);
    type = t;
    values.push(variant.const);
  }
  return { type, enum: values };
}

/**
 * Turns a TypeBox (JSON Schema) definition into the structural OpenAPI v3 schema a
 * CustomResourceDefinition accepts: `const` becomes a one-value enum, unions of constants become
 * enums, `additionalProperties: true` becomes `x-kubernetes-preserve-unknown-fields`,
 * `additionalProperties: false` goes (the apiserver prunes unknown fields anyway), and anything
 * that has no structural form throws, naming where.
 */
export function toStructural(schema: unknown, path = '#'): JsonSchema {
  if (!isObject(schema)) throw CrdSchemaUnsupported(typeof schema, path);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (UNSUPPORTED.has(key)) throw CrdSchemaUnsupported(key, path);
    switch (key) {
      case 'const':
        out.enum = [value];
        break;
      case 'anyOf':
      case 'oneOf':
        Object.assign(out, unionAsEnum(value as unknown[], path, key));
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as JsonSchema).map(([name, sub]) => [
            name,
            toStructural(sub, `${path}/properties/${name}`),
          ]),
        );
        break;
      case 'items':
        out.items = toStructural(value, `${path}/items`);
        break;
      case 'additionalProperties':
        if (value === true) out[PRESERVE] = true;
        else if (isObject(value))
          out.additionalProperties = toStructural(value, `${path}/additionalProperties`);
        break;
      default:
        out[key] = value;
    }
  }
  if (out.enum !== undefined && out.type === undefined) {
    const first = (out.enum as unknown[])[0];
    out.type = typeof first === 'number' ? 'number' : typeof first;
  }
  // A map keeps no fixed properties, and a free-form object must not also list them as a map.
  if (out.properties !== undefined && out.additionalProperties !== undefined) {
    throw CrdSchemaUnsupported('properties+additionalProperties', path);
  }
  if (out.type === undefined && out[PRESERVE] !== true) {
    throw CrdSchemaUnsupported('(no type)', path);
  }
  return out;
}
