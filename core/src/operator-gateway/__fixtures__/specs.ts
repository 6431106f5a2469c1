// The SDK's test kit holds the sample tenant and server the gateway and the operator link share.
export {
  SAMPLE_TENANT as TENANT,
  sampleServerSpec as serverSpec,
  sampleTenantSpec as tenantSpec,
} from '@pteronimbus/testing';
