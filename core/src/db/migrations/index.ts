import type { PluginMigration } from '@pteronimbus/sdk';
import { migration0001AuditLog } from './0001_audit_log.ts';
import { migration0002OperatorGateway } from './0002_operator_gateway.ts';
import { migration0003Tenants } from './0003_tenants.ts';
import { migration0004Servers } from './0004_servers.ts';
import { migration0005LinkTrust } from './0005_link_trust.ts';
import { migration0006Limits } from './0006_limits.ts';

/** Core's own migrations, in the order they apply. Append; never edit one that has shipped. */
export const coreMigrations: PluginMigration[] = [
  migration0001AuditLog,
  migration0002OperatorGateway,
  migration0003Tenants,
  migration0004Servers,
  migration0005LinkTrust,
  migration0006Limits,
];
