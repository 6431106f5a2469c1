import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { gameServerCrd, gameTemplateCrd } from './definitions.ts';
import { CHART_CRD_DIR, renderedCrdFiles } from './render.ts';
import { toStructural } from './structural.ts';

describe('toStructural', () => {
  it('turns const into a one-value enum and drops validator-only keywords', () => {
    expect(toStructural({ $id: 'x', type: 'string', const: 'object', title: 'T' })).toEqual({
      type: 'string',
      enum: ['object'],
    });
  });

  it('maps open objects onto preserve-unknown-fields and drops closed ones', () => {
    expect(
      toStructural({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: true,
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(toStructural({ type: 'object', properties: {}, additionalProperties: false })).toEqual({
      type: 'object',
      properties: {},
    });
  });

  it('keeps maps and array items structural', () => {
    expect(
      toStructural({
        type: 'array',
        items: { type: 'object', additionalProperties: { type: 'integer' } },
      }),
    ).toEqual({
      type: 'array',
      items: { type: 'object', additionalProperties: { type: 'integer' } },
    });
  });

  it('turns a union of constants into an enum', () => {
    expect(toStructural({ anyOf: [{ const: 'TCP' }, { const: 'UDP' }] })).toEqual({
      type: 'string',
      enum: ['TCP', 'UDP'],
    });
  });

  it('refuses what has no structural form, naming where', () => {
    expect(() =>
      toStructural({
        type: 'object',
        properties: { x: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      }),
    ).toThrow(/anyOf at #\/properties\/x/);
    expect(() => toStructural({ type: 'object', patternProperties: {} })).toThrow(
      expect.objectContaining({ code: 'PN_CRD_SCHEMA_UNSUPPORTED' }),
    );
    expect(() => toStructural({ description: 'untyped' })).toThrow(/no type/);
    expect(() => toStructural({ anyOf: [{ const: 'a' }, { const: 1 }] })).toThrow(/anyOf/);
  });
});

function collectKeys(node: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectKeys(n, keys));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      keys.add(k);
      // Property names are data, not keywords.
      if (k === 'properties') Object.values(v as object).forEach((n) => collectKeys(n, keys));
      else collectKeys(v, keys);
    }
  }
  return keys;
}

describe('CRDs', () => {
  it.each([
    ['GameTemplate', gameTemplateCrd()],
    ['GameServer', gameServerCrd()],
  ])('%s has a status subresource and no non-structural keyword', (_kind, crd) => {
    const version = (crd.spec.versions as { subresources: unknown; schema: unknown }[])[0]!;
    expect(version.subresources).toEqual({ status: {} });
    const keys = collectKeys(version.schema);
    for (const forbidden of ['$id', 'const', 'anyOf', 'oneOf', 'patternProperties']) {
      expect(keys.has(forbidden), forbidden).toBe(false);
    }
  });

  it('checks the stop method and the port names of templates with CEL', () => {
    const text = JSON.stringify(gameTemplateCrd());
    expect(text).toContain('has(self.command) != has(self.signal)');
    expect(text).toContain('"x-kubernetes-list-map-keys":["name"]');
  });

  it('are committed to the chart as generated (run `npm run crds -w @pteronimbus/operator`)', async () => {
    for (const { file, content } of renderedCrdFiles()) {
      const committed = await readFile(new URL(file, CHART_CRD_DIR), 'utf8');
      expect(committed, `charts/pteronimbus/crds/${file} is stale`).toBe(content);
    }
  });
});
