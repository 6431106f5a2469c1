import { describe, expect, it } from 'vitest';
import { resourcePath, resourceType } from './resources.ts';

describe('resourcePath', () => {
  it('builds core, group, cluster-wide and subresource paths', () => {
    expect(resourcePath('Pod', { namespace: 'a', name: 'p' })).toBe('/api/v1/namespaces/a/pods/p');
    expect(resourcePath('StatefulSet')).toBe('/apis/apps/v1/statefulsets');
    expect(
      resourcePath('GameServer', { namespace: 'pn-1', name: 's', subresource: 'status' }),
    ).toBe('/apis/pteronimbus.io/v1alpha1/namespaces/pn-1/gameservers/s/status');
    expect(resourcePath('Namespace', { namespace: 'ignored', name: 'x' })).toBe(
      '/api/v1/namespaces/x',
    );
  });

  it('refuses a kind it does not know', () => {
    expect(() => resourceType('Gadget')).toThrow(/unknown kind/);
  });
});
