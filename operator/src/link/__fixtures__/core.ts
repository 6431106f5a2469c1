import { asUser, testIdentityPlugin } from '@pteronimbus/testing';

/** A stand-in identity for core: the caller named in `x-test-user`, a super admin with `x-test-super: 1`. */
export const identityFixture = testIdentityPlugin();

/** Headers of a super admin. */
export const ROOT = asUser('root', { superAdmin: true });

// The SDK's test kit holds the sample tenant and server the gateway and the operator link share.
export {
  SAMPLE_TENANT as TENANT,
  sampleServerSpec as serverSpec,
  sampleTenantSpec as tenantSpec,
} from '@pteronimbus/testing';
