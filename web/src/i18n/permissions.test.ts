// @vitest-environment node
import { CORE_PERMISSIONS } from '@pteronimbus/core';
import { describe, expect, it } from 'vitest';
import { messages, supportedLocales } from './locales.ts';

// The permission catalog core publishes names its labels by i18n key; the panel shows them
// through these messages. A permission added to core without its strings fails here, not in
// front of a guild admin.
function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[part]
          : undefined,
      tree,
    );
}

describe('permission strings', () => {
  const keys = [
    ...new Set(
      CORE_PERMISSIONS.flatMap((p) => [
        p.label ?? `permissions.${p.key}.label`,
        p.description ?? `permissions.${p.key}.description`,
        `permissions.groups.${p.group}`,
      ]),
    ),
  ];

  it('covers every permission core declares', () => {
    expect(keys.length).toBeGreaterThan(CORE_PERMISSIONS.length * 2);
  });

  it.each(supportedLocales)('has a label, a description and a group title for each in %s', (l) => {
    const missing = keys.filter((key) => {
      const value = lookup(messages[l], key);
      return typeof value !== 'string' || value.trim() === '';
    });
    expect(missing).toEqual([]);
  });
});
