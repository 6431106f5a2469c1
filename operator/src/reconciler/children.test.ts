import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverSpec, templateSpec } from '../../test/fixtures.ts';
import {
  RuntimeProblem,
  buildDataClaim,
  buildEnvSecret,
  buildFilesConfigMap,
  buildInstallJob,
  buildService,
  buildStatefulSet,
  childBase,
  childName,
  exposedPorts,
  resolveRuntime,
  withAppliedHash,
  type Runtime,
} from './children.ts';
import { DEFAULT_OPERATOR_IMAGE } from '../names.ts';
import { applyConfigPatches, type FilePatch } from '../patcher/apply.ts';
import { DATA_DIR, ENTRYPOINT, READY_FILE, SCRIPT_DIR } from './scripts.ts';
import type { GameServer, GameTemplate } from './types.ts';

const template: GameTemplate = {
  metadata: { name: 'paper', namespace: 'pn-t1', uid: 't' },
  spec: templateSpec(),
};
const server = (overrides: Parameters<typeof serverSpec>[1] = {}): GameServer => ({
  metadata: { name: 's1', namespace: 'pn-t1', uid: 'uid-1', generation: 1 },
  spec: serverSpec('t1', overrides),
});
const runtime = (overrides: Parameters<typeof serverSpec>[1] = {}): Runtime =>
  resolveRuntime(server(overrides), template, 'c1') as Runtime;

describe('names', () => {
  it('keeps short names and hashes long ones within limits', () => {
    expect(childName('s1', 'game')).toBe('s1');
    expect(childName('s1', 'install', 3)).toBe('s1-install-3');
    const long = 'x'.repeat(100);
    expect(childBase(long)).toHaveLength(40);
    expect(childBase(long)).not.toBe(childBase(`${'x'.repeat(99)}y`));
  });
});

describe('resolveRuntime', () => {
  it('renders the startup command from parameters and built-ins', () => {
    const rt = runtime({ parameters: { SERVER_JARFILE: 'paper.jar' } });
    expect(rt.env).toMatchObject({
      STARTUP: 'java -Xmx"${SERVER_MEMORY}"M -jar "${SERVER_JARFILE}"',
      SERVER_JARFILE: 'paper.jar',
      SERVER_PORT: '25565',
      P_SERVER_LOCATION: 'c1',
      P_SERVER_UUID: 'uid-1',
      P_SERVER_ALLOCATION_LIMIT: '1',
      JAVA_OPTS: '-Dfile.encoding=UTF-8',
      TZ: 'UTC',
    });
    expect(rt.image).toBe('ghcr.io/example/java:21');
  });

  it('accepts only images of the template', () => {
    expect(
      (resolveRuntime(server({ image: 'ghcr.io/example/java:17' }), template, 'c') as Runtime)
        .image,
    ).toBe('ghcr.io/example/java:17');
    expect(resolveRuntime(server({ image: 'evil/miner' }), template, 'c')).toBeInstanceOf(
      RuntimeProblem,
    );
  });

  it('moves a port to its parameter value and splits TCPUDP', () => {
    const t: GameTemplate = {
      ...template,
      spec: templateSpec({
        ports: [{ name: 'game', containerPort: 7777, protocol: 'TCPUDP', envVariable: 'PORT' }],
      }),
    };
    expect(exposedPorts(t, { PORT: '8888' })).toEqual([
      { name: 'game', port: 8888, protocol: 'TCP' },
      { name: 'game-udp', port: 8888, protocol: 'UDP' },
    ]);
    expect(exposedPorts(t, { PORT: 'nope' })[0]!.port).toBe(7777);
  });
});

