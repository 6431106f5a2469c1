import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { demo, type TestEmulator, useSharedEmulator } from '../__fixtures__/harness.ts';

let emu: TestEmulator;
useSharedEmulator((e) => (emu = e));

type Json = Record<string, unknown>;
const sendJson = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const statusCommand = {
  name: 'status',
  description: 'Show a server status',
  options: [{ type: 3, name: 'server', description: 'Server name', required: true }],
};

async function registerGuildCommands(): Promise<Json[]> {
  const response = await emu.bot(
    `/applications/${demo.appId}/guilds/${demo.devGuild}/commands`,
    sendJson('PUT', [statusCommand]),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Json[];
}

describe('application commands', () => {
  it('bulk-overwrites global commands, keeping ids of commands that stay', async () => {
    const path = `/applications/${demo.appId}/commands`;
    const first = (await (
      await emu.bot(path, sendJson('PUT', [statusCommand, { name: 'start', description: 'Start' }]))
    ).json()) as Json[];
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({
      application_id: demo.appId,
      name: 'status',
      type: 1,
      description: 'Show a server status',
      default_member_permissions: null,
      options: statusCommand.options,
    });
    expect(typeof first[0]!.id).toBe('string');
    const second = (await (
      await emu.bot(path, sendJson('PUT', [statusCommand, { name: 'stop', description: 'Stop' }]))
    ).json()) as Json[];
    expect(second[0]!.id).toBe(first[0]!.id);
    expect(second[1]!.id).not.toBe(first[1]!.id);
    expect(((await (await emu.bot(path)).json()) as Json[]).map((c) => c.name)).toEqual([
      'status',
      'stop',
    ]);
    expect(emu.control.commands().map((c) => c.name)).toEqual(['status', 'stop']);
  });

  it('keeps guild commands per guild and refuses guilds without the bot', async () => {
    const commands = await registerGuildCommands();
    expect(commands[0]).toMatchObject({ guild_id: demo.devGuild, name: 'status' });
    const listed = (await (
      await emu.bot(`/applications/${demo.appId}/guilds/${demo.devGuild}/commands`)
    ).json()) as Json[];
    expect(listed.map((c) => c.id)).toEqual(commands.map((c) => c.id));
    expect(
      await (
        await emu.bot(`/applications/${demo.appId}/guilds/${demo.blockyGuild}/commands`)
      ).json(),
    ).toEqual([]);
    const notIn = await emu.bot(
      `/applications/${demo.appId}/guilds/${demo.vikingGuild}/commands`,
      sendJson('PUT', []),
    );
    expect(notIn.status).toBe(403);
  });

  it('validates names, descriptions and duplicates with Invalid Form Body', async () => {
    const response = await emu.bot(
      `/applications/${demo.appId}/commands`,
      sendJson('PUT', [
        { name: 'Bad Name', description: 'x' },
        { name: 'ok', description: '' },
        statusCommand,
        statusCommand,
      ]),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      code: number;
      errors: Record<string, Record<string, unknown>>;
    };
    expect(body.code).toBe(50035);
    expect(Object.keys(body.errors).sort()).toEqual(['0', '1', '3']);
    expect(body.errors['0']!.name).toEqual({
      _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }],
    });
    expect(emu.control.commands()).toEqual([]);
  });

  it('refuses another application id and a user token', async () => {
    expect((await emu.bot('/applications/42/commands')).status).toBe(403);
    const user = await emu.login(demo.alice);
    const response = await emu.api(`/applications/${demo.appId}/commands`, {
      headers: { authorization: `Bearer ${user.access_token}` },
    });
    expect(response.status).toBe(401);
  });
});

