import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  LINK_PATH,
  REGISTER_PATH,
  parseCoreMessage,
  tenantNamespace,
  keyId,
  trustKeys,
  verifyDocument,
  verifyKeySet,
  type BusEvent,
  type CoreMessage,
  type OperatorMessage,
  type RegisterResponse,
} from '@pteronimbus/sdk';
import { useTestCore } from '@pteronimbus/testing';
import { identityFixture, ROOT } from './__fixtures__/identity.ts';
import { serverSpec, TENANT, tenantSpec } from './__fixtures__/specs.ts';

interface Link {
  ws: WebSocket;
  received: CoreMessage[];
  send(message: OperatorMessage): void;
  /** Resolves once `count` frames have arrived in all. */
  until(count: number): Promise<CoreMessage[]>;
  closed: Promise<{ code: number; reason: string }>;
}

describe('operator gateway', () => {
  const core = useTestCore({ plugins: [identityFixture] });
  const gateway = () => core().app.pn.operatorGateway;

  async function joinToken(name = 'eu-west') {
    const res = await core().inject({
      method: 'POST',
      url: '/api/v1/admin/cluster-join-tokens',
      headers: ROOT,
      payload: { name },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { token: string; expiresAt: string; name: string };
  }

  async function register(token: string) {
    return core().inject({
      method: 'POST',
      url: REGISTER_PATH,
      payload: { token, operatorVersion: '0.1.0', kubernetesVersion: 'v1.36.3' },
    });
  }

  async function approvedCluster(name = 'eu-west'): Promise<RegisterResponse> {
    const registered = (await register((await joinToken(name)).token)).json() as RegisterResponse;
    const res = await core().inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${registered.clusterId}/approve`,
      headers: ROOT,
    });
    expect(res.json().status).toBe('approved');
    return registered;
  }

  // Registration through the gateway itself: the public route allows 10 calls a minute per address.
  async function linkedCluster(name: string): Promise<RegisterResponse> {
    const { token } = await gateway().createJoinToken({ name, createdBy: null });
    const registered = await gateway().register({ token });
    await gateway().approve(registered.clusterId, null);
    return registered;
  }

  // injectWS builds a request without a socket; the rate limiter keys on the caller's address.
  const upgrade = (headers: Record<string, string>) =>
    core().app.injectWS(LINK_PATH, { headers, socket: { remoteAddress: '127.0.0.1' } } as never);

  async function link(credential: string): Promise<Link> {
    const received: CoreMessage[] = [];
    const waiters: Array<() => void> = [];
    const ws = (await upgrade({ authorization: `Bearer ${credential}` })) as unknown as WebSocket;
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data: Buffer) => {
      received.push(parseCoreMessage(data));
      for (const w of waiters.splice(0)) w();
    });
    return {
      ws,
      received,
      closed,
      send: (message) => ws.send(JSON.stringify(message)),
      async until(count) {
        while (received.length < count) await new Promise<void>((r) => waiters.push(r));
        return received;
      },
    };
  }

  it('reserves cluster management to super admins', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/admin/cluster-join-tokens'],
      ['GET', '/api/v1/admin/clusters'],
      ['GET', '/api/v1/admin/clusters/cl_x'],
      ['POST', '/api/v1/admin/clusters/cl_x/approve'],
      ['POST', '/api/v1/admin/clusters/cl_x/revoke'],
      ['PUT', '/api/v1/admin/clusters/cl_x/query-networks'],
      ['GET', '/api/v1/admin/operator-link/keys'],
      ['POST', '/api/v1/admin/operator-link/keys/rotate'],
    ];
    for (const [method, url] of routes) {
      const anonymous = await core().inject({
        method: method as 'GET',
        url,
        payload: method === 'GET' ? undefined : { name: 'x' },
      });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      const member = await core().inject({
        method: method as 'GET',
        url,
        headers: { 'x-test-user': 'u1' },
        payload: method === 'GET' ? undefined : { name: 'x' },
      });
      expect(member.statusCode, `${method} ${url}`).toBe(403);
      expect(member.json().error.code).toBe('PN_FORBIDDEN');
    }
    const missing = await core().inject({
      method: 'POST',
      url: '/api/v1/admin/clusters/cl_x/approve',
      headers: ROOT,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('PN_CLUSTER_NOT_FOUND');
  });

  it('registers once per join token, pending until approved, and audits it all', async () => {
    const { token, expiresAt } = await joinToken('eu-central');
    expect(token).toMatch(/^pnj_/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    const first = await register(token);
    expect(first.statusCode).toBe(201);
    const answer = first.json() as RegisterResponse;
    expect(answer).toEqual({
      clusterId: expect.stringMatching(/^cl_[0-9a-f]{16}$/),
      credential: expect.stringMatching(/^pnc_/),
      coreSigningKey: gateway().publicKey,
      coreSigningKeys: [{ kid: keyId(gateway().publicKey), publicKey: gateway().publicKey }],
      status: 'pending',
    });
    const again = await register(token);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('PN_JOIN_TOKEN_INVALID');

    const listed = await core().inject({
      method: 'GET',
      url: '/api/v1/admin/clusters',
      headers: ROOT,
    });
    expect(listed.json().clusters).toContainEqual(
      expect.objectContaining({
        id: answer.clusterId,
        name: 'eu-central',
        status: 'pending',
        operatorVersion: '0.1.0',
        kubernetesVersion: 'v1.36.3',
        createdBy: 'root',
        connected: false,
      }),
    );
    // Only hashes are stored.
    const rows = await core().app.pn.db.query<{ credential_hash: string }>(
      `select "credential_hash" from "pn_clusters" where "id" = $1`,
      [answer.clusterId],
    );
    expect(rows[0]!.credential_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(answer.credential);

    const pendingLink = upgrade({ authorization: `Bearer ${answer.credential}` });
    await expect(pendingLink).rejects.toThrow(/403/);

    const approved = await core().inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${answer.clusterId}/approve`,
      headers: ROOT,
    });
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: 'root' });
    // Approving twice is harmless.
    const twice = await core().inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${answer.clusterId}/approve`,
      headers: ROOT,
    });
    expect(twice.statusCode).toBe(200);

    const audit = await core().app.pn.db.query<{ action: string; target_id: string }>(
      `select "action","target_id" from "pn_audit_log" where "action" like 'cluster.%' order by "id"`,
    );
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['cluster.join-token.create', 'cluster.register', 'cluster.approve']),
    );
  });

  it('refuses expired join tokens, unknown credentials and missing ones', async () => {
    const expired = await gateway().createJoinToken({
      name: 'old',
      ttlSeconds: -1,
      createdBy: null,
    });
    expect((await register(expired.token)).json().error.code).toBe('PN_JOIN_TOKEN_INVALID');
    expect((await register('pnj_never-issued')).statusCode).toBe(401);
    await expect(upgrade({ authorization: 'Bearer pnc_nope' })).rejects.toThrow(/401/);
    await expect(upgrade({})).rejects.toThrow(/401/);
  });

  it('sends signed documents, replays after the revision an operator resumes from, and follows new ones', async () => {
    const cluster = await approvedCluster('replay');
    const id = cluster.clusterId;
    await gateway().publish(id, { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec });
    await gateway().publish(id, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'survival',
      spec: serverSpec(),
    });
    await gateway().publish(id, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'creative',
      spec: serverSpec(),
    });

    const first = await link(cluster.credential);
    first.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    const frames = await first.until(4);
    expect(frames[0]).toMatchObject({
      type: 'welcome',
      clusterId: id,
      lastRevision: 0,
      headRevision: 3,
    });
    const docs = frames.slice(1) as Extract<CoreMessage, { type: 'document' }>[];
    expect(docs.map((d) => [d.revision, d.kind, d.name])).toEqual([
      [1, 'Tenant', TENANT],
      [2, 'GameServer', 'survival'],
      [3, 'GameServer', 'creative'],
    ]);
    for (const d of docs) {
      expect(d.namespace).toBe(tenantNamespace(TENANT));
      expect(verifyDocument({ ...d, clusterId: id }, d.signature, cluster.coreSigningKey)).toBe(
        true,
      );
    }
    first.send({ type: 'ack', revision: 1 });
    first.send({ type: 'ack', revision: 2 });
    first.ws.terminate();
    await first.closed;

    const second = await link(cluster.credential);
    second.send({ type: 'hello', lastRevision: 2, operatorVersion: '0.1.0', protocol: 2 });
    const resumed = await second.until(2);
    expect(resumed[0]).toMatchObject({ type: 'welcome', lastRevision: 2, headRevision: 3 });
    expect(resumed[1]).toMatchObject({ type: 'document', revision: 3, name: 'creative' });

    await gateway().publish(id, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'creative',
      deleted: true,
    });
    const live = await second.until(3);
    expect(live[2]).toMatchObject({ type: 'document', revision: 4, deleted: true, spec: null });
    expect(
      verifyDocument(
        { ...(live[2] as object), clusterId: id } as never,
        (live[2] as { signature: string }).signature,
        cluster.coreSigningKey,
      ),
    ).toBe(true);
    expect(second.received).toHaveLength(3);

    second.send({ type: 'ack', revision: 4 });
    await expect.poll(async () => (await gateway().getCluster(id)).appliedRevision).toBe(4);
    expect(gateway().connected()).toContain(id);
    second.ws.close();
    await second.closed;
  });

  it('stores reported status and events and publishes them on the bus', async () => {
    const cluster = await approvedCluster('status');
    const id = cluster.clusterId;
    await gateway().publish(id, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'survival',
      spec: serverSpec(),
    });
    const seen: BusEvent<Record<string, unknown>>[] = [];
    const events = core().app.pn.shared.events;
    const offServer = await events.subscribe<Record<string, unknown>>('server.status', (e) =>
      seen.push(e),
    );
    const offCluster = await events.subscribe<Record<string, unknown>>(
      `cluster.${id}.status`,
      (e) => seen.push(e),
    );
    const l = await link(cluster.credential);
    l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    await l.until(2);
    const namespace = tenantNamespace(TENANT);
    const status = { phase: 'Running', restartCount: 0 };
    l.send({
      type: 'status',
      kind: 'GameServer',
      tenantId: TENANT,
      namespace,
      name: 'survival',
      generation: 1,
      status,
    });
    // Another tenant's namespace is not this tenant's to report on: ignored.
    l.send({
      type: 'status',
      kind: 'GameServer',
      tenantId: TENANT,
      namespace: 'pn-999',
      name: 'x',
      status,
    });
    l.send({
      type: 'reject',
      revision: 1,
      reason: 'SignatureInvalid',
      message: 'signature does not verify',
    });
    l.send({
      type: 'event',
      kind: 'GameServer',
      tenantId: TENANT,
      namespace,
      name: 'survival',
      eventType: 'Normal',
      reason: 'Started',
      message: 'pod started',
    });
    await expect.poll(() => seen.length).toBe(4);
    expect(seen.map((e) => e.topic).sort()).toEqual([
      `cluster.${id}.status`,
      `cluster.${id}.status`,
      `cluster.${id}.status`,
      'server.status',
    ]);
    expect(seen.find((e) => e.topic === 'server.status')!.payload).toEqual({
      clusterId: id,
      kind: 'GameServer',
      tenantId: TENANT,
      namespace,
      name: 'survival',
      generation: 1,
      status,
    });
    expect(await gateway().statusOf(id, 'GameServer', namespace, 'survival')).toEqual({
      status,
      generation: 1,
    });
    expect(await gateway().statusOf(id, 'GameServer', 'pn-999', 'x')).toBeNull();
    const stored = await gateway().events(id);
    expect(stored.map((e) => [e.reason, e.type, e.name])).toEqual([
      ['Started', 'Normal', 'survival'],
      ['SignatureInvalid', 'Warning', 'survival'],
    ]);
    expect((await gateway().getCluster(id)).appliedRevision).toBe(1);
    await offServer();
    await offCluster();
    l.ws.close();
  });

  it('relays console and log messages both ways', async () => {
    const cluster = await approvedCluster('console');
    const id = cluster.clusterId;
    const results: unknown[] = [];
    const off = await core().app.pn.shared.events.subscribe(`cluster.${id}.*`, (e) =>
      results.push(e.payload),
    );
    const l = await link(cluster.credential);
    l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    await l.until(1);
    await gateway().relay(id, {
      type: 'console.input',
      requestId: 'r1',
      namespace: 'pn-1',
      name: 's',
      data: 'say hi\n',
    });
    await l.until(2);
    expect(l.received[1]).toEqual({
      type: 'console.input',
      requestId: 'r1',
      namespace: 'pn-1',
      name: 's',
      data: 'say hi\n',
    });
    await gateway().relay(id, {
      type: 'logs.follow',
      streamId: 'l1',
      namespace: 'pn-1',
      name: 's',
    });
    await l.until(3);
    l.send({
      type: 'console.result',
      requestId: 'r1',
      ok: false,
      error: { code: 'PN_LINK_ATTACH_FAILED', message: 'no kubelet' },
    });
    l.send({
      type: 'logs.end',
      streamId: 'l1',
      error: { code: 'PN_LINK_LOGS_FAILED', message: 'no kubelet' },
    });
    await expect
      .poll(() => results)
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'console.result', requestId: 'r1', ok: false }),
          expect.objectContaining({ type: 'logs.end', streamId: 'l1' }),
        ]),
      );
    await off();
    l.ws.close();
  });

  it('signs each document for its cluster, revision and deletion, with the current key id', async () => {
    const x = await linkedCluster('bound-x');
    const y = await linkedCluster('bound-y');
    await gateway().publish(x.clusterId, { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec });
    await gateway().publish(x.clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'survival',
      spec: serverSpec(),
    });
    await gateway().publish(x.clusterId, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'survival',
      deleted: true,
    });
    const l = await link(x.credential);
    l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    const frames = await l.until(4);
    const welcome = frames[0] as Extract<CoreMessage, { type: 'welcome' }>;
    expect(welcome.keySet?.keys.map((k) => k.kid)).toEqual([keyId(x.coreSigningKey)]);
    const [, , upsert, deletion] = frames as Array<Extract<CoreMessage, { type: 'document' }>>;
    expect(upsert!.kid).toBe(keyId(x.coreSigningKey));
    const ring = trustKeys([x.coreSigningKey]);
    const asX = { ...upsert!, clusterId: x.clusterId };
    expect(verifyDocument(asX, upsert!.signature, ring)).toBe(true);
    // Another cluster, an older or newer revision: refused.
    expect(verifyDocument({ ...asX, clusterId: y.clusterId }, upsert!.signature, ring)).toBe(false);
    expect(verifyDocument({ ...asX, revision: 1 }, upsert!.signature, ring)).toBe(false);
    expect(verifyDocument({ ...asX, revision: 3 }, upsert!.signature, ring)).toBe(false);
    // The signed deletion cannot be turned into an upsert of the old spec, nor the reverse.
    const del = { ...deletion!, clusterId: x.clusterId };
    expect(verifyDocument(del, deletion!.signature, ring)).toBe(true);
    expect(
      verifyDocument({ ...del, deleted: false, spec: upsert!.spec }, deletion!.signature, ring),
    ).toBe(false);
    expect(verifyDocument({ ...asX, deleted: true, spec: null }, upsert!.signature, ring)).toBe(
      false,
    );
    l.ws.close();
    await l.closed;
  });

  it('refuses an operator that speaks an older link protocol', async () => {
    const cluster = await linkedCluster('old-protocol');
    const l = await link(cluster.credential);
    l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.0.9' });
    expect(await l.closed).toEqual({ code: 4426, reason: 'link protocol 2 required' });
    expect(l.received).toEqual([]);
  });

  it('drops console and log frames for streams core did not open on that link, and never relays outside tenant namespaces', async () => {
    const x = await linkedCluster('relay-x');
    const y = await linkedCluster('relay-y');
    const seen: Array<{ topic: string; payload: unknown }> = [];
    const offs = await Promise.all(
      [x, y].map((c) =>
        core().app.pn.shared.events.subscribe(`cluster.${c.clusterId}.*`, (e) => {
          if (e.topic.endsWith('.logs') || e.topic.endsWith('.console'))
            seen.push({ topic: e.topic, payload: e.payload });
        }),
      ),
    );
    const lx = await link(x.credential);
    const ly = await link(y.credential);
    for (const l of [lx, ly])
      l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    await lx.until(1);
    await ly.until(1);
    const before = gateway().dropped().unknownStream;
    await gateway().relay(x.clusterId, {
      type: 'logs.follow',
      streamId: `console:${TENANT}:s1`,
      namespace: tenantNamespace(TENANT),
      name: 's1',
    });
    await lx.until(2);
    // Cluster Y names the stream core opened on X's link: dropped, counted, published nowhere.
    ly.send({ type: 'logs.data', streamId: `console:${TENANT}:s1`, data: 'forged\n' });
    ly.send({ type: 'console.result', requestId: 'cmd-x', ok: true });
    // X answers on its own stream: taken.
    lx.send({ type: 'logs.data', streamId: `console:${TENANT}:s1`, data: 'real\n' });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({
      topic: `cluster.${x.clusterId}.logs`,
      payload: { type: 'logs.data', streamId: `console:${TENANT}:s1`, data: 'real\n' },
    });
    await expect.poll(() => gateway().dropped().unknownStream).toBe(before + 2);
    // Once stopped, the stream is closed for the operator too.
    await gateway().relay(x.clusterId, { type: 'logs.stop', streamId: `console:${TENANT}:s1` });
    await lx.until(3);
    lx.send({ type: 'logs.data', streamId: `console:${TENANT}:s1`, data: 'late\n' });
    await expect.poll(() => gateway().dropped().unknownStream).toBe(before + 3);
    // Core never asks an operator about a namespace that is not a tenant's.
    await gateway().relay(x.clusterId, {
      type: 'console.input',
      requestId: 'cmd-sys',
      namespace: 'kube-system',
      name: 'coredns',
      data: 'x',
    });
    await gateway().relay(x.clusterId, { type: 'logs.stop', streamId: 'marker' });
    await lx.until(4);
    expect(lx.received[3]).toEqual({ type: 'logs.stop', streamId: 'marker' });
    expect(seen).toHaveLength(1);
    for (const off of offs) await off();
    lx.ws.close();
    ly.ws.close();
  });

  it('rotates the signing key: a linked operator gets the new key from the old one, then documents signed again with it', async () => {
    const cluster = await linkedCluster('rotation');
    const id = cluster.clusterId;
    await gateway().publish(id, { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec });
    const l = await link(cluster.credential);
    l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    await l.until(2);
    const before = await core().inject({
      method: 'GET',
      url: '/api/v1/admin/operator-link/keys',
      headers: ROOT,
    });
    const oldKid = before.json().kid as string;
    const res = await core().inject({
      method: 'POST',
      url: '/api/v1/admin/operator-link/keys/rotate',
      headers: ROOT,
    });
    expect(res.statusCode).toBe(200);
    const rotated = res.json() as { kid: string; keys: Array<{ kid: string; publicKey: string }> };
    expect(rotated.kid).not.toBe(oldKid);
    // Current first, the previous one still published.
    expect(rotated.keys.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);
    const frames = await l.until(4);
    const keys = frames.find((f) => f.type === 'keys') as Extract<CoreMessage, { type: 'keys' }>;
    const resigned = frames.find((f) => f.type === 'document' && f.revision === 2) as Extract<
      CoreMessage,
      { type: 'document' }
    >;
    expect(frames.indexOf(keys)).toBeLessThan(frames.indexOf(resigned));
    // What the operator held before the rotation vouches for the new key set.
    const trusted = trustKeys([cluster.coreSigningKey]);
    expect(verifyKeySet(keys.keySet, trusted)).toBe(true);
    const ring = trustKeys(keys.keySet.keys.map((k) => k.publicKey));
    expect(resigned).toMatchObject({ kind: 'Tenant', kid: rotated.kid });
    expect(verifyDocument({ ...resigned, clusterId: id }, resigned.signature, ring)).toBe(true);
    expect(verifyDocument({ ...resigned, clusterId: id }, resigned.signature, trusted)).toBe(false);
    // New documents are signed with the new key.
    await gateway().publish(id, {
      kind: 'GameServer',
      tenantId: TENANT,
      name: 'after',
      spec: serverSpec(),
    });
    const all = await l.until(5);
    expect(all.filter((f) => f.type === 'keys')).toHaveLength(1);
    expect(all[4]).toMatchObject({ type: 'document', revision: 3, kid: rotated.kid });
    const audit = await core().app.pn.db.query<{ target_id: string }>(
      `select "target_id" from "pn_audit_log" where "action" = 'operator-link.keys.rotate'`,
    );
    expect(audit.map((r) => r.target_id)).toEqual([rotated.kid]);
    l.ws.close();
    await l.closed;
  });

  it('keeps the private networks a cluster is reached on, refusing what is not a CIDR', async () => {
    const cluster = await linkedCluster('networks');
    const url = `/api/v1/admin/clusters/${cluster.clusterId}/query-networks`;
    const bad = await core().inject({
      method: 'PUT',
      url,
      headers: ROOT,
      payload: { networks: ['10.0.0.0/33'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('PN_QUERY_NETWORK_INVALID');
    const ok = await core().inject({
      method: 'PUT',
      url,
      headers: ROOT,
      payload: { networks: ['10.0.0.0/8', 'fd00::/8'] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().queryNetworks).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect((await gateway().getCluster(cluster.clusterId)).queryNetworks).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    const audit = await core().app.pn.db.query<{ target_id: string }>(
      `select "target_id" from "pn_audit_log" where "action" = 'cluster.query-networks.update'`,
    );
    expect(audit.map((r) => r.target_id)).toEqual([cluster.clusterId]);
  });

  it('cuts the link at once on revocation and refuses it afterwards', async () => {
    const cluster = await approvedCluster('revoked');
    const l = await link(cluster.credential);
    l.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    await l.until(1);
    const res = await core().inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${cluster.clusterId}/revoke`,
      headers: ROOT,
    });
    expect(res.json()).toMatchObject({ status: 'revoked', revokedBy: 'root' });
    expect(await l.closed).toEqual({ code: 4403, reason: 'cluster revoked' });
    await expect(upgrade({ authorization: `Bearer ${cluster.credential}` })).rejects.toThrow(/403/);
    const approveAgain = await core().inject({
      method: 'POST',
      url: `/api/v1/admin/clusters/${cluster.clusterId}/approve`,
      headers: ROOT,
    });
    expect(approveAgain.statusCode).toBe(409);
    expect(approveAgain.json().error.code).toBe('PN_CLUSTER_STATE_CONFLICT');
    await expect(
      gateway().publish(cluster.clusterId, { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec }),
    ).rejects.toMatchObject({ code: 'PN_CLUSTER_STATE_CONFLICT' });
  });

  it('closes a link that breaks the protocol, and a stale link when the cluster links again', async () => {
    const cluster = await approvedCluster('protocol');
    const early = await link(cluster.credential);
    early.send({ type: 'ack', revision: 1 });
    expect((await early.closed).code).toBe(4400);

    const garbled = await link(cluster.credential);
    garbled.ws.send('{not json');
    expect(await garbled.closed).toMatchObject({
      code: 4400,
      reason: expect.stringMatching(/not JSON/),
    });

    const twice = await link(cluster.credential);
    twice.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    twice.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    expect(await twice.closed).toEqual({ code: 4400, reason: 'hello twice' });

    const stale = await link(cluster.credential);
    stale.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.1.0', protocol: 2 });
    await stale.until(1);
    const fresh = await link(cluster.credential);
    expect(await stale.closed).toEqual({ code: 4409, reason: 'superseded' });
    fresh.ws.close();
  });

  it('refuses documents that are not well-formed or go to no cluster', async () => {
    const cluster = await approvedCluster('validation');
    const id = cluster.clusterId;
    const bad: Array<Parameters<ReturnType<typeof gateway>['publish']>[1]> = [
      { kind: 'Tenant', tenantId: 'Not A Label', spec: tenantSpec },
      { kind: 'Tenant', tenantId: TENANT, spec: { quota: tenantSpec.quota } as never },
      { kind: 'GameServer', tenantId: TENANT, name: 'UPPER', spec: serverSpec() },
      {
        kind: 'GameServer',
        tenantId: TENANT,
        name: 'ok',
        spec: { ...serverSpec(), desiredState: 'Maybe' },
      },
      { kind: 'GameServer', tenantId: TENANT, name: 'ok', spec: serverSpec({ tenantId: '42' }) },
      { kind: 'GameTemplate', tenantId: TENANT, name: 'ok', spec: { game: {} } },
      { kind: 'GameServer', tenantId: TENANT, deleted: true },
    ];
    for (const doc of bad)
      await expect(
        gateway().publish(id, doc),
        JSON.stringify(doc).slice(0, 80),
      ).rejects.toMatchObject({
        code: 'PN_OPERATOR_DOCUMENT_INVALID',
      });
    await expect(
      gateway().publish('cl_missing', { kind: 'Tenant', tenantId: TENANT, spec: tenantSpec }),
    ).rejects.toMatchObject({ code: 'PN_CLUSTER_NOT_FOUND' });
    expect((await gateway().getCluster(id)).headRevision).toBe(0);
  });

  it('rate-limits registration per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await register(`pnj_guess-${i}`)).statusCode);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 429).every((c) => c === 401)).toBe(true);
  });
});
