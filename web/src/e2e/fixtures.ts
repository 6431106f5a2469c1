import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  demoSeedPath,
  loadSeedFile,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { gameSteamPlugin } from '@pteronimbus/plugin-game-steam';
import { gameTerrariaPlugin } from '@pteronimbus/plugin-game-terraria';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Locator,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';
import { squeezedText } from './layout.ts';

/**
 * The first-party plugins a core without sign-in can load, as they are: the system page and its
 * screenshots show what this repository really ships, nothing made up.
 */
export const e2ePlugins = [
  templatesPlugin,
  gameGenericPlugin,
  gameMinecraftPlugin,
  gameSteamPlugin,
  gameTerrariaPlugin,
];

/** Where the built panel, the repository and the README's screenshots are. */
export const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = join(webDir, 'dist', 'spa');
export const repoRoot = join(webDir, '..');
export const screenshotDir = join(repoRoot, 'docs', 'screenshots');

export const themes = ['light', 'dark'] as const;
export type Theme = (typeof themes)[number];

/** The widths the panel is checked at: a laptop, and the narrowest phone it supports. */
export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;
export type Viewport = keyof typeof viewports;

/** The demo seed's application credentials and users (tools/discord-emulator/seeds/demo.json). */
export const demo = {
  clientId: '1291800000000000001',
  clientSecret: 'demo-client-secret-not-for-production',
  botToken: 'demo-bot-token-not-for-production',
  alice: { id: '1104000000000000101', name: 'Alice' },
  /** Alice owns it, the bot is already in it, and she holds its Admin role. */
  guild: { id: '1180000000000000201', name: 'Pteronimbus Dev', adminRoleId: '1180000000000000211' },
} as const;

// Avatars and guild icons come from Discord's CDN; the tests answer them locally, as nothing may
// leave the machine.
const cdnImage =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#5865f2"/></svg>';

const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A free loopback port, so the panel's public URL is known before core starts. */
export async function freePort(): Promise<number> {
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

/** A browser page with what the tests look at: page errors, console errors, failed requests. */
export interface PanelPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** How {@link openPanelPage} sets up a page. */
export interface PanelPageOptions {
  theme: Theme;
  viewport?: Viewport;
  /** Console errors that are how the panel works (a 401 of /auth/me before signing in). */
  expectedConsole?: (message: ConsoleMessage) => boolean;
  /** Also count failed requests as problems. */
  failedRequests?: boolean;
}

/**
 * A fresh context with the theme remembered as the user would have chosen it, CSP violations
 * collected, Discord's CDN answered locally, and every page error and unexpected console error
 * recorded in `problems`.
 */
export async function openPanelPage(
  browser: Browser,
  options: PanelPageOptions,
): Promise<PanelPage> {
  const context = await browser.newContext({
    viewport: viewports[options.viewport ?? 'desktop'],
    colorScheme: options.theme,
    reducedMotion: 'reduce',
    locale: 'en-US',
  });
  await context.route('https://cdn.discordapp.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: cdnImage }),
  );
  await context.addInitScript((mode) => {
    if (localStorage.getItem('pn.theme') === null) localStorage.setItem('pn.theme', mode);
    document.addEventListener('securitypolicyviolation', (event: SecurityPolicyViolationEvent) => {
      (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
      (window as unknown as { cspViolations: string[] }).cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  }, options.theme);
  const page = await context.newPage();
  const problems: string[] = [];
  const expected = options.expectedConsole ?? (() => false);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message)) {
      problems.push(`console: ${message.text()} (${message.location().url})`);
    }
  });
  if (options.failedRequests === true) {
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  }
  return { context, page, problems };
}

/** CSP violations the page reported since it loaded. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
  );
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe's serious and critical findings on the page as it is now (WCAG 2.2 AA, best practice). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (which forbids inline and
  // injected scripts) does not stop the audit.
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

/** How far the page is wider than the viewport, in CSS pixels (0 when nothing overflows). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** Waits until icons from the font (plugin-sent icon names) can render, for stable screenshots. */
export async function fontsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.load('20px "Material Symbols Outlined"', 'backup');
    await document.fonts.ready;
  });
}

/** The text control of a Quasar field, wherever Quasar put the test id. */
export function textControl(page: Page, testId: string): Locator {
  const id = `[data-testid="${testId}"]`;
  return page.locator(`input${id}, textarea${id}, ${id} input, ${id} textarea`).first();
}

/** Switches the theme the way a returning user would have it, and reloads. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((mode) => localStorage.setItem('pn.theme', mode), theme);
  await page.reload();
}

/**
 * A screenshot for the README, named `<name>-<theme>-<viewport>.png` as the others are. What it
 * shows is checked first: no text squeezed narrower than a few characters.
 */
export async function screenshot(
  page: Page,
  name: string,
  theme: Theme,
  viewport: Viewport,
): Promise<void> {
  expect
    .soft(await squeezedText(page), `squeezed text in ${name}-${theme}-${viewport}`)
    .toEqual([]);
  await page.screenshot({
    path: join(screenshotDir, `${name}-${theme}-${viewport}.png`),
    fullPage: true,
  });
}

