import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { rbacPlugin } from '@pteronimbus/plugin-rbac';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinCluster, type JoinedCluster } from './cluster.ts';
import {
  demo,
  installGuild,
  launchChromium,
  openPanelPage,
  signedOutConsole,
  startDiscordPanel,
  textControl,
  wizardNext,
  type DiscordPanel,
} from './fixtures.ts';

// From the demo seed: Alice owns "Pteronimbus Dev", where the bot already is, and holds its Admin
// role.
const { guild } = demo;
const tenantPath = `/t/${guild.id}`;
const READY_LINE = '[12:00:03 INFO]: Done (3.112s)! For help, type "help"';

let panel: DiscordPanel;
let cluster: JoinedCluster;
let browser: Browser;

beforeAll(async () => {
  panel = await startDiscordPanel({
    plugins: [
      authDiscordPlugin,
      rbacPlugin,
      templatesPlugin,
      gameMinecraftPlugin,
      gameGenericPlugin,
    ],
    bot: true,
  });
  // The game as the simulated kubelet runs it: the install container prints its progress; the
  // game boots, prints Paper's readiness line and answers console commands.
  cluster = await joinCluster(panel.core, panel.baseUrl, {
    boot: (ref) =>
      ref.container === 'game'
        ? ['[12:00:00 INFO]: Starting minecraft server version 1.21.4', READY_LINE]
        : ['Downloading Paper 1.21.4 build 200', 'Install complete'],
    onInput: (_ref, line) => [`[12:00:10 INFO]: You typed "${line}"`],
    ready: (ref, log) => ref.container !== 'game' || log.includes(READY_LINE),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await cluster?.close();
  await panel?.close();
});

describe('a game server from the panel to a pod and back', () => {
  it('creates, comes up live, takes a console command, stops and is deleted', async () => {
    const { context, page, problems } = await openPanelPage(browser, {
      theme: 'dark',
      expectedConsole: signedOutConsole,
    });
    try {
      await installGuild(page, panel, {
        guild,
        clusterId: cluster.clusterId,
      });

      // Create from a shipped template through the wizard.
      await page.goto(`${panel.baseUrl}${tenantPath}/servers/new`);
      const paper = page.getByTestId('template-option').filter({ hasText: 'Paper' }).first();
      await paper.click();
      await textControl(page, 'server-name').fill('Survival');
      await wizardNext(page, 'Game and template');
      await page.getByTestId('schema-form').waitFor();
      // Paper needs the Minecraft EULA accepted by whoever creates the server.
      await page.getByTestId('field-EULA_ACCEPTED').getByRole('switch').click();
      await wizardNext(page, 'Settings');
      await wizardNext(page, 'Resources and network');
      await page.getByTestId('review').waitFor();
      await page.getByTestId('submit').click();

      // Installing -> Starting -> Running arrive over the stream, without a reload.
      const progress = page.getByTestId('install-progress');
      await progress.waitFor();
      const phase = () => progress.getByTestId('server-status').getAttribute('data-phase');
      await expect.poll(phase, { timeout: 90_000, interval: 200 }).toBe('Running');
      const seen = await page.evaluate(() => performance.getEntriesByType('navigation').length);
      expect(seen).toBe(1);

      // The console: the last lines on open, then a command and its echo.
      await page.getByTestId('open-server').click();
      await page.waitForURL(/\/servers\/s[0-9a-f]+/);
      const serverUrl = page.url().split('?')[0]!;
      await page.goto(`${serverUrl}?tab=console`);
      const terminal = page.getByTestId('console-terminal').locator('.xterm-rows');
      await expect
        .poll(() => terminal.textContent(), { timeout: 30_000 })
        .toContain('Done (3.112s)!');
      await textControl(page, 'console-command').fill('say hello');
      await page.getByTestId('console-send').click();
      await expect
        .poll(() => terminal.textContent(), { timeout: 30_000 })
        .toContain('You typed "say hello"');

      // Stop: the pod goes away and the status says Stopped.
      await page.goto(`${serverUrl}?tab=overview`);
      await page.getByTestId('action-stop').click();
      const badge = page.getByTestId('overview').getByTestId('server-status');
      await expect
        .poll(() => badge.getAttribute('data-phase'), { timeout: 90_000 })
        .toBe('Stopped');

      // Delete with the typed confirmation.
      await page.goto(`${serverUrl}?tab=danger`);
      await page.getByTestId('delete-open').click();
      await textControl(page, 'delete-name').fill('Survival');
      await page.getByTestId('delete-confirm').click();
      await page.waitForURL(`${panel.baseUrl}${tenantPath}/servers`);
      await page.getByTestId('state-empty').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
