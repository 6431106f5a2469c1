import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chooseImage,
  parameterEnvironment,
  type GamePortRule,
  type GameServerSpec,
  type GameTemplateSpec,
  type TenantSpec,
} from '@pteronimbus/sdk';
import type { ResourceLimits } from '../config/schema.ts';
import type { ServerRecord } from './store.ts';

/** Hex SHA-256 of a value's canonical JSON: equal documents, equal hashes. */
export const documentHash = (value: unknown) =>
  createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

/**
 * The GameTemplate object of one template version in a tenant namespace. Each version is its own
 * object, so servers pinned to different versions of one template run side by side.
 */
export function templateObjectName(templateId: string, version: number): string {
  const name = `${templateId}-v${version}`;
  if (name.length <= 63) return name;
  return `t${createHash('sha256').update(templateId).digest('hex').slice(0, 40)}-v${version}`;
}

/**
 * The signed GameServer spec core wants for a server. Its image is chosen from the template's by
 * the value of the template's image parameter (`chooseImage`), so changing that parameter moves
 * the server to another image.
 */
export function gameServerSpec(
  server: ServerRecord,
  template: GameTemplateSpec,
  deleteWithServer = false,
): GameServerSpec {
  const parameters = parameterEnvironment(template.parameters, server.parameters);
  return {
    tenantId: server.tenantId,
    displayName: server.name,
    template: {
      name: templateObjectName(server.templateId, server.templateVersion),
      version: String(server.templateVersion),
    },
    image: chooseImage(template, parameters).image,
    parameters,
    resources: { ...server.resources },
    desiredState: server.desiredState,
    exposure: server.exposure,
    storage: { deleteWithServer },
    installGeneration: server.installGeneration,
    stopGracePeriodSeconds: server.stopGraceSeconds,
  };
}

/** The ports a template's servers take traffic on, as namespace network rules. */
export function gamePortRules(templates: readonly GameTemplateSpec[]): GamePortRule[] {
  const seen = new Map<string, GamePortRule>();
  for (const template of templates)
    for (const port of template.ports)
      for (const protocol of port.protocol === 'TCPUDP'
        ? (['TCP', 'UDP'] as const)
        : [port.protocol])
        seen.set(`${protocol}/${port.containerPort}`, { protocol, port: port.containerPort });
  return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/**
 * The Tenant document's spec: the tenant's quota, always finite (its own settings within the
 * ceiling a super admin set, the ceiling where unset), and its game ports.
 */
export function tenantSpec(quota: ResourceLimits, gamePorts: GamePortRule[]): TenantSpec {
  return {
    quota: {
      cpu: quota.cpuMillicores,
      memory: quota.memoryMb,
      disk: quota.diskGb * 1024,
      servers: quota.servers,
    },
    gamePorts,
  };
}