describe('builders', () => {
  it('put the environment in a Secret', () => {
    const secret = buildEnvSecret(runtime()) as { data: Record<string, string> };
    expect(Buffer.from(secret.data.SERVER_JARFILE!, 'base64').toString()).toBe('server.jar');
  });

  it('run one replica with the console attached, readiness from the marker file, and the stop command', () => {
    const sts = buildStatefulSet(runtime(), 1, 'h') as never as {
      metadata: { ownerReferences: unknown[] };
      spec: {
        replicas: number;
        template: {
          spec: {
            terminationGracePeriodSeconds: number;
            initContainers: unknown[];
            containers: Record<string, unknown>[];
          };
        };
      };
    };
    expect(sts.spec.replicas).toBe(1);
    expect(sts.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'GameServer', uid: 'uid-1', controller: true }),
    ]);
    const pod = sts.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(60);
    expect(pod.initContainers).toEqual([
      expect.objectContaining({
        image: DEFAULT_OPERATOR_IMAGE,
        args: ['apply-config', `${SCRIPT_DIR}/patches.json`, DATA_DIR],
        securityContext: expect.objectContaining({ allowPrivilegeEscalation: false }),
        // Exactly the game's resources, so the pod's quota charge is the server's.
        resources: {
          requests: { cpu: '1000m', memory: '1024Mi' },
          limits: { cpu: '1000m', memory: '1024Mi' },
        },
      }),
    ]);
    const other = buildStatefulSet(runtime(), 1, 'h', 'registry.example/op:1') as never as {
      spec: { template: { spec: { initContainers: { image: string }[] } } };
    };
    expect(other.spec.template.spec.initContainers[0]!.image).toBe('registry.example/op:1');
    expect(pod.containers[0]).toMatchObject({
      stdin: true,
      tty: false,
      env: [{ name: 'PN_STOP_COMMAND', value: 'stop' }],
      readinessProbe: { exec: { command: ['test', '-f', READY_FILE] } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: expect.arrayContaining(['NET_RAW', 'DAC_OVERRIDE', 'SETFCAP']) },
      },
      resources: { limits: { cpu: '1000m', memory: '1024Mi' } },
    });
    const bySignal = resolveRuntime(
      server(),
      { ...template, spec: templateSpec({ stop: { signal: 'SIGINT' }, configFiles: [] }) },
      'c',
    ) as Runtime;
    const sts2 = buildStatefulSet(bySignal, 0, 'h') as never as {
      spec: {
        replicas: number;
        template: { spec: { initContainers: unknown[]; containers: { env: unknown }[] } };
      };
    };
    expect(sts2.spec.replicas).toBe(0);
    expect(sts2.spec.template.spec.initContainers).toEqual([]);
    expect(sts2.spec.template.spec.containers[0]!.env).toEqual([
      { name: 'PN_STOP_SIGNAL', value: 'SIGINT' },
    ]);
  });

  it('size the volume from the disk and expose ports by type', () => {
    const claim = buildDataClaim(
      runtime({ storage: { deleteWithServer: false, storageClassName: 'fast' } }),
    ) as never as { spec: unknown };
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '2048Mi' } },
      storageClassName: 'fast',
    });
    expect(
      (buildDataClaim(runtime(), false).metadata as { ownerReferences?: unknown }).ownerReferences,
    ).toBeUndefined();
    const service = buildService(runtime({ exposure: 'LoadBalancer' })) as never as {
      spec: { type: string; ports: unknown[] };
    };
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports).toHaveLength(3);
  });

  it('build the install Job of the current generation only when the template has one', () => {
    const job = buildInstallJob(runtime({ installGeneration: 2 })) as never as {
      metadata: { name: string };
      spec: { backoffLimit: number };
    };
    expect(job.metadata.name).toBe('s1-install-2');
    expect(job.spec.backoffLimit).toBe(0);
    const noInstall = resolveRuntime(
      server(),
      { ...template, spec: templateSpec({ install: undefined }) },
      'c',
    ) as Runtime;
    expect(buildInstallJob(noInstall)).toBeUndefined();
  });

  it('fence the install Job in: deadline, no retry, seccomp, no escalation, only the capabilities installing needs', () => {
    type Pod = {
      runtimeClassName?: string;
      automountServiceAccountToken: boolean;
      securityContext: unknown;
      containers: {
        securityContext: unknown;
        resources: { requests: Record<string, string>; limits: Record<string, string> };
      }[];
    };
    type Job = {
      spec: {
        backoffLimit: number;
        activeDeadlineSeconds: number;
        ttlSecondsAfterFinished?: number;
        template: { spec: Pod };
      };
    };
    const job = buildInstallJob(runtime()) as never as Job;
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBe(1800);
    // Kept after it ends: its output stays readable and it records the installed generation.
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    const pod = job.spec.template.spec;
    expect(pod.runtimeClassName).toBeUndefined();
    expect((pod as { hostUsers?: boolean }).hostUsers).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0]!.securityContext).toEqual({
      privileged: false,
      allowPrivilegeEscalation: false,
      capabilities: {
        drop: ['ALL'],
        add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'SETGID', 'SETUID'],
      },
    });
    // The server's CPU and memory (so the quota charge is the server's) and bounded scratch space.
    expect(pod.containers[0]!.resources).toEqual({
      requests: { cpu: '1000m', memory: '1024Mi', 'ephemeral-storage': '256Mi' },
      limits: { cpu: '1000m', memory: '1024Mi', 'ephemeral-storage': '2Gi' },
    });

    const sandboxed = buildInstallJob(runtime(), {
      runtimeClassName: 'gvisor',
      installDeadlineSeconds: 600,
      userNamespaces: true,
    }) as never as Job;
    expect(sandboxed.spec.activeDeadlineSeconds).toBe(600);
    expect(sandboxed.spec.template.spec).toMatchObject({
      runtimeClassName: 'gvisor',
      hostUsers: false,
    });
  });

  it('run game pods under the seccomp default, with the runtime class the cluster names', () => {
    type Pod = {
      runtimeClassName?: string;
      securityContext: unknown;
      automountServiceAccountToken: boolean;
      containers: { securityContext: Record<string, unknown> }[];
    };
    const podOf = (o: unknown) => (o as { spec: { template: { spec: Pod } } }).spec.template.spec;
    const pod = podOf(buildStatefulSet(runtime(), 1, 'h'));
    expect(pod.runtimeClassName).toBeUndefined();
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0]!.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    const kata = podOf(
      buildStatefulSet(runtime(), 1, 'h', DEFAULT_OPERATOR_IMAGE, {
        runtimeClassName: 'kata',
        installDeadlineSeconds: 1800,
        userNamespaces: true,
      }),
    );
    expect(kata).toMatchObject({ runtimeClassName: 'kata', hostUsers: false });
  });

  it('stamp a hash that changes with the content only', () => {
    const a = withAppliedHash(buildService(runtime()));
    const b = withAppliedHash(buildService(runtime()));
    const c = withAppliedHash(buildService(runtime({ exposure: 'NodePort' })));
    expect(a.metadata?.annotations).toEqual(b.metadata?.annotations);
    expect(a.metadata?.annotations).not.toEqual(c.metadata?.annotations);
  });
});

