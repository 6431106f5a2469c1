import {
  LINK_ANNOTATIONS,
  keyId,
  signDocument,
  type GameServerSpec,
  type GameTemplateSpec,
} from '@pteronimbus/sdk';
import type { KeyObject } from 'node:crypto';
import type { KubeObject } from '../src/kube/client.ts';
import {
  ANNOTATION_REVISION,
  ANNOTATION_SIGNATURE,
  API_VERSION,
  LABEL_TEMPLATE_VERSION,
} from '../src/names.ts';

/** The cluster id the reconciler tests run their operator with; fixtures are signed for it. */
export const TEST_CLUSTER = 'test-cluster';

/** A small but complete template: install script, two ports, a config patch, a readiness line. */
export function templateSpec(overrides: Partial<GameTemplateSpec> = {}): GameTemplateSpec {
  return {
    game: { id: 'paper', name: 'Paper' },
    images: [
      { label: 'Java 21', image: 'ghcr.io/example/java:21' },
      { label: 'Java 17', image: 'ghcr.io/example/java:17' },
    ],
    startup: { command: 'java -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}', variants: [] },
    parameters: {
      type: 'object',
      properties: {
        SERVER_JARFILE: {
          title: 'Jar',
          description: 'The jar to run.',
          default: 'server.jar',
          envVariable: 'SERVER_JARFILE',
          userViewable: true,
          userEditable: true,
          rules: ['required', 'string'],
        },
      },
      required: ['SERVER_JARFILE'],
    },
    ports: [
      { name: 'game', containerPort: 25565, protocol: 'TCP' },
      { name: 'voice', containerPort: 24454, protocol: 'TCPUDP' },
    ],
    configFiles: [
      {
        path: 'server.properties',
        parser: 'properties',
        replacements: [{ match: 'server-port', value: '{{server.port}}' }],
      },
    ],
    readiness: [{ match: 'Done (', regex: false }],
    stop: { command: 'stop' },
    install: {
      image: 'ghcr.io/example/installer:1',
      entrypoint: 'bash',
      script: 'echo installing',
    },
    resources: { cpu: 1000, memory: 1024, disk: 2048 },
    features: [],
    fileDenylist: [],
    environment: { JAVA_OPTS: '-Dfile.encoding=UTF-8' },
    warnings: [],
    ...overrides,
  };
}

/** A server spec with every defaulted field written out, as core signs it. */
export function serverSpec(
  tenantId: string,
  overrides: Partial<GameServerSpec> = {},
): GameServerSpec {
  return {
    tenantId,
    template: { name: 'paper', version: '1' },
    parameters: {},
    resources: { cpu: 1000, memory: 1024, disk: 2048 },
    desiredState: 'Running',
    exposure: 'ClusterIP',
    storage: { deleteWithServer: false },
    installGeneration: 0,
    stopGracePeriodSeconds: 60,
    ...overrides,
  };
}

/** A GameTemplate object signed with `key` (or unsigned without one). */
export function signedTemplate(
  key: KeyObject | undefined,
  tenantId: string,
  namespace: string,
  name: string,
  spec: GameTemplateSpec,
  version = '1',
  clusterId = TEST_CLUSTER,
  revision = 1,
): KubeObject {
  const signature = key
    ? signDocument(
        {
          clusterId,
          revision,
          kid: keyId(key),
          kind: 'GameTemplate',
          tenantId,
          namespace,
          name,
          spec: spec as never,
          deleted: false,
        },
        key,
      )
    : undefined;
  return {
    apiVersion: API_VERSION,
    kind: 'GameTemplate',
    metadata: {
      name,
      namespace,
      labels: { [LABEL_TEMPLATE_VERSION]: version },
      ...(signature && key
        ? {
            annotations: {
              [ANNOTATION_SIGNATURE]: signature,
              [ANNOTATION_REVISION]: String(revision),
              [LINK_ANNOTATIONS.keyId]: keyId(key),
            },
          }
        : {}),
    },
    spec,
  };
}

/** A GameServer object signed with `key` for `signedTenant` (defaults to the spec's tenant). */
export function signedServer(
  key: KeyObject | undefined,
  namespace: string,
  name: string,
  spec: GameServerSpec,
  revision = 1,
  signedTenant = spec.tenantId,
  clusterId = TEST_CLUSTER,
): KubeObject {
  const signature = key
    ? signDocument(
        {
          clusterId,
          revision,
          kid: keyId(key),
          kind: 'GameServer',
          tenantId: signedTenant,
          namespace,
          name,
          spec: spec as never,
          deleted: false,
        },
        key,
      )
    : undefined;
  return {
    apiVersion: API_VERSION,
    kind: 'GameServer',
    metadata: {
      name,
      namespace,
      annotations: {
        [ANNOTATION_REVISION]: String(revision),
        ...(signature && key
          ? { [ANNOTATION_SIGNATURE]: signature, [LINK_ANNOTATIONS.keyId]: keyId(key) }
          : {}),
      },
    },
    spec,
  };
}
