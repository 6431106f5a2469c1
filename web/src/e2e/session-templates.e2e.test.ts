import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { gameSteamPlugin } from '@pteronimbus/plugin-game-steam';
import { gameTerrariaPlugin } from '@pteronimbus/plugin-game-terraria';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import { communityEgg } from '@pteronimbus/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  demo,
  launchChromium,
  openPanelPage,
  screenshot,
  seriousAxeViolations,
  setTheme,
  signIn as signInAs,
  startDiscordPanel,
  textControl,
  viewports,
  type DiscordPanel,
  type Theme,
  type Viewport,
} from './fixtures.ts';

const shippedTemplates = [
  'Counter-Strike 2',
  'Paper',
  'Terraria',
  'Valheim',
  'Vanilla Minecraft',
  'tModLoader',
];
const communityEggFile = 'ptdl_v2/game_eggs__mindustry__egg-mindustry.json';

let panel: DiscordPanel;
let browser: Browser;
let baseUrl: string;
let discord: DiscordPanel['discord'];

beforeAll(async () => {
  panel = await startDiscordPanel({
    plugins: [
      authDiscordPlugin,
      templatesPlugin,
      gameMinecraftPlugin,
      gameSteamPlugin,
      gameTerrariaPlugin,
      gameGenericPlugin,
    ],
    superAdmins: [demo.alice.id],
  });
  ({ baseUrl, discord } = panel);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await panel?.close();
});

// A 401 from /auth/me before signing in is how the panel learns nobody is signed in.
function openContext(theme: Theme, viewport: Viewport = 'desktop') {
  return openPanelPage(browser, {
    theme,
    viewport,
    expectedConsole: (message) => /401|Unauthorized/.test(message.text()),
  });
}

/** Signs in as the demo super admin. */
function signIn(page: Page): Promise<void> {
  return signInAs(page, panel, demo.alice.id);
}

describe('login page', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const viewport of Object.keys(viewports) as Viewport[]) {
      it(`is axe-clean within the CSP in the ${theme} theme at ${viewport} width`, async () => {
        const { context, page, problems } = await openContext(theme, viewport);
        try {
          await page.goto(`${baseUrl}/admin/templates`);
          await page.waitForURL(`${baseUrl}/login?returnTo=/admin/templates`);
          await page.getByTestId('login-discord').waitFor();
          expect(await page.getByTestId('login-discord').getAttribute('href')).toBe(
            '/auth/login?returnTo=%2Fadmin%2Ftemplates',
          );
          await screenshot(page, 'login', theme, viewport);
          expect(await seriousAxeViolations(page)).toEqual([]);

          await page.goto(`${baseUrl}/login?error=PN_DISCORD_UNAVAILABLE`);
          await page.getByTestId('login-notice').waitFor();
          expect(await page.getByTestId('login-notice').getAttribute('data-kind')).toBe(
            'discordUnavailable',
          );
          expect(await seriousAxeViolations(page)).toEqual([]);
          expect(await cspViolations(page)).toEqual([]);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('explains a consent denied on Discord', async () => {
    const { context, page } = await openContext('light');
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-discord').click();
      await page.waitForURL((url) => url.href.startsWith(discord.url));
      await page.locator('button[value="deny"]').click();
      await page.waitForURL(`${baseUrl}/login?error=denied`);
      expect(await page.getByTestId('login-notice').getAttribute('data-kind')).toBe('denied');
    } finally {
      await context.close();
    }
  });
});

describe('signed in as a super admin', () => {
  it('signs in with Discord, stays signed in, uses the template library and signs out', async () => {
    const { context, page, problems } = await openContext('light');
    try {
      await page.goto(`${baseUrl}/`);
      await page.waitForURL(`${baseUrl}/login`);
      await signIn(page);
      await page.waitForURL(`${baseUrl}/`);

      await page.getByTestId('user-menu').click();
      await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(demo.alice.name);
      await page.getByTestId('super-admin-badge').waitFor();
      await page.keyboard.press('Escape');

      await page.reload();
      await page.getByTestId('user-menu').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');

      // The templates plugin brings its own UI: the drawer lists its admin page, with the icon
      // the plugin names rendered from the bundled Material Symbols font.
      const link = page.getByTestId('nav-plugin:templates:admin:library');
      await link.waitFor();
      expect(await link.locator('.q-icon').getAttribute('class')).toContain(
        'material-symbols-outlined',
      );
      expect(await link.locator('.q-item__section--main').textContent()).toBe('Templates');

      // The library lists what the game plugins ship.
      await page.getByTestId('open-templates').click();
      await page.waitForURL(`${baseUrl}/admin/templates`);
      await page.getByTestId('template-card').first().waitFor();
      const names = (await page.getByTestId('template-name').allTextContents()).map((n) =>
        n.trim(),
      );
      for (const name of shippedTemplates) expect(names).toContain(name);

      for (const theme of ['light', 'dark'] as const) {
        for (const viewport of Object.keys(viewports) as Viewport[]) {
          await page.setViewportSize(viewports[viewport]);
          await setTheme(page, theme);
          await page.getByTestId('template-card').first().waitFor();
          await screenshot(page, 'templates', theme, viewport);
          expect(await seriousAxeViolations(page), `${theme} ${viewport}`).toEqual([]);
        }
      }
      await page.setViewportSize(viewports.desktop);
      await setTheme(page, 'light');

      // Search narrows the list and lands in the query string.
      await textControl(page, 'template-search').fill('vanilla');
      await page.waitForURL(`${baseUrl}/admin/templates?q=vanilla`);
      await expect
        .poll(async () => (await page.getByTestId('template-name').allTextContents()).sort())
        .toEqual(['Vanilla Minecraft']);
      await page.goto(`${baseUrl}/admin/templates`);

      // A community egg pasted in, with its conversion report.
      const egg = communityEgg(communityEggFile);
      const eggName = (JSON.parse(egg) as { name: string }).name;
      await page.getByTestId('open-import').click();
      await page.getByTestId('import-tab-paste').click();
      await textControl(page, 'import-paste').fill(egg);
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-report').waitFor();
      expect(await page.getByTestId('import-result').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('import-summary').textContent()).toContain(
        '1 template imported.',
      );
      expect(await page.getByTestId('import-result-link').textContent()).toContain(eggName);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByTestId('import-close').click();
      await expect
        .poll(() => page.getByTestId('template-name').allTextContents())
        .toContain(eggName);

      // A template's page shows the form server creators will fill in.
      await page.getByTestId('template-card').filter({ hasText: 'Paper' }).click();
      await page.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
      await page.getByTestId('schema-form').waitFor();
      expect(await page.getByTestId('template-title').textContent()).toBe('Paper');
      expect(await page.locator('[data-testid^="field-"]').count()).toBeGreaterThan(1);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(page, theme);
        await page.getByTestId('schema-form').waitFor();
        await screenshot(page, 'template', theme, 'desktop');
        expect(await seriousAxeViolations(page), theme).toEqual([]);
      }
      await setTheme(page, 'light');
      await page.getByTestId('tab-spec').click();
      await page.getByTestId('spec-startup').waitFor();
      await page.getByTestId('tab-versions').click();
      await page.getByTestId('version-row').first().waitFor();

      // Signing out ends the session: the panel goes to the login page and stays there.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();
      await page.waitForURL(`${baseUrl}/login`);
      await page.goto(`${baseUrl}/admin/templates`);
      await page.waitForURL(/\/login\?returnTo=/);

      expect(await cspViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
