import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { rbacPlugin } from '@pteronimbus/plugin-rbac';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import type { Browser } from 'playwright-core';
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
  seriousAxeViolations,
  setTheme,
  signIn,
  signedOutConsole,
  startDiscordPanel,
  textControl,
  themes,
  wizardNext,
  type DiscordPanel,
} from './fixtures.ts';

// From the demo seed: Alice owns "Pteronimbus Dev", where the bot already is, and holds its Admin
// role; mapping game server permissions to that role lets her create servers.
const { guild } = demo;
const adminRole = guild.adminRoleId;
const tenantPath = `/t/${guild.id}`;

let panel: DiscordPanel;
let browser: Browser;
let clusterId: string;

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
  clusterId = await approvedCluster(panel);
  // The wizard offers NodePort only where the installation allows it.
  await panel.core.app.pn.limits.setInstallation(
    { exposures: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
    null,
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await panel?.close();
});

describe('game servers', () => {
  it('creates a server through the wizard and finds it in the list, axe-clean in both themes', async () => {
    const { context, page, problems } = await openPanelPage(browser, {
      theme: 'light',
      expectedConsole: signedOutConsole,
    });
    try {
      await installGuild(page, panel, {
        guild,
        clusterId,
        role: {
          id: adminRole,
          permissions: ['server.read', 'server.create', 'server.metrics.read', 'template.read'],
        },
      });

      // An empty list leads to the wizard.
      await page.goto(`${panel.baseUrl}${tenantPath}`);
      await page.getByTestId('nav-tenant-servers').click();
      // The dashboard has an empty state of its own: wait for the list's page first.
      await page.waitForURL(`${panel.baseUrl}${tenantPath}/servers`);
      await page.getByTestId('state-empty').waitFor();
      expect(new URL(page.url()).pathname).toBe(`${tenantPath}/servers`);
      for (const theme of themes) {
        await setTheme(page, theme);
        await page.getByTestId('state-empty').waitFor();
        expect(await seriousAxeViolations(page), `empty list, ${theme}`).toEqual([]);
      }
      await page.getByTestId('empty-create').click();

      // Template step: the shipped global templates are offered.
      const paper = page.getByTestId('template-option').filter({ hasText: 'Paper' }).first();
      await paper.waitFor();
      for (const theme of themes) {
        await setTheme(page, theme);
        await paper.waitFor();
        expect(await seriousAxeViolations(page), `wizard, ${theme}`).toEqual([]);
      }
      await paper.click();
      await expect.poll(() => paper.getAttribute('aria-checked')).toBe('true');
      await textControl(page, 'server-name').fill('Survival');
      await wizardNext(page, 'Game and template');

      // Settings from the template's schema, then resources and network.
      await page.getByTestId('schema-form').waitFor();
      expect(await seriousAxeViolations(page), 'settings step').toEqual([]);
      // Paper needs the Minecraft EULA accepted, by whoever creates the server.
      await page.getByRole('group', { name: 'Settings', exact: true }).getByTestId('next').click();
      await page.getByTestId('field-EULA_ACCEPTED').getByRole('alert').waitFor();
      await page.getByTestId('field-EULA_ACCEPTED').getByRole('switch').click();
      await wizardNext(page, 'Settings');
      await textControl(page, 'resource-memory').fill('3072');
      await page.getByRole('radio', { name: /NodePort/ }).click();
      expect(await seriousAxeViolations(page), 'resources step').toEqual([]);
      await wizardNext(page, 'Resources and network');

      await page.getByTestId('review').waitFor();
      expect(await page.getByTestId('review-name').textContent()).toBe('Survival');
      expect(await page.getByTestId('review').textContent()).toContain(`(${clusterId})`);
      expect(await page.getByTestId('review-resources').textContent()).toContain('3,072 MiB');
      expect(await page.getByTestId('review-parameters').textContent()).toContain(
        'EULA_ACCEPTED = true',
      );
      expect(await seriousAxeViolations(page), 'review step').toEqual([]);
      await screenshot(page, 'server-create', 'dark', 'desktop');

      // Two quick clicks create one server.
      const submit = page.getByTestId('submit');
      await submit.dblclick();
      await page.getByTestId('install-progress').waitFor();
      // No operator runs here: the status stays unreported, and the page says it waits.
      expect(await page.getByTestId('install-note').textContent()).toContain('Waiting');
      expect(await seriousAxeViolations(page), 'install progress').toEqual([]);

      await page.getByTestId('open-server').waitFor();
      const href = await page.getByTestId('open-server').getAttribute('href');
      expect(href).toMatch(new RegExp(`^${tenantPath}/servers/s[0-9a-f]+$`));

      const listed = await page.request.get(`${panel.baseUrl}/api/v1/tenants/${guild.id}/servers`);
      const { items } = (await listed.json()) as {
        items: Array<{ name: string; exposure: string; resources: { memory: number } }>;
      };
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        name: 'Survival',
        exposure: 'NodePort',
        resources: { memory: 3072 },
      });

      // The list shows it, with its status not yet reported.
      await page.goto(`${panel.baseUrl}${tenantPath}/servers`);
      const row = page.getByTestId('server-row').filter({ hasText: 'Survival' });
      await row.waitFor();
      expect(await row.getByTestId('server-status').getAttribute('data-phase')).toBe('unknown');
      await expect
        .poll(() => page.getByTestId('live-state').getAttribute('data-state'))
        .toBe('open');
      for (const theme of themes) {
        await setTheme(page, theme);
        await row.waitFor();
        expect(await seriousAxeViolations(page), `list, ${theme}`).toEqual([]);
        await screenshot(page, 'servers', theme, 'desktop');
      }

      // The filters live in the address: a shared link opens the same view.
      await page.goto(`${panel.baseUrl}${tenantPath}/servers?status=Running`);
      await page.getByTestId('state-empty').waitFor();
      expect(await page.getByTestId('state-empty').textContent()).toContain('No server matches');

      expect(await cspViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the list as cards and the wizard as a vertical stepper at phone width', async () => {
    const { context, page } = await openPanelPage(browser, {
      theme: 'dark',
      viewport: 'phone',
      expectedConsole: signedOutConsole,
    });
    try {
      await page.goto(`${panel.baseUrl}${tenantPath}/servers`);
      await page.getByTestId('login-discord').waitFor();
      await signIn(page, panel, demo.alice.id);
      await page.getByTestId('server-card').first().waitFor();
      // Measured once the drawer has closed and the usage column has loaded.
      await expect.poll(() => horizontalOverflow(page), { timeout: 5_000 }).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'servers', 'dark', 'phone');

      await page.getByTestId('create-server').click();
      await page.getByTestId('template-option').first().waitFor();
      expect(await page.locator('.q-stepper--vertical').count()).toBe(1);
      await expect.poll(() => horizontalOverflow(page), { timeout: 5_000 }).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'server-create', 'dark', 'phone');
    } finally {
      await context.close();
    }
  });
});
