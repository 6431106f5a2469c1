import { KubeConfig } from '@kubernetes/client-node';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import { API_VERSION } from '../names.ts';
import { installCrds } from './install.ts';

const NS = 'pn-crdtest';

const templateSpec = {
  game: { id: 'paper', name: 'Paper' },
  images: [{ label: 'Java 21', image: 'ghcr.io/example/java:21' }],
  startup: { command: 'java -jar {{SERVER_JARFILE}}', variants: [] },
  parameters: {
    type: 'object',
    properties: {
      SERVER_JARFILE: {
        title: 'Jar',
        description: '',
        default: 'server.jar',
        envVariable: 'SERVER_JARFILE',
        userViewable: true,
        userEditable: true,
        rules: ['required', 'string'],
        type: 'string',
        maxLength: 64,
      },
    },
    required: ['SERVER_JARFILE'],
  },
  ports: [{ name: 'game', containerPort: 25565, protocol: 'TCP' }],
  configFiles: [],
  readiness: [{ match: 'Done (', regex: false }],
  stop: { command: 'stop' },
  resources: { cpu: 1000, memory: 2048, disk: 4096 },
  features: [],
  fileDenylist: [],
  environment: {},
  warnings: [],
};

const serverSpec = {
  tenantId: 'crdtest',
  template: { name: 'paper', version: '1' },
  resources: { cpu: 1000, memory: 2048, disk: 4096 },
  desiredState: 'Running',
};

function object(kind: string, name: string, spec: unknown): KubeObject {
  return { apiVersion: API_VERSION, kind, metadata: { name, namespace: NS }, spec };
}

describe('generated CRDs on a real apiserver', () => {
  let kube: KubeHandle;
  let client: KubeClient;

  beforeAll(async () => {
    kube = await startKube({ gc: false });
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    client = new KubeClient(kc);
    await installCrds(client);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  afterAll(async () => {
    await client?.close();
    await kube?.stop();
  });

  it('are accepted as structural, with their CEL rules compiled', async () => {
    const crd = await client.get<{ status: { conditions: { type: string; status: string }[] } }>(
      'CustomResourceDefinition',
      undefined,
      'gametemplates.pteronimbus.io',
    );
    const problems = crd!.status.conditions.filter(
      (c) => c.type === 'NonStructuralSchema' && c.status === 'True',
    );
    expect(problems).toEqual([]);
  });

  it('stores a valid GameTemplate, keeping free-form parameter keywords', async () => {
    const created = await vi.waitFor(
      () => client.create(object('GameTemplate', 'paper', templateSpec)),
      converge,
    );
    const spec = created.spec as typeof templateSpec;
    expect(spec.parameters.properties.SERVER_JARFILE.maxLength).toBe(64);
    expect(spec.parameters.properties.SERVER_JARFILE.default).toBe('server.jar');
  });

  it('refuses a template with both a stop command and a stop signal', async () => {
    await expect(
      client.create(
        object('GameTemplate', 'both', {
          ...templateSpec,
          stop: { command: 'stop', signal: 'SIGINT' },
        }),
      ),
    ).rejects.toThrow(/exactly one of command and signal/);
  });

  it('refuses a template whose required parameter is undefined, or with duplicate port names', async () => {
    await expect(
      client.create(
        object('GameTemplate', 'req', {
          ...templateSpec,
          parameters: { ...templateSpec.parameters, required: ['NOPE'] },
        }),
      ),
    ).rejects.toThrow(/every required parameter must be defined/);
    const port = templateSpec.ports[0]!;
    await expect(
      client.create(
        object('GameTemplate', 'dup', {
          ...templateSpec,
          ports: [port, { ...port, containerPort: 1 }],
        }),
      ),
    ).rejects.toThrow(/Duplicate value/);
  });

  it('defaults a GameServer and refuses bad values', async () => {
    const created = await client.create(object('GameServer', 'one', serverSpec));
    expect(created.spec).toMatchObject({
      exposure: 'ClusterIP',
      installGeneration: 0,
      stopGracePeriodSeconds: 60,
      parameters: {},
      storage: { deleteWithServer: false },
    });
    await expect(
      client.create(object('GameServer', 'bad', { ...serverSpec, desiredState: 'Paused' })),
    ).rejects.toThrow(/Unsupported value: "Paused"/);
    await expect(
      client.create(
        object('GameServer', 'bad', { ...serverSpec, resources: { cpu: 0, memory: 1, disk: 1 } }),
      ),
    ).rejects.toThrow(/spec.resources.cpu/);
  });

  it('keeps the tenant of a GameServer immutable', async () => {
    await expect(
      client.mergePatch('GameServer', NS, 'one', { spec: { tenantId: 'other' } }),
    ).rejects.toThrow(/tenantId is immutable/);
  });

  it('accepts a status through the subresource only', async () => {
    await client.mergePatch('GameServer', NS, 'one', { status: { phase: 'Running' } });
    expect(
      ((await client.get('GameServer', NS, 'one'))!.status as object | undefined)?.valueOf(),
    ).toBeUndefined();
    await client.mergePatch(
      'GameServer',
      NS,
      'one',
      { status: { phase: 'Running', restartCount: 2 } },
      'status',
    );
    expect((await client.get('GameServer', NS, 'one'))!.status).toEqual({
      phase: 'Running',
      restartCount: 2,
    });
  });
});
