// Fault: the operator link is cut in the middle of a frame, in either direction, again and again.
// What must hold: the operator reconnects and resumes after the last revision it applied; every
// published revision is applied exactly once and in order; core's applied revision reaches the
// head. The link runs through a TCP proxy that forwards half of a chunk and then drops both ends.
import { REGISTER_PATH, type DocumentMessage, type RegisterResponse } from '@pteronimbus/sdk';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { startTcpProxy, type TcpProxy } from '@pteronimbus/fault-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentApplier } from '../../src/link/apply.ts';
import { OperatorLink } from '../../src/link/link.ts';
import { MemoryRevisionStore } from '../../src/link/revisions.ts';
import {
  identityFixture,
  ROOT,
  serverSpec,
  TENANT,
  tenantSpec,
} from '../../src/link/__fixtures__/core.ts';

/** Applies nothing to a cluster: it records what it was given, in order. */
class RecordingApplier implements DocumentApplier {
  readonly applied: DocumentMessage[] = [];
  async apply(doc: DocumentMessage) {
    this.applied.push(doc);
  }
}

describe('fault: the operator link cut mid-frame', () => {
  let core: TestCore;
  let proxy: TcpProxy;
  let link: OperatorLink;
  let clusterId: string;
  const applier = new RecordingApplier();
  const revisions = new MemoryRevisionStore();
  const gateway = () => core.app.pn.operatorGateway;
  const publishServer = (name: string, motd = 'x') =>
    gateway().publish(clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name,
      // A long value makes the frame span more than one small TCP chunk.
      spec: serverSpec({ parameters: { SERVER_MEMORY: '2048', MOTD: motd.repeat(300) } }),
    });

  beforeAll(async () => {
    core = await startTestCore({ plugins: [identityFixture], listen: true });
    const token = await core.inject({
      method: 'POST',
      url: '/api/v1/admin/cluster-join-tokens',
      headers: ROOT,
      payload: { name: 'cut' },
    });
    const registered = (await (
      await fetch(new URL(REGISTER_PATH, core.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token.json().token, operatorVersion: '0.1.0' }),
      })
    ).json()) as RegisterResponse;
    clusterId = registered.clusterId;
    await core.inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${clusterId}/approve`,
      headers: ROOT,
    });
    proxy = await startTcpProxy({ port: Number(new URL(core.baseUrl!).port) });
    link = new OperatorLink({
      coreUrl: `http://127.0.0.1:${proxy.port}`,
      credential: registered.credential,
      clusterId,
      coreSigningKey: registered.coreSigningKey,
      applier,
      revisions,
      operatorVersion: '0.1.0',
      initialBackoffMs: 20,
      maxBackoffMs: 200,
      heartbeatTimeoutMs: 60_000,
    });
    const welcomed = new Promise((resolve) => link.once('welcome', resolve));
    link.start();
    await welcomed;
    await gateway().publish(clusterId, { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec });
  }, 120_000);

  afterAll(async () => {
    await link?.stop();
    await proxy?.close();
    await core?.close();
  });

  const head = async () => (await gateway().getCluster(clusterId)).headRevision;
  const settled = async () => {
    const target = await head();
    await expect.poll(() => revisions.revision, { timeout: 20_000 }).toBe(target);
    await expect
      .poll(async () => (await gateway().getCluster(clusterId)).appliedRevision, {
        timeout: 20_000,
      })
      .toBe(target);
  };

  it('a document cut in half on its way to the operator is applied once, after the reconnect', async () => {
    await settled();
    for (let round = 0; round < 3; round++) {
      const accepted = proxy.accepted;
      const cut = proxy.cutMidChunk({ minBytes: 256, direction: 'toClient' });
      await publishServer(`half-${round}`);
      expect(await cut).toBeGreaterThan(0);
      // Published while the link is down or reconnecting: must not be lost either.
      await publishServer(`while-down-${round}`, 'y');
      await settled();
      expect(proxy.accepted).toBeGreaterThan(accepted);
    }
  });

  it('an acknowledgement cut in half on its way to core makes core resend, and nothing is applied twice', async () => {
    for (let round = 0; round < 3; round++) {
      const accepted = proxy.accepted;
      const cut = proxy.cutMidChunk({ minBytes: 20, direction: 'toServer' });
      await publishServer(`ack-${round}`);
      expect(await cut).toBeGreaterThan(0);
      await publishServer(`after-ack-${round}`, 'z');
      await settled();
      expect(proxy.accepted).toBeGreaterThan(accepted);
    }
  });

  it('over all cuts, every revision was applied exactly once and in order', async () => {
    const applied = applier.applied.map((d) => d.revision);
    const target = await head();
    // Revision 1 is the Tenant document; every later one is a GameServer published above.
    expect(applied).toEqual(Array.from({ length: target }, (_, i) => i + 1));
    expect(applier.applied.map((d) => d.name).slice(1)).toEqual([
      ...[0, 1, 2].flatMap((r) => [`half-${r}`, `while-down-${r}`]),
      ...[0, 1, 2].flatMap((r) => [`ack-${r}`, `after-ack-${r}`]),
    ]);
  });
});