/** The scripts with their fixed paths moved into a temporary folder, so they can run here. */
function localScript(script: string, dir: string): string {
  return script
    .replaceAll(READY_FILE, '@READY@')
    .replaceAll('/tmp/pn-output', '@FIFO@')
    .replaceAll(DATA_DIR, '@DATA@')
    .replaceAll(SCRIPT_DIR, '@SCRIPTS@')
    .replaceAll('@READY@', join(dir, 'ready'))
    .replaceAll('@FIFO@', join(dir, 'fifo'))
    .replaceAll('@DATA@', join(dir, 'data'))
    .replaceAll('@SCRIPTS@', join(dir, 'pn'));
}

describe('scripts', () => {
  it('render config patches that the apply-config step applies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripts-'));
    writeFileSync(join(dir, 'server.properties'), 'motd=hi\nserver-port=1\n');
    const files = JSON.parse(
      (buildFilesConfigMap(runtime()) as never as { data: Record<string, string> }).data[
        'patches.json'
      ]!,
    ) as FilePatch[];
    expect(applyConfigPatches(dir, files).map((o) => o.outcome)).toEqual(['patched']);
    expect(readFileSync(join(dir, 'server.properties'), 'utf8')).toBe(
      'motd=hi\nserver-port=25565\n',
    );
  });

  it('mark the server ready when the readiness line appears, and not before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripts-'));
    execFileSync('mkdir', ['-p', join(dir, 'pn'), join(dir, 'data')]);
    writeFileSync(
      join(dir, 'pn', 'readiness'),
      (buildFilesConfigMap(runtime()) as never as { data: { readiness: string } }).data.readiness,
    );
    const script = localScript(ENTRYPOINT, dir);
    const out = execFileSync('sh', ['-c', script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        STARTUP: `echo loading; test -f ${join(dir, 'ready')} || echo not-yet; echo 'Done (1.2s)!'; sleep 0.3`,
      },
    });
    expect(out).toContain('loading\nnot-yet\nDone (1.2s)!');
    expect(existsSync(join(dir, 'ready'))).toBe(true);
  });

  it('start the game with parameter values as data, never as shell code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripts-'));
    execFileSync('mkdir', ['-p', join(dir, 'pn'), join(dir, 'data')]);
    writeFileSync(join(dir, 'pn', 'readiness'), '');
    const jar = `x.jar; touch ${join(dir, 'pwned')}; echo $(touch ${join(dir, 'pwned2')})`;
    const hostile: GameTemplate = {
      ...template,
      spec: {
        ...template.spec,
        startup: {
          command: "printf '<%s>\\n' -jar {{SERVER_JARFILE}} -Xmx{{SERVER_MEMORY}}M",
          variants: [],
        },
      },
    };
    const rt = resolveRuntime(
      server({ parameters: { SERVER_JARFILE: jar } }),
      hostile,
      'c1',
    ) as Runtime;
    // The pod's environment is the env Secret, as `envFrom` gives it.
    const out = execFileSync('sh', ['-c', localScript(ENTRYPOINT, dir)], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...rt.env },
    });
    expect(out).toBe(`<-jar>\n<${jar}>\n<-Xmx1024M>\n`);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'pwned2'))).toBe(false);
  });
});
