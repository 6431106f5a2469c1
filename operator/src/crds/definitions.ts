import {
  GameServerSpecSchema,
  GameServerStatusSchema,
  GameTemplateSpecSchema,
} from '@pteronimbus/sdk';
import { GAME_SERVERS, GAME_TEMPLATES, GROUP, LABEL_TEMPLATE_VERSION, VERSION } from '../names.ts';
import { toStructural, type JsonSchema } from './structural.ts';

/** A CustomResourceDefinition as plain data (what `kubectl apply` and the API take). */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: JsonSchema;
}

/** Finds the schema at a path of property names, so rules can be attached to generated schemas. */
function at(schema: JsonSchema, ...names: string[]): JsonSchema {
  let node = schema;
  for (const name of names) {
    const next = (node.properties as Record<string, JsonSchema> | undefined)?.[name];
    const target = next ?? (name === '*' ? (node.additionalProperties as JsonSchema) : undefined);
    if (target === undefined) throw new TypeError(`no property ${name} in generated schema`);
    node = target;
  }
  return node;
}

function rule(node: JsonSchema, ...rules: { rule: string; message: string }[]): void {
  node['x-kubernetes-validations'] = [
    ...((node['x-kubernetes-validations'] as unknown[]) ?? []),
    ...rules,
  ];
}

// CEL rules are priced by the worst case the schema allows; these bounds keep every rule inside
// the apiserver's budget while staying far above what any real template needs.
const MAX_PARAMETERS = 256;
const MAX_PORTS = 64;

function templateSchema(): JsonSchema {
  const spec = toStructural(GameTemplateSpecSchema);
  rule(at(spec, 'stop'), {
    rule: 'has(self.command) != has(self.signal)',
    message: 'set exactly one of command and signal',
  });
  const ports = at(spec, 'ports');
  ports.maxItems = MAX_PORTS;
  // A map-list: port names are unique, and server-side apply merges ports by name.
  ports['x-kubernetes-list-type'] = 'map';
  ports['x-kubernetes-list-map-keys'] = ['name'];
  const parameters = at(spec, 'parameters');
  const properties = at(spec, 'parameters', 'properties');
  properties.maxProperties = MAX_PARAMETERS;
  const required = at(spec, 'parameters', 'required');
  required.maxItems = MAX_PARAMETERS;
  (required.items as JsonSchema).maxLength = 128;
  at(properties, '*', 'envVariable').maxLength = 128;
  rule(
    parameters,
    {
      rule: 'self.required.all(name, name in self.properties)',
      message: 'every required parameter must be defined',
    },
    {
      rule: 'self.properties.all(key, self.properties[key].envVariable == key)',
      message: 'each parameter must be keyed by its envVariable',
    },
  );
  return {
    type: 'object',
    required: ['spec'],
    properties: { spec, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  };
}

function serverSchema(): JsonSchema {
  const spec = toStructural(GameServerSpecSchema);
  rule(at(spec, 'tenantId'), { rule: 'self == oldSelf', message: 'tenantId is immutable' });
  at(spec, 'parameters').maxProperties = MAX_PARAMETERS;
  const status = toStructural(GameServerStatusSchema);
  const conditions = at(status, 'conditions');
  conditions['x-kubernetes-list-type'] = 'map';
  conditions['x-kubernetes-list-map-keys'] = ['type'];
  return { type: 'object', required: ['spec'], properties: { spec, status } };
}

const labels = { 'app.kubernetes.io/part-of': 'pteronimbus' };

/** The GameTemplate CRD: one template version of one game, in a tenant namespace. */
export function gameTemplateCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${GAME_TEMPLATES.plural}.${GROUP}`, labels },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: {
        kind: GAME_TEMPLATES.kind,
        listKind: `${GAME_TEMPLATES.kind}List`,
        plural: GAME_TEMPLATES.plural,
        singular: GAME_TEMPLATES.singular,
        shortNames: ['gt'],
        categories: ['pteronimbus'],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Game', type: 'string', jsonPath: '.spec.game.name' },
            {
              name: 'Version',
              type: 'string',
              jsonPath: `.metadata.labels.${LABEL_TEMPLATE_VERSION.replace('.', '\\.')}`,
            },
            { name: 'Image', type: 'string', jsonPath: '.spec.images[0].image', priority: 1 },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: { openAPIV3Schema: templateSchema() },
        },
      ],
    },
  };
}

/** The GameServer CRD: one server of one tenant, run by the reconciler once core's signature checks. */
export function gameServerCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${GAME_SERVERS.plural}.${GROUP}`, labels },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: {
        kind: GAME_SERVERS.kind,
        listKind: `${GAME_SERVERS.kind}List`,
        plural: GAME_SERVERS.plural,
        singular: GAME_SERVERS.singular,
        shortNames: ['gs'],
        categories: ['pteronimbus'],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
            { name: 'Desired', type: 'string', jsonPath: '.spec.desiredState' },
            { name: 'Template', type: 'string', jsonPath: '.spec.template.name' },
            { name: 'Address', type: 'string', jsonPath: '.status.address' },
            { name: 'Restarts', type: 'integer', jsonPath: '.status.restartCount', priority: 1 },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: { openAPIV3Schema: serverSchema() },
        },
      ],
    },
  };
}

/** Both CRDs, in the order they are written to the chart. */
export function allCrds(): { file: string; crd: CustomResourceDefinition }[] {
  return [
    { file: 'gametemplates.yaml', crd: gameTemplateCrd() },
    { file: 'gameservers.yaml', crd: gameServerCrd() },
  ];
}
