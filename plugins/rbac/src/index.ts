export { rbacPlugin } from './plugin.ts';
export type { RbacConfig } from './plugin.ts';
// The resolver and its pure parts, for benchmarks and for the Discord bot's own checks.
export { PermissionResolver } from './resolver.ts';
export { computeEffective, explain, holds } from './effective.ts';
export type { Effective, Explanation, Mapping, TenantFacts } from './effective.ts';
export { RbacStore } from './store.ts';
export { MEMBER_CHANGED_TOPIC } from './sync.ts';
export type { MemberChanged, SyncResult } from './sync.ts';
