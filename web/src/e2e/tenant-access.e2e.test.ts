import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { rbacPlugin } from '@pteronimbus/plugin-rbac';
import type { Browser, ConsoleMessage, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  demo,
  horizontalOverflow,
  launchChromium,
  openPanelPage,
  screenshot,
  seriousAxeViolations,
  setTheme,
  signIn,
  startDiscordPanel,
  textControl,
  themes,
  viewports,
  type DiscordPanel,
} from './fixtures.ts';

// From the demo seed: Alice owns "Pteronimbus Dev", where the bot already is; Carol is a
// member there with the Player role, and nothing mapped to it yet.
const guild = { id: '1180000000000000201', name: 'Pteronimbus Dev', members: 4 };
const roles = { admin: 'Admin', player: 'Player' };
const carol = { username: 'carol' };
const statusChannel = '1180000000000000223';

let panel: DiscordPanel;
let browser: Browser;

beforeAll(async () => {
  panel = await startDiscordPanel({ plugins: [authDiscordPlugin, rbacPlugin], bot: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await panel?.close();
});

/**
 * Console errors that are how the panel works: the 401s of /auth/me and /auth/refresh before
 * signing in, and the
 * 403 of the game server list for an admin who may not see game servers (the access page then
 * says narrowing needs that permission).
 */
function expectedConsole(message: ConsoleMessage): boolean {
  const url = message.location().url;
  return (
    (/401/.test(message.text()) && /\/auth\/(me|refresh)$/.test(url)) ||
    (/403/.test(message.text()) && /\/servers(\?|$)/.test(url))
  );
}

const tenantPath = `/t/${guild.id}`;

/** Each tenant page, and what shows once it has loaded. */
const pages = [
  { name: 'tenants', path: '/tenants', ready: 'tenant-card' },
  { name: 'tenant-dashboard', path: tenantPath, ready: 'member-count' },
  { name: 'tenant-access', path: `${tenantPath}/access`, ready: 'editor' },
  { name: 'tenant-audit', path: `${tenantPath}/audit`, ready: 'entry' },
  { name: 'tenant-settings', path: `${tenantPath}/settings`, ready: 'settings-form' },
] as const;

/** What each page was still loading, and what it logged: said when a page does not show. */
const trail = new WeakMap<Page, { pending: Set<string>; logged: string[] }>();

function keepTrail(page: Page): void {
  const pending = new Set<string>();
  const logged: string[] = [];
  trail.set(page, { pending, logged });
  const key = (request: Request) => `${request.method()} ${request.url()}`;
  page.on('request', (request) => pending.add(key(request)));
  page.on('requestfinished', (request) => pending.delete(key(request)));
  page.on('requestfailed', (request) => pending.delete(key(request)));
  page.on('pageerror', (error) => logged.push(`page error: ${error.stack ?? error.message}`));
  page.on('console', (message) => logged.push(`${message.type()}: ${message.text()}`));
}

async function open(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(`${panel.baseUrl}${path}`);
  try {
    await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
  } catch (cause) {
    const shown = await page.locator('body').innerText();
    const { pending, logged } = trail.get(page) ?? { pending: new Set(), logged: [] };
    throw new Error(
      [
        `${path} did not show ${ready}; ${page.url()} shows:`,
        shown,
        'still loading:',
        ...pending,
        'logged:',
        ...logged.slice(-20),
      ].join('\n'),
      { cause },
    );
  }
}

/** Picks a role in the list on the left of the access page. */
async function pickRole(page: Page, name: string): Promise<void> {
  await page.getByTestId('role').filter({ hasText: name }).first().click();
  await expect.poll(() => page.locator('#pn-access-role').textContent()).toContain(name);
}

describe('a guild owner installs Pteronimbus and decides who may do what', () => {
  it('installs, maps a role, sees the member’s permissions change, and finds it audited', async () => {
    const { context, page, problems } = await openPanelPage(browser, {
      theme: 'light',
      expectedConsole,
    });
    keepTrail(page);
    try {
      await page.goto(`${panel.baseUrl}/tenants`);
      await page.waitForURL(/\/login\?returnTo=/);
      await signIn(page, panel, demo.alice.id);
      await page.waitForURL(`${panel.baseUrl}/tenants`);

      // Install through the panel: the invite opens in a new tab, the bot is already in the
      // guild, so confirming creates the tenant and lands on its overview.
      const card = page.getByTestId('installable-card').filter({ hasText: guild.name });
      const invite = context.waitForEvent('page');
      await card.getByTestId('install').click();
      const inviteTab = await invite;
      expect(inviteTab.url()).toContain(`guild_id=${guild.id}`);
      await inviteTab.close();
      await page.waitForURL(`${panel.baseUrl}${tenantPath}`);

      // The first sync runs as a job after the install; the overview shows its result.
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByTestId('sync-status').or(page.getByTestId('sync-forbidden')).waitFor();
            return page.getByTestId('member-count').textContent();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(String(guild.members));

      // Back on the picker, the guild is now a tenant to open rather than one to add.
      await page.goto(`${panel.baseUrl}/tenants`);
      const tenantCard = page.getByTestId('tenant-card').filter({ hasText: guild.name });
      await tenantCard.waitFor();
      expect(
        await page.getByTestId('installable-card').filter({ hasText: guild.name }).count(),
      ).toBe(0);
      await tenantCard.click();
      await page.waitForURL(`${panel.baseUrl}${tenantPath}`);

      await page.getByTestId('nav-tenant-access').click();
      await page.waitForURL(`${panel.baseUrl}${tenantPath}/access`);
      await page.getByTestId('editor').waitFor();
      // Nothing is mapped yet: Carol holds no permission.
      await textControl(page, 'member-search').fill(carol.username);
      await page.locator('.q-menu .q-item').filter({ hasText: carol.username }).first().click();
      await page.getByTestId('effective-none').waitFor();

      // No game servers exist yet, so a mapping applies to all of them; the page says why it
      // cannot be narrowed (the list of servers needs a permission an owner is not given).
      await pickRole(page, roles.player);
      await page.getByTestId('scope-forbidden').or(page.getByTestId('scope-none')).waitFor();
      await page.getByTestId('perm-server.read').click();
      await pickRole(page, roles.admin);
      await page.getByTestId('perm-audit.read').click();
      await expect.poll(() => page.getByTestId('unsaved').textContent()).toContain('2 roles');
      await page.getByTestId('save').click();
      await page.getByTestId('saved').waitFor();

      // Carol's effective permissions follow the Player mapping at once.
      const granted = page.getByTestId('effective-item');
      await expect.poll(() => granted.count()).toBe(1);
      expect(await granted.first().textContent()).toContain('See game servers');
      expect(await granted.first().textContent()).toContain(`through ${roles.player}`);

      // The change is in the audit log, which Alice may read now through the Admin role.
      await open(page, `${tenantPath}/audit`, 'entry');
      const mapping = page
        .getByTestId('entry')
        .filter({ has: page.getByTestId('entry-action').getByText('rbac.mapping.update') })
        .filter({ hasText: roles.player });
      await expect.poll(() => mapping.count()).toBe(1);
      expect(await mapping.getByTestId('entry-actor').textContent()).toContain(demo.alice.name);

      // A long log loads on as the reader scrolls: 120 older entries, 50 to a page.
      await panel.core.app.pn.db.query(
        `insert into pn_audit_log (tenant_id, actor_type, actor_id, actor_name, action, target_type, target_id, source, created_at)
         select $1, 'user', $2, $3, 'server.start', 'server', 'older-' || n, 'web', now() - make_interval(days => 1, secs => n)
           from generate_series(1, 120) as n`,
        [guild.id, demo.alice.id, demo.alice.name],
      );
      await open(page, `${tenantPath}/audit`, 'entry');
      const entries = page.getByTestId('entry');
      await expect.poll(() => entries.count()).toBe(50);
      for (let scrolled = 0; (await entries.count()) < 120 && scrolled < 10; scrolled++) {
        await entries.last().scrollIntoViewIfNeeded();
        await page.waitForTimeout(200);
      }
      await expect.poll(() => entries.count()).toBeGreaterThan(120);
      await expect.poll(() => page.getByTestId('load-more').count()).toBe(0);
      const targets = await page.getByTestId('entry-target').allTextContents();
      for (const n of [1, 60, 120])
        expect(targets.map((text) => text.trim())).toContain(`server older-${n}`);

      // Settings: the owner edits them and the notification channel is kept.
      await open(page, `${tenantPath}/settings`, 'settings-form');
      await page.getByTestId('settings-defaults').waitFor();
      // The channel is picked from the Discord server's text channels; the voice one is not
      // offered, since nothing can be posted there.
      await textControl(page, 'settings-channel').click();
      const channelOptions = page.getByTestId('settings-channel-option');
      await expect
        .poll(() => channelOptions.allTextContents())
        .toEqual(['None: no notifications', '#general', '#server-statusGame servers']);
      await channelOptions.filter({ hasText: '#server-status' }).click();
      await expect.poll(() => channelOptions.count()).toBe(0);
      await page.getByTestId('settings-save').click();
      await page.getByTestId('settings-saved').waitFor();
      await page.reload();
      await page.getByTestId('settings-form').waitFor();
      await expect
        .poll(() => textControl(page, 'settings-channel').inputValue())
        .toBe('#server-status');
      const stored = await page.request.get(`${panel.baseUrl}/api/v1/tenants/${guild.id}/settings`);
      expect((await stored.json()).notificationChannelId).toBe(statusChannel);
      expect(await page.getByTestId('uninstall-open').isDisabled()).toBe(false);

      expect(await cspViolations(page)).toEqual([]);
      expect(problems).toEqual([]);

      // Every tenant page, in both themes: axe-clean on a laptop, no sideways scrolling on a
      // 360 px phone, and the README's screenshots.
      for (const theme of themes) {
        await page.setViewportSize(viewports.desktop);
        await setTheme(page, theme);
        for (const { name, path, ready } of pages) {
          await open(page, path, ready);
          await page.evaluate(() => document.fonts.ready);
          await screenshot(page, name, theme, 'desktop');
          expect.soft(await seriousAxeViolations(page), `${name} ${theme}`).toEqual([]);
        }
        await page.setViewportSize(viewports.phone);
        for (const { name, path, ready } of pages) {
          await open(page, path, ready);
          await page.evaluate(() => document.fonts.ready);
          expect.soft(await horizontalOverflow(page), `${name} ${theme} phone`).toBe(0);
          await screenshot(page, name, theme, 'phone');
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
