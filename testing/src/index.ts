/**
 * The test kit: start a real core with your plugin loaded and a fresh database, call it with
 * `inject()`, and have everything removed afterwards.
 *
 * @example
 * import { useTestCore } from '@pteronimbus/testing';
 * const core = useTestCore({ plugins: [helloPlugin] });
 * it('answers', async () => {
 *   const res = await core().inject({ method: 'GET', url: '/api/v1/hello' });
 *   expect(res.statusCode).toBe(200);
 * });
 */
export { startTestCore, useTestCore } from './core.ts';
export type { TestCore, TestCoreOptions } from './core.ts';
export { createTestDatabase, resolveTestRedisUrl } from './services.ts';
export type { TestDatabase } from './services.ts';
export { communityEgg, communityEggs } from './community-eggs.ts';
export { asUser, testIdentityPlugin } from './identity.ts';
export type { TestIdentityOptions } from './identity.ts';
export { SAMPLE_TENANT, sampleServerSpec, sampleTenantSpec } from './specs.ts';
export { DEFAULT_FUZZ_SEED, fuzzParameters } from './fuzz.ts';
export type { FuzzOptions } from './fuzz.ts';
