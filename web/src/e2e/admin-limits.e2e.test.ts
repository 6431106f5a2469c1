import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { rbacPlugin } from '@pteronimbus/plugin-rbac';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvedCluster,
  cspViolations,
  demo,
  fontsSettled,
  horizontalOverflow,
  launchChromium,
  openPanelPage,
  seriousAxeViolations,
  signedOutConsole,
  signIn,
  startDiscordPanel,
  textControl,
  themes,
  viewports,
  type DiscordPanel,
  type Theme,
  type Viewport,
} from './fixtures.ts';

const { guild } = demo;

let panel: DiscordPanel;
let browser: Browser;
let clusterId: string;

beforeAll(async () => {
  panel = await startDiscordPanel({
    plugins: [authDiscordPlugin, rbacPlugin],
    superAdmins: [demo.alice.id],
    bot: true,
  });
  clusterId = await approvedCluster(panel, 'frankfurt');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await panel?.close();
});

function open(theme: Theme, viewport: Viewport = 'desktop') {
  return openPanelPage(browser, { theme, viewport, expectedConsole: signedOutConsole });
}

async function signedIn(page: Page, path: string): Promise<void> {
  await page.goto(`${panel.baseUrl}${path}`);
  await page.getByTestId('login-discord').waitFor();
  await signIn(page, panel, demo.alice.id);
  await page.waitForURL(`${panel.baseUrl}${path}`);
}

describe('tenant limits, as a super admin', () => {
  it('holds an install for approval, approves it from the queue and edits the new tenant by keyboard', async () => {
    const { context, page, problems } = await open('light');
    try {
      await signedIn(page, '/admin/limits');
      // The policy: approval, saved from the page.
      await page
        .getByTestId('policy')
        .getByRole('radio', { name: /once a super admin approves/ })
        .click();
      await page.getByTestId('policy-save').click();
      await page.getByTestId('policy-saved').waitFor();

      // Alice adds her guild: the request waits.
      await page.goto(`${panel.baseUrl}/tenants`);
      const card = page.getByTestId('installable-card').filter({ hasText: guild.name });
      const invite = page.context().waitForEvent('page');
      await card.getByTestId('install').click();
      await (await invite).close();
      await page.getByTestId('install-pending').waitFor();
      await page.getByTestId('install-cancel').click();
      expect(await page.getByTestId(`request-${guild.id}`).textContent()).toContain(
        'Waiting for approval',
      );

      // The queue has it; approving makes it a tenant with the default ceiling.
      await page.goto(`${panel.baseUrl}/admin/limits`);
      await page.getByTestId(`request-${guild.id}`).waitFor();
      expect(await seriousAxeViolations(page), 'with a request waiting').toEqual([]);
      await page.getByTestId(`approve-${guild.id}`).click();
      await page.getByTestId('request-notice').waitFor();
      const row = page.getByTestId(`tenant-limits-${guild.id}`);
      await row.waitFor();
      expect(await page.getByTestId(`ceiling-${guild.id}-servers`).textContent()).toContain(
        '0 of 10',
      );

      // The editor, by keyboard: focus the edit button, open, type, save.
      await page.getByTestId(`edit-${guild.id}`).focus();
      await page.keyboard.press('Enter');
      await textControl(page, 'editor-ceiling-servers').waitFor();
      expect(await seriousAxeViolations(page), 'editor').toEqual([]);
      await textControl(page, 'editor-ceiling-servers').fill('3');
      await page.getByTestId('editor-follow-clusters').click();
      await page.getByRole('checkbox', { name: 'frankfurt' }).click();
      await textControl(page, 'editor-ceiling-servers').press('Enter');
      await page.getByTestId('tenant-limits-dialog').waitFor({ state: 'hidden' });
      await expect
        .poll(() => page.getByTestId(`ceiling-${guild.id}-servers`).textContent())
        .toContain('0 of 3');
      expect(await page.getByTestId(`clusters-${guild.id}`).textContent()).toContain('frankfurt');

      const limits = await panel.core.app.pn.limits.tenant(guild.id);
      expect(limits).toMatchObject({ ceiling: { servers: 3 }, clusters: [clusterId] });
      expect(await cspViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const theme of themes) {
    for (const viewport of Object.keys(viewports) as Viewport[]) {
      it(`is axe-clean and fits at ${viewport} width in the ${theme} theme`, async () => {
        const { context, page, problems } = await open(theme, viewport);
        try {
          await signedIn(page, '/admin/limits');
          await page.getByTestId('policy-install').waitFor();
          await page.getByTestId('tenant-limit-list').waitFor();
          await fontsSettled(page);
          expect(await seriousAxeViolations(page)).toEqual([]);
          expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }
});
