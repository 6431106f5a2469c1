import type { PermissionDeclaration } from '@pteronimbus/sdk';

const g = (group: string, keys: string[]): PermissionDeclaration[] =>
  keys.map((key) => ({
    key,
    group,
    label: `permissions.${key}.label`,
    description: `permissions.${key}.description`,
  }));

/**
 * The permissions core declares. Plugins add their own (backups, schedules, ...); read-only
 * resources (logs, metrics, audit) only ever have a read permission.
 */
export const CORE_PERMISSIONS: readonly PermissionDeclaration[] = Object.freeze([
  ...g('servers', [
    'server.read',
    'server.create',
    'server.update',
    'server.delete',
    'server.start',
    'server.stop',
    'server.restart',
  ]),
  ...g('console', [
    'server.console.read',
    'server.console.write',
    'server.logs.read',
    'server.metrics.read',
  ]),
  ...g('files', ['server.files.read', 'server.files.write']),
  ...g('templates', ['template.read', 'template.manage']),
  ...g('tenant', [
    'tenant.members.read',
    'tenant.roles.manage',
    'tenant.settings.manage',
    'audit.read',
  ]),
]);
