export { LIMIT_KEYS, EXPOSURES, LimitsService } from './service.ts';
export type { InstallationPolicy, QuotaSettings, TenantLimits } from './service.ts';
export { LimitsStore } from './store.ts';
export type { Exposure, InstallRequest, PartialLimits, TenantLimitsRow } from './store.ts';
export { limitsRoutes } from './routes.ts';
export type { LimitsRoutesOptions } from './routes.ts';
