import type { TemplateSummary, TemplateWithVersion } from '../api/templates.ts';

/** A template as the library lists it. */
export function templateSummary(overrides: Partial<TemplateSummary> = {}): TemplateSummary {
  return {
    id: '0190f5f2-0000-7000-8000-000000000001',
    scope: 'global',
    tenantId: null,
    slug: 'paper',
    name: 'Paper',
    gameId: 'minecraft',
    icon: null,
    currentVersion: 1,
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    ...overrides,
  };
}

/** The library's first page after the shipped eggs were imported. */
export const shippedPage = {
  items: [
    templateSummary(),
    templateSummary({
      id: '0190f5f2-0000-7000-8000-000000000002',
      slug: 'vanilla-minecraft',
      name: 'Vanilla Minecraft',
    }),
    templateSummary({
      id: '0190f5f2-0000-7000-8000-000000000003',
      slug: 'valheim',
      name: 'Valheim',
      gameId: 'valheim',
    }),
  ],
  nextCursor: 'cursor-2',
};

/** A template with its current version, as `GET /{id}` answers. */
export function templateWithVersion(): TemplateWithVersion {
  return {
    template: templateSummary({ currentVersion: 2 }),
    version: {
      version: 2,
      sourceFormat: 'PTDL_v2',
      createdBy: null,
      createdAt: '2026-01-06T10:00:00.000Z',
      note: null,
      report: { format: 'PTDL_v2', provider: 'minecraft-java', warnings: [] },
      spec: {
        game: { id: 'minecraft-java', name: 'Paper' },
        images: [{ label: 'Java 21', image: 'ghcr.io/pterodactyl/yolks:java_21' }],
        startup: { command: 'java -jar {{SERVER_JARFILE}}', variants: [] },
        parameters: {
          type: 'object',
          properties: {
            SERVER_JARFILE: {
              title: 'Server jar file',
              description: 'The jar to run.',
              type: 'string',
              pattern: '^[\\w.-]+\\.jar$',
              default: 'server.jar',
              envVariable: 'SERVER_JARFILE',
              userViewable: true,
              userEditable: true,
              rules: ['required', 'regex:/^([\\w\\d._-]+)(\\.jar)$/'],
            },
          },
          required: ['SERVER_JARFILE'],
        },
        ports: [
          { name: 'game', containerPort: 25565, protocol: 'TCP', envVariable: 'SERVER_PORT' },
        ],
        configFiles: [],
        readiness: [{ match: ')! For help, type ', regex: false }],
        stop: { command: 'stop' },
        resources: { cpu: 2000, memory: 4096, disk: 10240 },
        features: ['eula'],
        fileDenylist: [],
        environment: {},
        warnings: [],
      },
    },
  };
}