/** A core serving the built panel, signing in through the Discord emulator. */
export interface DiscordPanel {
  discord: DiscordEmulator;
  core: TestCore;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the Discord emulator with the demo seed and a core on a known port that serves the
 * built panel and signs in through the emulator. With `bot`, core also holds the seed's bot
 * token, so tenants can be installed and their roles synced.
 */
export async function startDiscordPanel(options: {
  plugins: unknown[];
  superAdmins?: string[];
  bot?: boolean;
}): Promise<DiscordPanel> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const seed = await loadSeedFile(demoSeedPath);
  seed.application.redirectUris = [`${baseUrl}/auth/callback`];
  const discord = await startDiscordEmulator({ seed, port: 0 });
  // A copy of the build: another run rebuilding dist/ meanwhile would otherwise swap the
  // hashed assets under the pages this run has loaded.
  const webRoot = mkdtempSync(join(tmpdir(), 'pn-web-'));
  cpSync(distDir, webRoot, { recursive: true });
  const core = await startTestCore({
    plugins: options.plugins as never[],
    config: {
      webRoot,
      publicUrl: baseUrl,
      superAdmins: options.superAdmins ?? [],
      discord: {
        clientId: demo.clientId,
        clientSecret: demo.clientSecret,
        botToken: options.bot === true ? demo.botToken : null,
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
  return {
    discord,
    core,
    baseUrl,
    async close() {
      await core.close();
      await discord.close();
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

/** Goes through Discord's consent page (the emulator's) as one of the seed's users. */
export async function signIn(page: Page, panel: DiscordPanel, userId: string): Promise<void> {
  await page.getByTestId('login-discord').click();
  await page.waitForURL((url) => url.href.startsWith(panel.discord.url));
  await page.locator(`input[name="user_id"][value="${userId}"]`).check();
  await page.locator('button[value="approve"]').click();
  await page.waitForURL(
    (url) => url.href.startsWith(panel.baseUrl) && !url.pathname.startsWith('/auth'),
  );
}

/**
 * Console errors of a panel nobody has signed in to yet: `/auth/me` answers 401, and so does the
 * one refresh attempt after it. That is how the panel learns it must show the login page.
 */
export function signedOutConsole(message: ConsoleMessage): boolean {
  return /401/.test(message.text()) && /\/auth\/(me|refresh)$/.test(message.location().url);
}

/**
 * A cluster that joined and was approved, with no operator running: servers are accepted and
 * wait for it, which is all a panel test without Kubernetes needs. Answers its id.
 */
export async function approvedCluster(panel: DiscordPanel, name = 'e2e'): Promise<string> {
  const gateway = panel.core.app.pn.operatorGateway;
  const { token } = await gateway.createJoinToken({ name, createdBy: null });
  const registered = await gateway.register({ token });
  await gateway.approve(registered.clusterId, null);
  return registered.clusterId;
}

/** What {@link installGuild} sets up. */
export interface GuildSetup {
  guild: { id: string; name: string };
  /** Made the guild's default cluster. */
  clusterId: string;
  /**
   * A role of the signed-in user and the permissions mapped to it. Without one, Alice acts as the
   * guild's owner, who holds every permission.
   */
  role?: { id: string; permissions: string[] };
}

/**
 * Signs Alice in, installs the panel in her guild through the Discord servers page (the bot is
 * already there in the demo seed), makes `clusterId` its default cluster and maps permissions to
 * one of her roles. The settings answer once the first role sync has made her a tenant admin.
 */
export async function installGuild(
  page: Page,
  panel: DiscordPanel,
  setup: GuildSetup,
): Promise<void> {
  const { guild, clusterId, role } = setup;
  await page.goto(`${panel.baseUrl}/tenants`);
  await page.getByTestId('login-discord').waitFor();
  await signIn(page, panel, demo.alice.id);
  await page.waitForURL(`${panel.baseUrl}/tenants`);
  const card = page.getByTestId('installable-card').filter({ hasText: guild.name });
  const invite = page.context().waitForEvent('page');
  await card.getByTestId('install').click();
  await (await invite).close();
  await page.waitForURL(`${panel.baseUrl}/t/${guild.id}`);
  const tenantApi = `${panel.baseUrl}/api/v1/tenants/${guild.id}`;
  const headers = { origin: panel.baseUrl };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const settings = await page.request.patch(`${tenantApi}/settings`, {
      data: { defaultClusterId: clusterId },
      headers,
    });
    if (settings.ok()) break;
    if (Date.now() > deadline)
      throw new Error(`settings refused: ${settings.status()} ${await settings.text()}`);
    await page.waitForTimeout(500);
  }
  if (!role) return;
  const mapping = await page.request.put(`${tenantApi}/roles/${role.id}/mapping`, {
    data: { permissions: role.permissions },
    headers,
  });
  if (!mapping.ok())
    throw new Error(`mapping refused: ${mapping.status()} ${await mapping.text()}`);
}

/**
 * Leaves the create wizard's step titled `step` and waits until it is gone: while the stepper
 * animates, two steps (and their Next buttons) are on screen at once.
 */
export async function wizardNext(page: Page, step: string): Promise<void> {
  const button = page.getByRole('group', { name: step, exact: true }).getByTestId('next');
  await button.click();
  await button.waitFor({ state: 'hidden' });
}
