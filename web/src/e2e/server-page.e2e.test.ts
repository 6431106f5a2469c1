import { join } from 'node:path';
import { publishToStream, streamTopics } from '@pteronimbus/sdk';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { rbacPlugin } from '@pteronimbus/plugin-rbac';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvedCluster,
  cspViolations,
  demo,
  horizontalOverflow,
  installGuild,
  launchChromium,
  openPanelPage,
  screenshot,
  screenshotDir,
  seriousAxeViolations,
  setTheme,
  signedOutConsole,
  startDiscordPanel,
  textControl,
  themes,
  type DiscordPanel,
} from './fixtures.ts';

// From the demo seed: Alice owns "Pteronimbus Dev", where the bot already is, and holds its Admin
// role, which makes her a tenant admin: every server permission is hers.
const { guild } = demo;
const adminRole = guild.adminRoleId;
const tenantPath = `/t/${guild.id}`;

let panel: DiscordPanel;
let browser: Browser;
let clusterId: string;

beforeAll(async () => {
  panel = await startDiscordPanel({
    plugins: [authDiscordPlugin, rbacPlugin, templatesPlugin, gameMinecraftPlugin],
    // Also a super admin, so the set-up does not wait for the first role sync.
    superAdmins: [demo.alice.id],
    bot: true,
  });
  // An approved cluster without an operator: the server is accepted and waits for it.
  clusterId = await approvedCluster(panel);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await panel?.close();
});

/** Waits for a test id, and on failure says what the page showed and what went wrong in it. */
async function visible(page: Page, testId: string, problems: string[]): Promise<void> {
  try {
    await page.getByTestId(testId).waitFor();
  } catch (cause) {
    const shown = (await page.locator('body').innerText()).slice(0, 1000);
    throw new Error(
      `${testId} not shown at ${page.url()}\nproblems: ${problems.join(' | ')}\npage: ${shown}`,
      { cause },
    );
  }
}

/** Installs the panel in Alice's guild (she holds its Admin role) and creates one server. */
async function prepare(page: Page): Promise<string> {
  await installGuild(page, panel, {
    guild,
    clusterId,
    role: { id: adminRole, permissions: ['server.read', 'server.create'] },
  });
  const api = `${panel.baseUrl}/api/v1/tenants/${guild.id}`;
  const headers = { origin: panel.baseUrl };
  const templates = await page.request.get(`${api}/templates?q=Paper`);
  const { items } = (await templates.json()) as { items: Array<{ id: string; name: string }> };
  const paper = items.find((item) => item.name === 'Paper');
  expect(paper, JSON.stringify(items)).toBeDefined();
  const created = await page.request.post(`${api}/servers`, {
    headers,
    data: {
      name: 'Survival',
      templateId: paper!.id,
      clusterId,
      start: false,
      parameters: { EULA_ACCEPTED: true },
    },
  });
  expect(created.status(), await created.text()).toBe(202);
  const { server } = (await created.json()) as { server: { id: string } };
  return server.id;
}