describe('interactions', () => {
  const callback = (interaction: Json, body: unknown, query = '') =>
    emu.api(
      `/interactions/${interaction.id as string}/${interaction.token as string}/callback${query}`,
      sendJson('POST', body),
    );
  const original = (interaction: Json, init?: RequestInit) =>
    emu.api(`/webhooks/${demo.appId}/${interaction.token as string}/messages/@original`, init);

  it('creates an interaction payload for a registered command, with member permissions', async () => {
    const [command] = await registerGuildCommands();
    const interaction = emu.control.createInteraction({
      guildId: demo.devGuild,
      channelId: demo.devGeneral,
      userId: demo.bob,
      name: 'status',
      options: [{ type: 3, name: 'server', value: 'survival' }],
    });
    expect(interaction).toMatchObject({
      type: 2,
      application_id: demo.appId,
      guild_id: demo.devGuild,
      channel_id: demo.devGeneral,
      data: {
        id: command!.id,
        name: 'status',
        type: 1,
        options: [{ name: 'server', value: 'survival' }],
      },
      member: { user: { id: demo.bob }, permissions: (2147601472n | 268446722n).toString() },
      version: 1,
    });
    expect(() =>
      emu.control.createInteraction({
        guildId: demo.devGuild,
        channelId: demo.devGeneral,
        userId: demo.bob,
        name: 'nope',
      }),
    ).toThrow(expect.objectContaining({ code: 'PN_DISCORD_EMULATOR_UNKNOWN_COMMAND' }));
  });

  it('accepts one callback within 3 seconds, then 40060; late ones get 10062', async () => {
    await registerGuildCommands();
    const make = () =>
      emu.control.createInteraction({
        guildId: demo.devGuild,
        channelId: demo.devGeneral,
        userId: demo.alice,
        name: 'status',
      });
    const interaction = make();
    const ok = await callback(interaction, { type: 4, data: { content: 'Survival is online' } });
    expect(ok.status).toBe(204);
    expect(emu.control.messages({ channelId: demo.devGeneral }).at(-1)).toMatchObject({
      content: 'Survival is online',
      interaction_metadata: { id: interaction.id, user: { id: demo.alice } },
    });
    const again = await callback(interaction, { type: 4, data: { content: 'again' } });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      message: 'Interaction has already been acknowledged.',
      code: 40060,
    });
    const late = make();
    emu.tick(3001);
    const tooLate = await callback(late, { type: 5 });
    expect(tooLate.status).toBe(404);
    expect(await tooLate.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
    const forged = await callback({ id: interaction.id, token: 'forged' }, { type: 5 });
    expect(forged.status).toBe(404);
    const invalidType = await callback(make(), { type: 42 });
    expect(invalidType.status).toBe(400);
  });

  it('defers, then edits the original response through the webhook', async () => {
    await registerGuildCommands();
    const interaction = emu.control.createInteraction({
      guildId: demo.devGuild,
      channelId: demo.devGeneral,
      userId: demo.alice,
      name: 'status',
    });
    expect((await original(interaction)).status).toBe(404);
    const deferred = await callback(interaction, { type: 5 }, '?with_response=true');
    expect(deferred.status).toBe(200);
    const resource = (await deferred.json()) as { interaction: Json; resource: { message: Json } };
    expect(resource.interaction.response_message_loading).toBe(true);
    expect(resource.resource.message.flags).toBe(128);
    emu.tick(60_000);
    const edited = await original(interaction, sendJson('PATCH', { content: 'Started survival' }));
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      id: resource.resource.message.id,
      content: 'Started survival',
      flags: 0,
    });
    expect(await (await original(interaction)).json()).toMatchObject({
      content: 'Started survival',
    });
    const followUp = await emu.api(
      `/webhooks/${demo.appId}/${interaction.token as string}`,
      sendJson('POST', { content: 'More' }),
    );
    expect(followUp.status).toBe(200);
    emu.tick(15 * 60_000);
    const expired = await original(interaction, sendJson('PATCH', { content: 'too late' }));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
    const unknownWebhook = await emu.api(
      `/webhooks/${demo.appId}/nope/messages/@original`,
      sendJson('PATCH', { content: 'x' }),
    );
    expect(await unknownWebhook.json()).toEqual({ message: 'Unknown Webhook', code: 10015 });
  });

  it('delivers interactions signed with Ed25519; a JSON answer counts as the callback', async () => {
    await registerGuildCommands();
    const publicKey = createPublicKey({
      key: Buffer.concat([
        Buffer.from('302a300506032b6570032100', 'hex'),
        Buffer.from(emu.control.publicKey, 'hex'),
      ]),
      format: 'der',
      type: 'spki',
    });
    const seen: { valid: boolean; type: number }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const signature = Buffer.from(String(req.headers['x-signature-ed25519']), 'hex');
        const timestamp = String(req.headers['x-signature-timestamp']);
        const valid = verify(null, Buffer.from(timestamp + body), publicKey, signature);
        const payload = JSON.parse(body) as { type: number };
        seen.push({ valid, type: payload.type });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify(
            payload.type === 1 ? { type: 1 } : { type: 4, data: { content: 'pong from app' } },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
    try {
      const ping = await emu.control.pingInteractionsEndpoint(url);
      expect(ping).toEqual({ status: 200, body: { type: 1 } });
      const response = await emu.raw(
        '/_control/interactions',
        sendJson('POST', {
          guildId: demo.devGuild,
          channelId: demo.devGeneral,
          userId: demo.carol,
          name: 'status',
          deliverTo: url,
        }),
      );
      expect(response.status).toBe(201);
      const { interaction } = (await response.json()) as { interaction: Json };
      expect(seen).toEqual([
        { valid: true, type: 1 },
        { valid: true, type: 2 },
      ]);
      expect(emu.control.messages().at(-1)).toMatchObject({
        content: 'pong from app',
        interaction_metadata: { id: interaction.id },
      });
      expect((await callback(interaction, { type: 4, data: { content: 'x' } })).status).toBe(400);
    } finally {
      server.close();
    }
  });
});
