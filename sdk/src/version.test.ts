import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from './version.ts';
describe('sdk', () => {
  it('has a version', () => {
    expect(SDK_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