describe('server page', () => {
  it('shows overview, live console, settings and danger zone, axe-clean in both themes and at 360 px', async () => {
    const { context, page, problems } = await openPanelPage(browser, {
      theme: 'light',
      expectedConsole: signedOutConsole,
    });
    try {
      const serverId = await prepare(page);
      const path = `${tenantPath}/servers/${serverId}`;
      // Samples as the operator and the player query record them; storage was never measured.
      for (let minute = 10; minute >= 1; minute--)
        await panel.core.app.pn.servers.store.addSample(serverId, {
          at: new Date(Date.now() - minute * 60_000),
          cpu: 300 + minute * 20,
          memory: 1800 + minute * 10,
          disk: null,
          networkRx: 2048 * minute,
          networkTx: 1024 * minute,
          playersOnline: 10 - minute,
          playersMax: 20,
        });
      await page.goto(`${panel.baseUrl}${path}`);
      await visible(page, 'overview', problems);
      // No operator reports: the status is unknown, not a guess.
      expect(await page.getByTestId('server-status').getAttribute('data-phase')).toBe('unknown');
      await expect
        .poll(() => page.getByTestId('stream-indicator').getAttribute('data-state'), {
          timeout: 10_000,
        })
        .toBe('open');
      await visible(page, 'metric-cpu', problems);
      // Measured charts are drawn; what was never measured says so instead of drawing zero.
      await page.getByTestId('metric-cpu').locator('canvas').waitFor();
      await page.getByTestId('metric-players').locator('canvas').waitFor();
      expect(await page.getByTestId('metric-disk').textContent()).toContain('Unavailable');
      expect(await page.getByTestId('metric-disk').locator('canvas').count()).toBe(0);
      expect(await page.getByTestId('players').textContent()).toBe('9 of 20');
      for (const theme of themes) {
        await setTheme(page, theme);
        await page.getByTestId('metric-cpu').locator('canvas').waitFor();
        expect(await seriousAxeViolations(page), `overview, ${theme}`).toEqual([]);
        // A viewport tall enough for the whole page, captured as it is: a full-page capture
        // stretches the page while it draws, and the charts it catches mid-resize come out
        // squeezed.
        await page.setViewportSize({ width: 1280, height: 1700 });
        await page.waitForTimeout(500);
        await page.screenshot({
          path: join(screenshotDir, `server-overview-${theme}-desktop.png`),
        });
        await page.setViewportSize({ width: 1280, height: 800 });
      }

      // Console: lines held before opening are shown, with their colours, then live ones.
      const topic = streamTopics.serverConsole(guild.id, serverId);
      await page.getByTestId('tab-console').click();
      await page.waitForURL(`${panel.baseUrl}${path}?tab=console`);
      await expect
        .poll(() => page.getByTestId('console-status').getAttribute('data-status'), {
          timeout: 10_000,
        })
        .toBe('live');
      const events = panel.core.app.pn.shared.events;
      await publishToStream(events, topic, {
        kind: 'output',
        data: '[12:00:01 INFO]: Starting minecraft server version 1.21\n',
      });
      await publishToStream(events, topic, {
        kind: 'output',
        data: '[12:00:04 INFO]: \x1b[32mDone (3.2s)!\x1b[0m For help, type "help"\n',
      });
      const rows = page.locator('[data-testid="console-terminal"] .xterm-rows');
      await expect
        .poll(() => rows.textContent(), { timeout: 10_000 })
        .toContain('For help, type "help"');
      const done = rows.locator('span', { hasText: 'Done (3.2s)!' }).first();
      expect(await done.getAttribute('class')).toMatch(/xterm-fg-2/);
      // A reload resumes from what the replica holds: the same lines, once.
      await page.reload();
      await expect
        .poll(() => rows.textContent(), { timeout: 10_000 })
        .toContain('Starting minecraft server');
      const text = (await rows.textContent()) ?? '';
      expect(text.split('Starting minecraft server').length - 1).toBe(1);
      expect(await textControl(page, 'console-command').isEnabled()).toBe(true);
      for (const theme of themes) {
        await setTheme(page, theme);
        await expect.poll(() => rows.textContent(), { timeout: 10_000 }).toContain('For help');
        expect(await seriousAxeViolations(page), `console, ${theme}`).toEqual([]);
        await screenshot(page, 'server-console', theme, 'desktop');
      }

      // Settings from the template's schema.
      await page.getByTestId('tab-settings').click();
      await visible(page, 'schema-form', problems);
      expect(await page.getByTestId('version-current').textContent()).toContain('Paper');
      expect(await seriousAxeViolations(page), 'settings').toEqual([]);

      // Danger zone: delete needs the name typed.
      await page.getByTestId('tab-danger').click();
      await page.getByTestId('delete-open').click();
      await page.getByTestId('delete-dialog').waitFor();
      expect(await page.getByTestId('delete-confirm').isDisabled()).toBe(true);
      await textControl(page, 'delete-name').fill('Survival');
      expect(await page.getByTestId('delete-confirm').isEnabled()).toBe(true);
      expect(await seriousAxeViolations(page), 'delete dialog').toEqual([]);
      await page.keyboard.press('Escape');

      expect(await cspViolations(page)).toEqual([]);
      expect(problems).toEqual([]);

      // Phone width: nothing overflows, on the overview and the console.
      await page.setViewportSize({ width: 360, height: 740 });
      for (const tab of ['', '?tab=console']) {
        await page.goto(`${panel.baseUrl}${path}${tab}`);
        await page.getByTestId(tab === '' ? 'metric-cpu' : 'console-terminal').waitFor();
        // Once laid out (the tab bar measures itself for its scroll arrows), nothing overflows.
        await expect.poll(() => horizontalOverflow(page), { timeout: 5_000 }).toBe(0);
        expect(await seriousAxeViolations(page), `phone ${tab}`).toEqual([]);
      }
      await screenshot(page, 'server-console', 'dark', 'phone');
    } finally {
      await context.close();
    }
  });
});
