import { readFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startTestCore, type TestCore } from '@pteronimbus/sdk/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePlugins } from './fixtures.ts';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(webDir, 'dist', 'spa');
const repoRoot = join(webDir, '..');
const screenshotDir = join(repoRoot, 'docs', 'screenshots');
const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const themes = ['light', 'dark'] as const;
const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;

let core: TestCore;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  core = await startTestCore({ plugins: e2ePlugins, config: { webRoot: distDir }, listen: true });
  baseUrl = core.baseUrl ?? '';
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await core?.close();
});

/** A page with the theme remembered as the user would have chosen it, and CSP reports kept. */
async function openPage(
  theme: (typeof themes)[number],
  viewport: keyof typeof viewports,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: viewports[viewport],
    colorScheme: theme,
    reducedMotion: 'reduce',
    locale: 'en-US',
  });
  await context.addInitScript((mode) => {
    localStorage.setItem('pn.theme', mode);
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
    // This core has no sign-in routes: the panel learns that from a 404 of /auth/me.
    const probe = new URL(message.location().url || 'about:blank').pathname === '/auth/me';
    if (message.type() === 'error' && !probe) problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  return { context, page, problems };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** Waits until icons from the font (plugin-sent icon names) can render, for stable screenshots. */
async function fontsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.load('20px "Material Symbols Outlined"', 'backup');
    await document.fonts.ready;
  });
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
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

describe.each(themes)('the panel in the %s theme', (theme) => {
  it.each(Object.keys(viewports) as Array<keyof typeof viewports>)(
    'lists the loaded plugins on the system page at %s width, axe-clean and within the CSP',
    async (viewport) => {
      const { context, page, problems } = await openPage(theme, viewport);
      try {
        const response = await page.goto(`${baseUrl}/admin/system`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

        const item = viewport === 'desktop' ? 'plugin-row' : 'plugin-card';
        await page.locator(`[data-testid="${item}"]`).first().waitFor();
        const names = await page
          .locator(`[data-testid="${item}"] [data-testid="plugin-name"]`)
          .allTextContents();
        expect(names.map((name) => name.trim())).toEqual(e2ePlugins.map((plugin) => plugin.name));
        await expect
          .poll(() => page.locator('[data-testid="plugin-count"]').textContent())
          .toBe('4 plugins');
        expect(await page.evaluate(() => document.body.classList.contains('body--dark'))).toBe(
          theme === 'dark',
        );
        await fontsSettled(page);

        await page.screenshot({
          path: join(screenshotDir, `system-${theme}-${viewport}.png`),
          fullPage: true,
        });

        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(
          await page.evaluate(
            () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
          ),
        ).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('has an axe-clean home page and 404 page', async () => {
    const { context, page, problems } = await openPage(theme, 'desktop');
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('open-system').waitFor();
      await fontsSettled(page);
      await page.screenshot({ path: join(screenshotDir, `home-${theme}-desktop.png`) });
      expect(await seriousAxeViolations(page)).toEqual([]);

      const missing = await page.goto(`${baseUrl}/no/such/page`);
      expect(missing?.status()).toBe(200);
      await page.getByTestId('not-found').waitFor();
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('keyboard and navigation', () => {
  it('offers a skip link first and moves focus to the content', async () => {
    const { context, page } = await openPage('light', 'desktop');
    try {
      await page.goto(`${baseUrl}/admin/system`);
      await page.getByTestId('plugin-row').first().waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'skip-link',
      );
      // Hidden above the viewport until focused, then slides in.
      await expect
        .poll(async () => (await page.getByTestId('skip-link').boundingBox())?.y ?? -1)
        .toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('pn-main');
    } finally {
      await context.close();
    }
  });

  it('shows plugin routes from the registry in the drawer and opens them', async () => {
    const { context, page } = await openPage('dark', 'desktop');
    try {
      await page.goto(`${baseUrl}/`);
      const link = page.getByTestId('nav-plugin:backups:/backups');
      await link.waitFor();
      // The plugin names its icon; it must render from the bundled Material Symbols font.
      expect(await link.locator('.q-icon').getAttribute('class')).toContain(
        'material-symbols-outlined',
      );
      await link.click();
      await page.waitForURL(`${baseUrl}/backups`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Backups');
    } finally {
      await context.close();
    }
  });

  it('remembers the language across reloads', async () => {
    const { context, page } = await openPage('light', 'desktop');
    try {
      await page.goto(`${baseUrl}/admin/system`);
      await page.getByTestId('language-switch').click();
      await page.getByTestId('language-fr').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Système');
      await page.reload();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Système');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    } finally {
      await context.close();
    }
  });
});

describe('bundle budget', () => {
  it('loads under 250 KB of gzipped JavaScript for the shell and the system page', async () => {
    const { context, page } = await openPage('light', 'desktop');
    const scripts = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    try {
      await page.goto(`${baseUrl}/admin/system`);
      await page.getByTestId('plugin-row').first().waitFor();
      const gzipped = [...scripts].reduce((total, path) => {
        const file = join(distDir, path);
        statSync(file);
        return total + gzipSync(readFileSync(file), { level: 9 }).length;
      }, 0);
      console.info(
        `shell JavaScript: ${scripts.size} files, ${(gzipped / 1024).toFixed(1)} KB gzipped`,
      );
      expect(scripts.size).toBeGreaterThan(0);
      expect(gzipped).toBeLessThan(250 * 1024);
    } finally {
      await context.close();
    }
  });
});
