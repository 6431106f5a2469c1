import { readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  demoSeedPath,
  loadSeedFile,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { gameSteamPlugin } from '@pteronimbus/plugin-game-steam';
import { gameTerrariaPlugin } from '@pteronimbus/plugin-game-terraria';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import { communityEgg, startTestCore, type TestCore } from '@pteronimbus/sdk/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(webDir, 'dist', 'spa');
const repoRoot = join(webDir, '..');
const screenshotDir = join(repoRoot, 'docs', 'screenshots');
const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const demo = {
  clientId: '1291800000000000001',
  clientSecret: 'demo-client-secret-not-for-production',
  alice: { id: '1104000000000000101', name: 'Alice' },
};
const shippedTemplates = [
  'Counter-Strike 2',
  'Paper',
  'Terraria',
  'Valheim',
  'Vanilla Minecraft',
  'tModLoader',
];
const communityEggFile = 'ptdl_v2/game_eggs__mindustry__egg-mindustry.json';
const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;
// The avatar comes from Discord's CDN; the test answers it locally, as nothing may leave the machine.
const avatarSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#5865f2"/></svg>';

let discord: DiscordEmulator;
let core: TestCore;
let browser: Browser;
let baseUrl: string;

/** A free loopback port, so the panel's public URL is known before core starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const seed = await loadSeedFile(demoSeedPath);
  seed.application.redirectUris = [`${baseUrl}/auth/callback`];
  discord = await startDiscordEmulator({ seed, port: 0 });
  core = await startTestCore({
    plugins: [
      authDiscordPlugin,
      templatesPlugin,
      gameMinecraftPlugin,
      gameSteamPlugin,
      gameTerrariaPlugin,
      gameGenericPlugin,
    ] as never[],
    config: {
      webRoot: distDir,
      publicUrl: baseUrl,
      superAdmins: [demo.alice.id],
      discord: {
        clientId: demo.clientId,
        clientSecret: demo.clientSecret,
        botToken: null,
        publicKey: null,
        apiUrl: discord.apiUrl,
        authorizeUrl: discord.authorizeUrl,
      },
    },
    pluginConfig: {
      'auth-discord': { rateLimit: { loginPerMinute: 1000, refreshPerMinute: 1000 } },
    },
  });
  await core.app.listen({ port, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await core?.close();
  await discord?.close();
});

async function openContext(
  theme: 'light' | 'dark',
  viewport: keyof typeof viewports = 'desktop',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: viewports[viewport],
    colorScheme: theme,
    reducedMotion: 'reduce',
    locale: 'en-US',
  });
  await context.route('https://cdn.discordapp.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: avatarSvg }),
  );
  await context.addInitScript((mode) => {
    if (localStorage.getItem('pn.theme') === null) localStorage.setItem('pn.theme', mode);
    document.addEventListener('securitypolicyviolation', (event: SecurityPolicyViolationEvent) => {
      (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
      (window as unknown as { cspViolations: string[] }).cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  }, theme);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 401 from /auth/me before signing in is how the panel learns nobody is signed in.
    if (message.type() === 'error' && !/401|Unauthorized/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return { context, page, problems };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`,
    );
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
  );
}

/** The text control of a Quasar field, wherever Quasar put the test id. */
function textControl(page: Page, testId: string) {
  const id = `[data-testid="${testId}"]`;
  return page.locator(`input${id}, textarea${id}, ${id} input, ${id} textarea`).first();
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((mode) => localStorage.setItem('pn.theme', mode), theme);
  await page.reload();
}

/** Goes through Discord's consent page (the emulator's) as the demo super admin. */
async function signIn(page: Page): Promise<void> {
  await page.getByTestId('login-discord').click();
  await page.waitForURL((url) => url.href.startsWith(discord.url));
  await page.locator(`input[name="user_id"][value="${demo.alice.id}"]`).check();
  await page.locator('button[value="approve"]').click();
  await page.waitForURL((url) => url.href.startsWith(baseUrl) && !url.pathname.startsWith('/auth'));
}

describe('login page', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const viewport of Object.keys(viewports) as Array<keyof typeof viewports>) {
      it(`is axe-clean within the CSP in the ${theme} theme at ${viewport} width`, async () => {
        const { context, page, problems } = await openContext(theme, viewport);
        try {
          await page.goto(`${baseUrl}/admin/templates`);
          await page.waitForURL(`${baseUrl}/login?returnTo=/admin/templates`);
          await page.getByTestId('login-discord').waitFor();
          expect(await page.getByTestId('login-discord').getAttribute('href')).toBe(
            '/auth/login?returnTo=%2Fadmin%2Ftemplates',
          );
          await page.screenshot({
            path: join(screenshotDir, `login-${theme}-${viewport}.png`),
            fullPage: true,
          });
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

      // The library lists what the game plugins ship.
      await page.getByTestId('open-templates').click();
      await page.waitForURL(`${baseUrl}/admin/templates`);
      await page.getByTestId('template-card').first().waitFor();
      const names = (await page.getByTestId('template-name').allTextContents()).map((n) =>
        n.trim(),
      );
      for (const name of shippedTemplates) expect(names).toContain(name);

      for (const theme of ['light', 'dark'] as const) {
        for (const viewport of Object.keys(viewports) as Array<keyof typeof viewports>) {
          await page.setViewportSize(viewports[viewport]);
          await setTheme(page, theme);
          await page.getByTestId('template-card').first().waitFor();
          await page.screenshot({
            path: join(screenshotDir, `templates-${theme}-${viewport}.png`),
            fullPage: true,
          });
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
        await page.screenshot({
          path: join(screenshotDir, `template-${theme}-desktop.png`),
          fullPage: true,
        });
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
