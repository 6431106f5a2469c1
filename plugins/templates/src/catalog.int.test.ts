import { describe, expect, it } from 'vitest';
import { templateCatalogExtensionPoint, type Extensions } from '@pteronimbus/sdk';
import { asUser, useTestCore } from '@pteronimbus/testing';
import { testAccessPlugin } from './__fixtures__/access.ts';
import { ptdlEgg } from './__fixtures__/eggs.ts';
import { templatesPlugin } from './plugin.ts';

describe('template catalog', () => {
  const core = useTestCore({ plugins: [testAccessPlugin, templatesPlugin] });
  const catalog = () => {
    const extensions = (core().app as unknown as { pn: { extensions: Extensions } }).pn.extensions;
    const found = extensions.get(templateCatalogExtensionPoint)[0];
    if (!found) throw new Error('no catalog offered');
    return found;
  };

  it("serves a tenant's own templates by version, without the egg they came from", async () => {
    const res = await core().inject({
      method: 'POST',
      url: '/api/v1/tenants/ta/templates/import',
      headers: asUser('user-alice'),
      payload: { content: JSON.stringify(ptdlEgg('Catalogued')) },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().results[0].template.id as string;

    const current = await catalog().getVersion({ tenantId: 'ta' }, id);
    expect(current).toMatchObject({ templateId: id, version: 1, name: 'Catalogued' });
    expect(current?.spec.game.name).toBe('Catalogued');
    expect(current?.spec).not.toHaveProperty('source');
    expect(await catalog().getVersion({ tenantId: 'ta' }, id, 1)).toEqual(current);
    expect(await catalog().latestVersion({ tenantId: 'ta' }, id)).toBe(1);

    expect(await catalog().getVersion({ tenantId: 'ta' }, id, 2)).toBeNull();
    expect(await catalog().getVersion({ tenantId: 'tb' }, id)).toBeNull();
    expect(await catalog().latestVersion({ tenantId: 'tb' }, id)).toBeNull();
    expect(await catalog().getVersion({ tenantId: 'ta' }, 'missing')).toBeNull();
  });
});
