import { asUser, testIdentityPlugin } from '@pteronimbus/testing';

/** A stand-in identity: the caller named in `x-test-user`, a super admin with `x-test-super: 1`. */
export const identityFixture = testIdentityPlugin();

/** Headers of a super admin. */
export const ROOT = asUser('root', { superAdmin: true });
